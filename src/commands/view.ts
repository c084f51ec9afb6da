import * as vscode from 'vscode';
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

export async function openInBrowser(_s: Services, node?: unknown): Promise<void> {
  if (node instanceof ItemNode && node.item.url) {
    await vscode.env.openExternal(vscode.Uri.parse(node.item.url));
  }
}

export async function openInGhost(_s: Services, node?: unknown): Promise<void> {
  if (node instanceof ItemNode) {
    const kind = node.parent.type === 'posts' ? 'post' : 'page';
    await vscode.env.openExternal(vscode.Uri.parse(`${node.parent.site.adminUrl}ghost/#/editor/${kind}/${node.item.id}`));
  }
}
