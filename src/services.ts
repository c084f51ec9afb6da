import type { ContentTreeProvider } from './views/contentTree';
import type { ClientPool } from './vscode/clients';
import type { Log } from './vscode/log';
import type { SiteStore } from './vscode/sites';

/** What commands and views are built from; made once in activate(). */
export interface Services {
  readonly log: Log;
  readonly sites: SiteStore;
  readonly clients: ClientPool;
  readonly tree: ContentTreeProvider;
}
