import * as vscode from 'vscode';
import { GHOST_SCHEME } from '../constants';

/** Read-only documents holding Ghost's version of a post, for the conflict diff. */
export class GhostDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  /** Shows `text` under a stable URI per post, so a second conflict refreshes the same tab. */
  put(siteHost: string, id: string, title: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: GHOST_SCHEME, authority: siteHost, path: `/${id}/${title.replace(/[\\/:*?"<>|]+/g, '-').slice(0, 60) || 'post'}.md` });
    this.contents.set(uri.toString(), text);
    this.changed.fire(uri);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  dispose(): void {
    this.changed.dispose();
    this.contents.clear();
  }
}
