import * as vscode from 'vscode';
import { errorMessage } from '../core/ghost/errors';
import { escapeMarkdown } from '../core/markdownEscape';
import type { Logger } from '../core/log';
import { Commands, Views } from '../constants';
import type { ClientPool } from '../vscode/clients';
import { pageSize } from '../vscode/settings';
import type { SiteProfile, SiteStore } from '../vscode/sites';
import {
  GROUPS, GroupNode, ItemNode, LIST_FIELDS, LoadMoreNode, MessageNode, SiteNode, TypeNode, toTreeItem, type Node,
} from './nodes';

/**
 * Sites → Posts/Pages → status groups → items. Nothing is fetched until a node is expanded, and
 * "Load more" fetches the next page of that one group and refreshes only it.
 */
export class ContentTreeProvider implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly typeNodes = new Map<string, TypeNode>();
  /** The user's filter as Ghost's NQL, applied on the server (never a full download). */
  private filterNql: string | undefined;
  filterLabel: string | undefined;
  private readonly subs: vscode.Disposable[] = [];

  constructor(private readonly sites: SiteStore, private readonly clients: ClientPool, private readonly log: Logger) {
    this.subs.push(sites.onDidChange((e) => {
      // A site's title or role changed: redraw the labels, keep what was loaded.
      if (e.profileOf) { this.changed.fire(undefined); } else { this.refresh(); }
    }));
  }

  refresh(): void {
    this.typeNodes.clear();
    this.changed.fire(undefined);
  }

  getTreeItem(node: Node): vscode.TreeItem {
    return toTreeItem(node);
  }

  /** Filters every list by text in the title, or by tag (`#news` or `tag:news`); empty clears. */
  setFilter(input: string | undefined): void {
    const text = input?.trim() ?? '';
    const tag = /^(?:#|tag:)([\w-]+)$/i.exec(text)?.[1];
    const quoted = text.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
    this.filterNql = !text ? undefined : tag ? `tag:${tag.toLowerCase()}` : `title:~'${quoted}'`;
    this.filterLabel = text || undefined;
    this.refresh();
  }

  private withFilter(status: string): string {
    return this.filterNql ? `${status}+${this.filterNql}` : status;
  }

  /** Details for the hover, fetched only when the user points at an item. */
  async resolveTreeItem(item: vscode.TreeItem, node: Node): Promise<vscode.TreeItem> {
    if (node.kind !== 'item') { return item; }
    try {
      const client = await this.clients.client(node.parent.site);
      const p = await client.resource(node.parent.type).read(node.item.id, { fields: ['id', 'custom_excerpt', 'excerpt'], include: ['tags', 'authors'] });
      const md = item.tooltip instanceof vscode.MarkdownString ? item.tooltip : new vscode.MarkdownString();
      // Names and the excerpt come from the site: shown as words, never read as Markdown.
      const authors = p.authors?.map((a) => escapeMarkdown(a.name)).join(', ');
      const tags = p.tags?.map((t) => `#${escapeMarkdown(t.name)}`).join(' ');
      const excerpt = p.custom_excerpt ?? p.excerpt;
      md.appendMarkdown(`${authors ? `\n\nBy ${authors}` : ''}${tags ? `\n\n${tags}` : ''}${excerpt ? `\n\n> ${escapeMarkdown(String(excerpt).slice(0, 200))}` : ''}`);
      item.tooltip = md;
    } catch (e) {
      this.log.debug(`No details for ${node.item.id}: ${errorMessage(e)}`);
    }
    return item;
  }

  getParent(node: Node): Node | undefined {
    switch (node.kind) {
      case 'item': return node.parent;
      case 'loadMore': return node.parent;
      case 'group': return node.parent;
      case 'type': return new SiteNode(node.site, node.site.id === this.sites.active?.id);
      default: return undefined;
    }
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (!node) {
      const active = this.sites.active;
      return this.sites.sites.map((s) => new SiteNode(s, s.id === active?.id));
    }
    switch (node.kind) {
      case 'site':
        if (!node.site.version) { void this.describe(node.site); }
        return [this.typeNodeOf(node, 'posts'), this.typeNodeOf(node, 'pages')];
      case 'type':
        return this.loadGroups(node);
      case 'group':
        if (node.error) {
          return [this.errorNode(node.error, node)];
        }
        return [
          ...node.items.map((i) => new ItemNode(node, i)),
          ...(node.pagination?.next ? [new LoadMoreNode(node)] : []),
        ];
      default:
        return [];
    }
  }

  /** Type nodes are kept per site so loaded groups survive redraws of their parents. */
  private typeNodeOf(site: SiteNode, type: 'posts' | 'pages'): TypeNode {
    const key = `${site.site.id}:${type}`;
    let node = this.typeNodes.get(key);
    if (!node || node.site !== site.site) {
      node = new TypeNode(site.site, type);
      this.typeNodes.set(key, node);
    }
    return node;
  }

  /** The first page of every status group, in parallel: their counts label the groups. */
  private async loadGroups(node: TypeNode): Promise<Node[]> {
    if (node.groups) { return node.groups; }
    try {
      const client = await this.clients.client(node.site);
      const resource = client.resource(node.type);
      const limit = pageSize();
      node.groups = await Promise.all(GROUPS.map(async (g) => {
        const group = new GroupNode(node, g);
        try {
          const res = await resource.browse({ limit, filter: this.withFilter(g.filter), order: g.order, fields: LIST_FIELDS });
          group.items = res.items;
          group.pagination = res.pagination;
        } catch (e) {
          group.error = e;
        }
        return group;
      }));
      const failed = node.groups.find((g) => g.error);
      if (failed && node.groups.every((g) => g.error)) {
        const err = failed.error;
        node.groups = undefined;
        return [this.errorNode(err, node)];
      }
      return node.groups;
    } catch (e) {
      return [this.errorNode(e, node)];
    }
  }

  /** A site imported from the environment is known only by its URL until it is first opened. */
  private async describe(site: SiteProfile): Promise<void> {
    try {
      const client = await this.clients.client(site);
      const [info, identity] = await Promise.all([client.siteInfo(), client.identity()]);
      await this.sites.update(site.id, { title: info.title || site.title, version: info.version, identity });
    } catch (e) {
      this.log.warn(`Could not describe ${site.adminUrl}: ${errorMessage(e)}`);
    }
  }

  /** Appends the next page of one group; only that group is redrawn. */
  async loadMore(node: LoadMoreNode | GroupNode): Promise<void> {
    const group = node instanceof LoadMoreNode ? node.parent : node;
    const next = group.pagination?.next;
    if (!next || group.loading) { return; }
    group.loading = true;
    this.changed.fire(group);
    try {
      await vscode.window.withProgress({ location: { viewId: Views.content } }, async () => {
        const client = await this.clients.client(group.site);
        const res = await client.resource(group.type).browse({
          limit: group.pagination?.limit === 'all' ? pageSize() : group.pagination?.limit ?? pageSize(),
          page: next, filter: this.withFilter(group.group.filter), order: group.group.order, fields: LIST_FIELDS,
        });
        const seen = new Set(group.items.map((i) => i.id));
        group.items.push(...res.items.filter((i) => !seen.has(i.id)));
        group.pagination = res.pagination;
        group.error = undefined;
      });
    } catch (e) {
      this.log.error(`Loading more ${group.type} failed: ${errorMessage(e)}`);
      group.error = e;
    } finally {
      group.loading = false;
      this.changed.fire(group);
    }
  }

  private errorNode(e: unknown, node: TypeNode | GroupNode): MessageNode {
    const text = errorMessage(e);
    this.log.error(`Loading ${node.type} of ${node.site.title} failed: ${text}`);
    const status = (e as { status?: number }).status;
    if (node.site.auth === 'session' && (status === 401 || status === 403)) {
      return new MessageNode('Your session ended: sign in again', text, {
        command: Commands.signIn, title: 'Sign in', arguments: [{ url: node.site.adminUrl, email: node.site.email }],
      }, 'account');
    }
    return new MessageNode(`Could not load: ${text.split('. ')[0] ?? text}`, text, {
      command: Commands.refresh, title: 'Retry', arguments: [],
    }, 'error');
  }

  dispose(): void {
    this.changed.dispose();
    for (const s of this.subs) { s.dispose(); }
  }
}
