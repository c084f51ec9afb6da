import { Commands } from '../constants';
import { connectSite } from './connectSite';
import type { Handler } from './register';
import { removeSite, switchSite } from './sites';
import { loadMore, openInBrowser, openInGhost, refresh, showLog } from './view';

/** Every contributed command and its handler; scripts/check-commands keeps package.json in step. */
export const commandHandlers: Record<string, Handler> = {
  [Commands.connectSite]: (s, args) => connectSite(s, args as Parameters<typeof connectSite>[1]),
  [Commands.removeSite]: (s, arg, opts) => removeSite(s, arg, opts as { confirm?: boolean }),
  [Commands.switchSite]: (s, arg) => switchSite(s, arg),
  [Commands.refresh]: (s) => refresh(s),
  [Commands.loadMore]: (s, node) => loadMore(s, node),
  [Commands.openInBrowser]: (s, node) => openInBrowser(s, node),
  [Commands.openInGhost]: (s, node) => openInGhost(s, node),
  [Commands.showLog]: (s) => showLog(s),
};
