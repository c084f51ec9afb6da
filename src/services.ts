import type { Redactor } from './core/redact';
import type { ContentTreeProvider } from './views/contentTree';
import type { ClientPool } from './vscode/clients';
import type { FileStates } from './vscode/fileStates';
import type { GhostDocuments } from './vscode/ghostDocuments';
import type { Log } from './vscode/log';
import type { SiteStore } from './vscode/sites';
import type { StatusBar } from './vscode/statusBar';
import type { WorkspaceStates } from './vscode/workspaceStates';

/** What commands and views are built from; made once in activate(). */
export interface Services {
  readonly log: Log;
  readonly sites: SiteStore;
  readonly clients: ClientPool;
  readonly tree: ContentTreeProvider;
  readonly states: WorkspaceStates;
  readonly status: StatusBar;
  readonly ghostDocs: GhostDocuments;
  /** Files whose link is being written back: their next save is ours, not the writer's. */
  readonly writingBack: Set<string>;
  /** Every secret known to the extension, hidden from every log line. */
  readonly redactor: Redactor;
  /** Each Markdown file's state in the Explorer. */
  fileStates?: FileStates;
}
