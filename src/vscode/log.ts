import * as vscode from 'vscode';
import type { Logger } from '../core/log';
import { redactor } from '../core/redact';

/** The one output channel; everything written passes through the redactor first. */
export class Log implements Logger, vscode.Disposable {
  private readonly channel: vscode.LogOutputChannel;

  constructor(name = 'Ghost Author') {
    this.channel = vscode.window.createOutputChannel(name, { log: true });
  }

  trace(m: string): void { this.channel.trace(redactor.redact(m)); }
  debug(m: string): void { this.channel.debug(redactor.redact(m)); }
  info(m: string): void { this.channel.info(redactor.redact(m)); }
  warn(m: string): void { this.channel.warn(redactor.redact(m)); }
  error(m: string): void { this.channel.error(redactor.redact(m)); }

  show(): void { this.channel.show(true); }
  dispose(): void { this.channel.dispose(); }
}
