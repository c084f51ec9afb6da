/**
 * Sites, the tree's paging, and editor help, in a real VS Code host against real Ghost 6.
 * Runs after extension.test.ts and publish.test.ts (files run in name order).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GhostAuthorApi } from '../../../src/extension';
import { Commands, EXTENSION_ID } from '../../../src/constants';
import type { Node } from '../../../src/views/nodes';
import type { SiteProfile } from '../../../src/vscode/sites';

const env = (n: string) => process.env[n] ?? '';

describe('sites, paging and editor help', function () {
  this.timeout(120_000);
  let api: GhostAuthorApi;

  before(async () => {
    api = await vscode.extensions.getExtension<GhostAuthorApi>(EXTENSION_ID)!.activate();
  });

  it('pages through more than 100 drafts with Load more, one group at a time', async () => {
    await vscode.workspace.getConfiguration('ghostAuthor').update('pageSize', 40, vscode.ConfigurationTarget.Global);
    try {
      api.tree.refresh();
      const tree = api.tree;
      const site = (await tree.getChildren()).find((n) => n.kind === 'site' && n.site.adminUrl === `${env('GHOST_AUTHOR_TEST_URL')}/`);
      assert.ok(site);
      const posts = (await tree.getChildren(site))[0] as Node;
      const [drafts] = await tree.getChildren(posts);
      assert.ok(drafts?.kind === 'group');
      const total = drafts.pagination?.total ?? 0;
      assert.ok(total > 100, `only ${total} drafts`);
      let rounds = 0;
      for (;;) {
        const kids = await tree.getChildren(drafts);
        // The extension's classes come from its bundle: match nodes by kind, not by class.
        const more = kids.find((k) => k.kind === 'loadMore');
        if (!more) { break; }
        await vscode.commands.executeCommand(Commands.loadMore, more);
        rounds++;
      }
      const items = (await tree.getChildren(drafts)).filter((k) => k.kind === 'item');
      assert.equal(items.length, total);
      assert.equal(new Set(items.map((i) => (i.kind === 'item' ? i.item.id : ''))).size, total, 'duplicates after paging');
      assert.equal(rounds, Math.ceil(total / 40) - 1);
    } finally {
      await vscode.workspace.getConfiguration('ghostAuthor').update('pageSize', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('filters on the server by title and by tag, deletes after confirming, and publishes from the tree', async () => {
    const tree = api.tree;
    const groupOf = async (label: string) => {
      const site = (await tree.getChildren()).find((n) => n.kind === 'site' && n.site.adminUrl === `${env('GHOST_AUTHOR_TEST_URL')}/`);
      const posts = (await tree.getChildren(site))[0] as Node;
      return (await tree.getChildren(posts)).find((g) => g.kind === 'group' && g.group.label === label);
    };
    await vscode.commands.executeCommand(Commands.filter, 'Paging draft 10');
    try {
      const drafts = await groupOf('Drafts');
      assert.ok(drafts?.kind === 'group');
      assert.equal(drafts.pagination?.total, 11, 'Paging draft 10 and 100–109');
      const items = (await tree.getChildren(drafts)).filter((k) => k.kind === 'item');
      assert.ok(items.every((i) => i.kind === 'item' && i.item.title.includes('Paging draft 10')));
      const victim = items[0];
      assert.ok(victim?.kind === 'item');
      await vscode.commands.executeCommand(Commands.deleteItem, victim, { confirm: false });
      assert.equal((await groupOf('Drafts'))?.kind === 'group' && ((await groupOf('Drafts')) as { pagination?: { total: number } }).pagination?.total, 10);
      const next = (await tree.getChildren(await groupOf('Drafts'))).find((k) => k.kind === 'item');
      await vscode.commands.executeCommand(Commands.publishItem, next, { confirm: false });
      const published = await groupOf('Published');
      assert.ok((await tree.getChildren(published)).some((k) => k.kind === 'item' && next?.kind === 'item' && k.item.id === next.item.id));
    } finally {
      await vscode.commands.executeCommand(Commands.filter, '');
    }
    assert.ok(((await groupOf('Drafts')) as { pagination?: { total: number } }).pagination!.total > 100);
  });

  it('signs in as a user with email and password, keeping only the session cookie', async () => {
    const profile = await vscode.commands.executeCommand<SiteProfile>(Commands.signIn, {
      url: env('GHOST_AUTHOR_TEST_URL'), email: env('GHOST_AUTHOR_TEST_EDITOR_EMAIL'), password: env('GHOST_AUTHOR_TEST_EDITOR_PASSWORD'),
    });
    assert.equal(profile.auth, 'session');
    assert.equal(profile.identity?.kind === 'staff' && profile.identity.role, 'Editor');
    const cred = await api.sites.credential(profile.id);
    assert.equal(cred?.type, 'session');
    assert.ok(cred?.type === 'session' && /ghost-admin-api-session=/.test(cred.cookie));
    assert.ok(!JSON.stringify(cred).includes(env('GHOST_AUTHOR_TEST_EDITOR_PASSWORD')), 'the password was stored');
    await vscode.commands.executeCommand(Commands.signOut, profile.id, { confirm: false });
    assert.equal(api.sites.get(profile.id), undefined);
    assert.equal(await api.sites.credential(profile.id), undefined);
    // One connection per site: the sign-in replaced the key connection; connect the key again.
    await vscode.commands.executeCommand(Commands.connectSite, { url: env('GHOST_AUTHOR_TEST_URL'), key: env('GHOST_AUTHOR_TEST_KEY') });
  });

  it('replaces a key only after the new one works', async () => {
    const site = api.sites.findByUrl(`${env('GHOST_AUTHOR_TEST_URL')}/`);
    assert.ok(site);
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand(Commands.rotateKey, site.id, { key: `ffffffffffffffffffffffff:${'ab'.repeat(32)}` })));
    assert.equal((await api.sites.credential(site.id))?.type === 'key' && (await api.sites.credential(site.id) as { key: string }).key, env('GHOST_AUTHOR_TEST_KEY'));
    const rotated = await vscode.commands.executeCommand<SiteProfile>(Commands.rotateKey, site.id, { key: env('GHOST_AUTHOR_TEST_OWNER_KEY') });
    assert.equal(rotated.identity?.kind === 'staff' && rotated.identity.role, 'Owner');
    assert.equal((await api.sites.credential(site.id) as { key: string }).key, env('GHOST_AUTHOR_TEST_OWNER_KEY'));
  });

  it('underlines front matter problems in the editor', async () => {
    const ws = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
    const file = path.join(ws, 'bad-front-matter.md');
    await fs.writeFile(file, '---\ntitle: x\nstatus: live\n---\nBody\n');
    const doc = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(doc);
    let diags: vscode.Diagnostic[] = [];
    for (let i = 0; i < 40 && !diags.length; i++) {
      diags = vscode.languages.getDiagnostics(doc.uri);
      if (!diags.length) { await new Promise((r) => setTimeout(r, 100)); }
    }
    assert.equal(diags.length, 1);
    assert.equal(diags[0]?.range.start.line, 2);
    assert.match(diags[0]?.message ?? '', /draft, published or scheduled/);
  });

  it('gives VS Code’s Markdown preview the same Markdown dialect', () => {
    type Md = { render(s: string): string };
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const MarkdownIt = require('markdown-it') as new (o: object) => Md;
    const md = api.extendMarkdownIt(new MarkdownIt({ html: true }) as never) as unknown as Md;
    assert.match(md.render('==hi== H~2~O'), /<mark>hi<\/mark> H<sub>2<\/sub>O/);
    // And Ghost's cards as Ghost shows them.
    assert.match(md.render('> [!NOTE]\n> A note.\n\n<!--members-only-->\n'), /kg-callout-card-blue[\s\S]*A note\.[\s\S]*class="ga-paywall"/);
  });
});
