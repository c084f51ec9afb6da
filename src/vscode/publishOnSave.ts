import * as vscode from 'vscode';
import { readLink } from '../core/content/link';
import { errorMessage } from '../core/ghost/errors';
import type { Services } from '../services';
import { publishOnSave, publishOnSaveDelayMs } from './settings';

interface FileQueue { timer?: NodeJS.Timeout; running?: Promise<void>; again: boolean; paused: boolean }

/**
 * Pushes Markdown files when they are saved. Never changes a status or sends email; waits for
 * saves to settle; keeps one push per file in flight and runs one more afterwards if the file
 * was saved meanwhile, so the last save always wins.
 */
export class PublishOnSave implements vscode.Disposable {
  private readonly queues = new Map<string, FileQueue>();
  private readonly sub: vscode.Disposable;
  /** Pushes started, and the most ever running at once: for tests and the log. */
  pushes = 0;
  maxActive = 0;
  private active = 0;

  constructor(private readonly s: Services) {
    this.sub = vscode.workspace.onDidSaveTextDocument((doc) => this.saved(doc));
  }

  private wanted(doc: vscode.TextDocument): boolean {
    const mode = publishOnSave();
    if (mode === 'off' || doc.languageId !== 'markdown' || doc.uri.scheme !== 'file') { return false; }
    const text = doc.getText();
    if (mode === 'linked') { return readLink(text) !== undefined; }
    return /^\uFEFF?---\r?\n/.test(text);
  }

  private saved(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    if (this.s.writingBack.has(key) || !this.wanted(doc)) { return; }
    const q = this.queues.get(key) ?? { again: false, paused: false };
    this.queues.set(key, q);
    if (q.paused && this.s.status.get(doc.uri)?.state === 'conflict') { return; }
    q.paused = false;
    clearTimeout(q.timer);
    q.timer = setTimeout(() => this.kick(doc, q), publishOnSaveDelayMs());
  }

  private kick(doc: vscode.TextDocument, q: FileQueue): void {
    q.timer = undefined;
    if (q.running) {
      q.again = true;
      return;
    }
    q.running = this.push(doc, q).finally(() => {
      q.running = undefined;
      if (q.again && !q.paused) {
        q.again = false;
        this.kick(doc, q);
      }
    });
  }

  private async push(doc: vscode.TextDocument, q: FileQueue): Promise<void> {
    this.pushes++;
    this.maxActive = Math.max(this.maxActive, ++this.active);
    try {
      // The engine loads on the first push, not at activation.
      const { runPublish } = await import('./publishRunner.js');
      const out = await runPublish(this.s, doc, { background: true });
      if (out.kind === 'conflict') { q.paused = true; }
    } catch (e) {
      this.s.log.error(`Publish on save of ${doc.uri.fsPath} failed: ${errorMessage(e)}`);
    } finally {
      this.active--;
    }
  }

  /** Resolves when no push is waiting or running (for tests and deactivation). */
  async idle(): Promise<void> {
    for (;;) {
      const busy = [...this.queues.values()].filter((q) => q.timer !== undefined || q.running !== undefined);
      if (!busy.length) { return; }
      await Promise.all(busy.map((q) => q.running ?? new Promise((r) => setTimeout(r, 50))));
    }
  }

  dispose(): void {
    this.sub.dispose();
    for (const q of this.queues.values()) { clearTimeout(q.timer); }
  }
}
