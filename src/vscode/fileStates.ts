import * as vscode from 'vscode';
import type { EntryState, FolderStatus } from '../core/publish/folder';
import type { PublishContext } from '../core/publish/engine';
import type { Services } from '../services';

/** Badge, colour and words of each state in the Explorer. */
const LOOK: Partial<Record<EntryState, { badge: string; color?: string; tooltip: string }>> = {
  'new': { badge: 'N', color: 'gitDecoration.untrackedResourceForeground', tooltip: 'Ghost: not published yet' },
  'changed-here': { badge: 'M', color: 'gitDecoration.modifiedResourceForeground', tooltip: 'Ghost: changed here since the last push' },
  'changed-in-ghost': { badge: 'G', color: 'gitDecoration.stageModifiedResourceForeground', tooltip: 'Ghost: edited in Ghost since the last push' },
  'conflict': { badge: '!', color: 'gitDecoration.conflictingResourceForeground', tooltip: 'Ghost: changed here and in Ghost' },
  'deleted-in-ghost': { badge: 'D', color: 'gitDecoration.deletedResourceForeground', tooltip: 'Ghost: its post was deleted in Ghost' },
  'owned-elsewhere': { badge: 'C', color: 'gitDecoration.conflictingResourceForeground', tooltip: 'Ghost: a copy of another file (both link one post)' },
  'in-sync': { badge: '✓', tooltip: 'Ghost: in sync' },
  'invalid': { badge: '?', color: 'list.warningForeground', tooltip: 'Ghost: cannot be read' },
};

const isMarkdown = (uri: vscode.Uri) => uri.scheme === 'file' && /\.(md|markdown)$/i.test(uri.fsPath);

/**
 * Each Markdown file's state as a file decoration in the Explorer. Worked out from local data
 * alone (the file, this clone's records) when VS Code asks for it, without a request; replaced
 * by what Ghost says when the Ghost view opens, on "Refresh File States", and after a sync.
 */
export class FileStates implements vscode.FileDecorationProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.Uri | vscode.Uri[] | undefined>();
  readonly onDidChangeFileDecorations = this.emitter.event;
  /** What Ghost said, by file path, from the last status; files edited since are dropped from it. */
  private readonly known = new Map<string, { state: EntryState; why: string }>();
  private readonly subs: vscode.Disposable[];

  constructor(private readonly s: Services) {
    this.subs = [
      vscode.workspace.onDidSaveTextDocument((d) => this.forget(d.uri)),
      vscode.workspace.onDidCreateFiles((e) => this.forget(...e.files)),
      vscode.workspace.onDidDeleteFiles((e) => this.forget(...e.files)),
      vscode.workspace.onDidRenameFiles((e) => this.forget(...e.files.flatMap((f) => [f.oldUri, f.newUri]))),
    ];
  }

  /** A file changed here: what Ghost said of it no longer holds; it is worked out again locally. */
  forget(...uris: vscode.Uri[]): void {
    for (const u of uris) { this.known.delete(u.fsPath); }
    this.emitter.fire(uris);
  }

  /** What a status over a folder found (entries' files relative to `root`). */
  apply(root: vscode.Uri, status: FolderStatus): void {
    const changed: vscode.Uri[] = [];
    for (const e of status.entries) {
      if (!e.file) { continue; }
      const uri = vscode.Uri.joinPath(root, e.file);
      this.known.set(uri.fsPath, { state: e.state, why: e.why });
      changed.push(uri);
    }
    this.emitter.fire(changed);
  }

  state(uri: vscode.Uri): EntryState | undefined {
    return this.known.get(uri.fsPath)?.state;
  }

  async provideFileDecoration(uri: vscode.Uri): Promise<vscode.FileDecoration | undefined> {
    if (!isMarkdown(uri)) { return undefined; }
    const found = this.known.get(uri.fsPath) ?? await this.local(uri);
    const look = found && LOOK[found.state];
    if (!found || !look) { return undefined; }
    const d = new vscode.FileDecoration(look.badge, `${look.tooltip}${found.why && found.state !== 'in-sync' ? ` (${found.why})` : ''}`, look.color ? new vscode.ThemeColor(look.color) : undefined);
    return d;
  }

  /** The file's state from local data: no request (see localState). */
  private async local(uri: vscode.Uri): Promise<{ state: EntryState; why: string } | undefined> {
    const site = this.s.sites.active;
    if (!site) { return undefined; }
    try {
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      const text = open?.getText() ?? Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
      const [{ localState }, { gitPathHistory }, client] = await Promise.all([import('../core/publish/folder.js'), import('../core/publish/history.js'), this.s.clients.client(site)]);
      // The path's history (git, asked only when two files name one post): a copy written back
      // where its original moved away from is not taken for the owner, nor the original for its copy.
      const ctx: PublishContext = { client, state: this.s.states.for(uri), pathHistory: gitPathHistory() };
      return await localState(uri.fsPath, text, ctx);
    } catch {
      return undefined;
    }
  }

  dispose(): void {
    this.emitter.dispose();
    for (const d of this.subs) { d.dispose(); }
  }
}
