import * as vscode from 'vscode';
import { GhostAuthorError } from '../core/ghost/errors';
import type { Services } from '../services';
import { ItemNode } from '../views/nodes';
import { Cancelled } from './register';
import { describeWhen, readWhen } from '../core/dates';
import { askWhen } from './publish';
import { changeStatus } from '../core/publish/engine';

function itemOf(node: unknown): ItemNode {
  if (!(node instanceof ItemNode)) {
    throw new GhostAuthorError('Choose a post or page in the Ghost view first.');
  }
  return node;
}

const kindOf = (n: ItemNode) => (n.parent.type === 'posts' ? 'post' : 'page');

export async function copyUrl(_s: Services, node?: unknown): Promise<string> {
  const n = itemOf(node);
  const url = n.item.status === 'published' || n.item.status === 'sent'
    ? String(n.item.url)
    : `${n.parent.site.adminUrl}ghost/#/editor/${kindOf(n)}/${n.item.id}`;
  await vscode.env.clipboard.writeText(url);
  void vscode.window.setStatusBarMessage(`Copied ${url}`, 3000);
  return url;
}

/** Deletes a post or page in Ghost, after a confirmation naming it. */
export async function deleteItem(s: Services, node?: unknown, opts?: { confirm?: boolean }): Promise<void> {
  const n = itemOf(node);
  if (opts?.confirm !== false) {
    const ok = await vscode.window.showWarningMessage(`Delete the ${kindOf(n)} “${n.item.title}” from ${n.parent.site.title}?`, {
      modal: true, detail: 'It is removed from Ghost for good. Markdown files linked to it stay as they are.',
    }, 'Delete');
    if (!ok) { throw new Cancelled(); }
  }
  const client = await s.clients.client(n.parent.site);
  await client.resource(n.parent.type).delete(n.item.id);
  s.log.info(`Deleted ${kindOf(n)} ${n.item.id} “${n.item.title}” on ${n.parent.site.title}.`);
  s.tree.refresh();
}

/** Changes the status of a post straight from the tree (no file needed), after confirming. */
export async function setStatus(s: Services, node: unknown, status: 'published' | 'draft' | 'scheduled', opts?: { confirm?: boolean; publishedAt?: string }): Promise<void> {
  const n = itemOf(node);
  const client = await s.clients.client(n.parent.site);
  let at = opts?.publishedAt;
  let when: string | undefined;
  if (status === 'scheduled') {
    // One reading of dates: a date without a zone is on the site's clock.
    const zone = await client.timezone();
    at ??= await askWhen(`Schedule “${n.item.title}”`, zone, undefined);
    const read = await readWhen(at, async () => zone);
    if ('error' in read) { throw new GhostAuthorError(read.error); }
    if (Date.parse(read.iso) <= Date.now()) { throw new GhostAuthorError(`The date ${at} is not in the future.`, 'Choose a later date.'); }
    when = describeWhen(read.iso, zone);
  }
  if (opts?.confirm !== false) {
    const what = status === 'published' ? 'Publish' : status === 'scheduled' ? 'Schedule' : 'Unpublish';
    const detail = status === 'published' ? 'It becomes public now. No email is sent.'
      : status === 'scheduled' ? `It becomes public on ${when ?? ''}. No email is sent.` : 'It goes back to being a draft.';
    const ok = await vscode.window.showWarningMessage(`${what} “${n.item.title}” on ${n.parent.site.title}?`, { modal: true, detail }, what);
    if (!ok) { throw new Cancelled(); }
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const state = folder ? s.states.for(vscode.Uri.joinPath(folder, 'x.md')) : undefined;
  await changeStatus({ client, state }, kindOf(n), n.item.id, status, at);
  s.tree.refresh();
}

export async function filter(s: Services, text?: unknown): Promise<void> {
  const value = typeof text === 'string' ? text : await vscode.window.showInputBox({
    title: 'Filter posts and pages', prompt: 'Words in the title, or a tag as #tag-slug. Empty shows everything.', value: s.tree.filterLabel ?? '', ignoreFocusOut: true,
  });
  if (value === undefined) { throw new Cancelled(); }
  s.tree.setFilter(value);
}
