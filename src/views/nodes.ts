import * as vscode from 'vscode';
import type { ContentType, Pagination, PostLike } from '../core/ghost/types';
import { describeIdentity } from '../core/ghost/identity';
import { escapeMarkdown } from '../core/markdownEscape';
import type { SiteProfile } from '../vscode/sites';
import { Commands } from '../constants';

export type StatusGroup = 'draft' | 'scheduled' | 'published';

export const GROUPS: ReadonlyArray<{ status: StatusGroup; label: string; filter: string; order: string; icon: string }> = [
  { status: 'draft', label: 'Drafts', filter: 'status:draft', order: 'updated_at desc', icon: 'edit' },
  { status: 'scheduled', label: 'Scheduled', filter: 'status:scheduled', order: 'published_at asc', icon: 'clock' },
  { status: 'published', label: 'Published', filter: 'status:[published,sent]', order: 'published_at desc', icon: 'globe' },
];

export { LIST_FIELDS } from './fields';

export class SiteNode {
  readonly kind = 'site';
  constructor(readonly site: SiteProfile, readonly isActive: boolean) {}
}

export class TypeNode {
  readonly kind = 'type';
  /** Loaded groups, kept so that "Load more" extends a group without reloading its siblings. */
  groups: GroupNode[] | undefined;
  constructor(readonly site: SiteProfile, readonly type: ContentType) {}
}

export class GroupNode {
  readonly kind = 'group';
  items: PostLike[] = [];
  pagination: Pagination | undefined;
  loading = false;
  error: unknown;
  constructor(readonly parent: TypeNode, readonly group: (typeof GROUPS)[number]) {}
  get site(): SiteProfile { return this.parent.site; }
  get type(): ContentType { return this.parent.type; }
}

export class ItemNode {
  readonly kind = 'item';
  constructor(readonly parent: GroupNode, readonly item: PostLike) {}
}

export class LoadMoreNode {
  readonly kind = 'loadMore';
  constructor(readonly parent: GroupNode) {}
}

export class MessageNode {
  readonly kind = 'message';
  constructor(readonly message: string, readonly detail?: string, readonly retry?: vscode.Command, readonly icon = 'warning') {}
}

export type Node = SiteNode | TypeNode | GroupNode | ItemNode | LoadMoreNode | MessageNode;

function formatDate(iso: string | null | undefined): string {
  if (!iso) { return ''; }
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

export function toTreeItem(node: Node): vscode.TreeItem {
  switch (node.kind) {
    case 'site': {
      const item = new vscode.TreeItem(node.site.title, node.isActive ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `site:${node.site.id}`;
      item.description = `${node.isActive ? '● ' : ''}${describeIdentity(node.site.identity)}`;
      const m = escapeMarkdown;
      item.tooltip = new vscode.MarkdownString(`**${m(node.site.title)}**\n\n${m(node.site.adminUrl)}\n\n${node.site.version ? `Ghost ${m(node.site.version)} · ` : ''}${m(node.site.auth === 'session' ? `signed in as ${node.site.email ?? 'a user'}` : describeIdentity(node.site.identity))}`);
      item.iconPath = new vscode.ThemeIcon('globe');
      item.contextValue = node.isActive ? 'site.active' : 'site';
      return item;
    }
    case 'type': {
      const item = new vscode.TreeItem(node.type === 'posts' ? 'Posts' : 'Pages', vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `type:${node.site.id}:${node.type}`;
      item.iconPath = new vscode.ThemeIcon(node.type === 'posts' ? 'notebook' : 'file');
      item.contextValue = 'type';
      return item;
    }
    case 'group': {
      const total = node.pagination?.total;
      const item = new vscode.TreeItem(node.group.label, total === 0 ? vscode.TreeItemCollapsibleState.None : vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `group:${node.site.id}:${node.type}:${node.group.status}`;
      item.description = total === undefined ? '' : String(total);
      item.iconPath = new vscode.ThemeIcon(node.group.icon);
      item.contextValue = 'group';
      return item;
    }
    case 'item': {
      const p = node.item;
      const item = new vscode.TreeItem(p.title || '(untitled)', vscode.TreeItemCollapsibleState.None);
      item.id = `item:${node.parent.site.id}:${p.id}`;
      const when = p.status === 'draft' ? p.updated_at : p.published_at ?? p.updated_at;
      item.description = formatDate(when);
      // What the site answered is shown as words, never read as Markdown (links, images, HTML).
      const m = escapeMarkdown;
      item.tooltip = new vscode.MarkdownString(`**${m(p.title || '(untitled)')}**\n\n${m(`${p.status} · updated ${formatDate(p.updated_at)}${p.published_at ? ` · ${p.status === 'scheduled' ? 'goes out' : 'published'} ${formatDate(p.published_at)}` : ''}`)}\n\n${m(`/${p.slug}/`)}`);
      item.iconPath = new vscode.ThemeIcon(p.status === 'draft' ? 'edit' : p.status === 'scheduled' ? 'clock' : 'pass');
      item.contextValue = `${node.parent.type === 'posts' ? 'post' : 'page'}.${p.status}`;
      return item;
    }
    case 'loadMore': {
      const pg = node.parent.pagination;
      const item = new vscode.TreeItem(node.parent.loading ? 'Loading…' : 'Load more…', vscode.TreeItemCollapsibleState.None);
      item.id = `more:${node.parent.site.id}:${node.parent.type}:${node.parent.group.status}`;
      item.description = pg ? `${node.parent.items.length} of ${pg.total}` : '';
      item.iconPath = new vscode.ThemeIcon(node.parent.loading ? 'loading~spin' : 'ellipsis');
      item.command = { command: Commands.loadMore, title: 'Load more', arguments: [node] };
      item.contextValue = 'loadMore';
      return item;
    }
    case 'message': {
      const item = new vscode.TreeItem(node.message, vscode.TreeItemCollapsibleState.None);
      item.tooltip = node.detail ?? node.message;
      item.description = node.retry ? node.retry.title : undefined;
      item.iconPath = new vscode.ThemeIcon(node.icon);
      if (node.retry) { item.command = node.retry; }
      item.contextValue = 'message';
      return item;
    }
  }
}
