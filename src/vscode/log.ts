import * as vscode from 'vscode';
import type { Logger } from '../core/log';
import type { Redactor } from '../core/redact';

/** The one output channel; everything written passes through the redactor first. */
export class Log implements Logger, vscode.Disposable {
  private readonly channel: vscode.LogOutputChannel;

  constructor(private readonly redactor: Redactor, name = 'Ghost Author') {
    this.channel = vscode.window.createOutputChannel(name, { log: true });
  }

  trace(m: string): void { this.channel.trace(this.redactor.redact(m)); }
  debug(m: string): void { this.channel.debug(this.redactor.redact(m)); }
  info(m: string): void { this.channel.info(this.redactor.redact(m)); }
  warn(m: string): void { this.channel.warn(this.redactor.redact(m)); }
  error(m: string): void { this.channel.error(this.redactor.redact(m)); }

  show(): void { this.channel.show(true); }
  dispose(): void { this.channel.dispose(); }
}
