import { Commands } from '../constants';
import { connectSite } from './connectSite';
import { pullAllCommand, refreshFileStates, syncWorkspace } from './folder';
import { fileActions } from './fileActions';
import { openGhostPreview, preview, previewEmailCommand, sendTestEmailCommand } from './preview';
import { rotateKey, signIn, signOut } from './session';
import { copyUrl, deleteItem, filter, setStatus } from './treeItems';
import { newPost, publish, pullPost, push, schedule, unpublish } from './publish';
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
  [Commands.publish]: (s, arg) => publish(s, arg),
  [Commands.pushDraft]: (s, arg) => push(s, arg),
  [Commands.schedule]: (s, arg) => schedule(s, arg),
  [Commands.unpublish]: (s, arg) => unpublish(s, arg),
  [Commands.pullPost]: (s, arg) => pullPost(s, arg),
  [Commands.newPost]: (s, arg) => newPost(s, arg, 'post'),
  [Commands.newPage]: (s, arg) => newPost(s, arg, 'page'),
  [Commands.fileActions]: (s) => fileActions(s),
  [Commands.preview]: (s, arg) => preview(s, arg),
  [Commands.openGhostPreview]: (s, arg) => openGhostPreview(s, arg),
  [Commands.previewEmail]: (s) => previewEmailCommand(s),
  [Commands.sendTestEmail]: (s, arg) => sendTestEmailCommand(s, arg),
  [Commands.signIn]: (s, args) => signIn(s, args as Parameters<typeof signIn>[1]),
  [Commands.signOut]: (s, arg, opts) => signOut(s, arg, opts as { confirm?: boolean }),
  [Commands.rotateKey]: (s, arg, args) => rotateKey(s, arg, args as { key?: string }),
  [Commands.copyUrl]: (s, node) => copyUrl(s, node),
  [Commands.deleteItem]: (s, node, opts) => deleteItem(s, node, opts as { confirm?: boolean }),
  [Commands.publishItem]: (s, node, opts) => setStatus(s, node, 'published', opts as { confirm?: boolean }),
  [Commands.unpublishItem]: (s, node, opts) => setStatus(s, node, 'draft', opts as { confirm?: boolean }),
  [Commands.filter]: (s, text) => filter(s, text),
  [Commands.syncWorkspace]: (s, arg, opts) => syncWorkspace(s, arg, opts as { confirm?: boolean }),
  [Commands.pullAll]: (s, arg) => pullAllCommand(s, arg),
  [Commands.refreshFileStates]: (s, arg) => refreshFileStates(s, arg),
  [Commands.scheduleItem]: (s, node, opts) => setStatus(s, node, 'scheduled', opts as { confirm?: boolean; publishedAt?: string }),
};
