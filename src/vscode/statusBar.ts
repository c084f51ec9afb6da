import * as vscode from 'vscode';
import { readLink } from '../core/content/link';
import type { PostLike } from '../core/ghost/types';
import { Commands } from '../constants';

export type SyncState =
  | { state: 'syncing'; message?: string }
  | { state: 'synced'; post?: PostLike; at?: Date }
  | { state: 'conflict' }
  | { state: 'error'; detail: string };

/** One status bar item for the active Markdown file: its post and where its last push stands. */
export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('ghostAuthor.status', vscode.StatusBarAlignment.Left, 50);
  private readonly states = new Map<string, SyncState & { post?: PostLike; at?: Date }>();
  private readonly subs: vscode.Disposable[];

  constructor() {
    this.item.name = 'Ghost Author';
    this.item.command = Commands.fileActions;
    this.subs = [vscode.window.onDidChangeActiveTextEditor(() => this.render())];
    this.render();
  }

  /** The state of a file, for tests and for the actions menu. */
  get(uri: vscode.Uri): SyncState | undefined {
    return this.states.get(uri.toString());
  }

  set(uri: vscode.Uri, state: SyncState): void {
    const prev = this.states.get(uri.toString());
    const post = state.state === 'synced' ? state.post ?? prev?.post : prev?.post;
    this.states.set(uri.toString(), { ...state, post, at: state.state === 'synced' ? new Date() : prev?.at });
    this.render();
  }

  progress(uri: vscode.Uri, message: string): void {
    this.set(uri, { state: 'syncing', message });
  }

  private render(): void {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.languageId !== 'markdown') {
      this.item.hide();
      return;
    }
    const st = this.states.get(editor.document.uri.toString());
    const linked = readLink(editor.document.getText()) !== undefined;
    if (!st) {
      this.item.text = linked ? '$(book) Ghost: linked' : '$(book) Ghost';
      this.item.tooltip = linked ? 'Linked to a Ghost post. Click for actions.' : 'Not published yet. Click to push it to Ghost.';
      this.item.backgroundColor = undefined;
    } else {
      switch (st.state) {
        case 'syncing':
          this.item.text = `$(sync~spin) Ghost: ${st.message ?? 'syncing…'}`;
          this.item.tooltip = 'Pushing to Ghost…';
          this.item.backgroundColor = undefined;
          break;
        case 'synced':
          this.item.text = `$(check) Ghost: ${st.post?.status ?? 'synced'}${st.at ? ` · ${st.at.toLocaleTimeString()}` : ''}`;
          this.item.tooltip = `${st.post?.title ?? 'In step with Ghost'}${st.at ? `\nLast synced ${st.at.toLocaleString()}` : ''}`;
          this.item.backgroundColor = undefined;
          break;
        case 'conflict':
          this.item.text = '$(warning) Ghost: conflict';
          this.item.tooltip = 'Ghost has edits this file does not. Nothing was overwritten. Click to choose.';
          this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
          break;
        case 'error':
          this.item.text = '$(error) Ghost: error';
          this.item.tooltip = st.detail;
          this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
          break;
      }
    }
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
    for (const s of this.subs) { s.dispose(); }
  }
}
