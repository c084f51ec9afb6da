import * as vscode from 'vscode';
import { GhostAuthorError } from '../core/ghost/errors';
import { describeUrl, isWebUrl } from '../core/safeUrl';
import type { Services } from '../services';
import { GroupNode, ItemNode, LoadMoreNode } from '../views/nodes';

export function refresh(s: Services): void {
  s.tree.refresh();
}

export async function loadMore(s: Services, node?: unknown): Promise<void> {
  if (node instanceof LoadMoreNode || node instanceof GroupNode) {
    await s.tree.loadMore(node);
  }
}

export function showLog(s: Services): void {
  s.log.show();
}

/**
 * Hands an address to the system's browser, when it is http(s): a URL the site answered with
 * (command:, vscode:, file:…) is refused with a message, never opened.
 */
export async function openWebUrl(url: string, what: string): Promise<void> {
  if (!isWebUrl(url)) {
    throw new GhostAuthorError(`The site gave ${describeUrl(url)} as ${what}; only http and https addresses are opened.`, 'Check the post\'s address and the site\'s URL setting in Ghost Admin.');
  }
  await vscode.env.openExternal(vscode.Uri.parse(url, true));
}

export async function openInBrowser(_s: Services, node?: unknown): Promise<void> {
  if (node instanceof ItemNode && node.item.url) {
    await openWebUrl(node.item.url, 'the post\'s address');
  }
}

export async function openInGhost(_s: Services, node?: unknown): Promise<void> {
  if (node instanceof ItemNode) {
    const kind = node.parent.type === 'posts' ? 'post' : 'page';
    await openWebUrl(`${node.parent.site.adminUrl}ghost/#/editor/${kind}/${encodeURIComponent(node.item.id)}`, 'the editor\'s address');
  }
}
