/**
 * The extension in a real VS Code extension host, against the real Ghost 6 that the runner
 * (runHostTests.ts) started. The runner passes the site, a key and the titles it created.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GhostAuthorApi } from '../../../src/extension';
import { Commands, EXTENSION_ID } from '../../../src/constants';
import type { SiteProfile } from '../../../src/vscode/sites';

function env(name: string): string {
  const v = process.env[name];
  if (!v) { throw new Error(`${name} is not set: run the host tests through npm run test:host`); }
  return v;
}

interface TreeApi { getChildren(n?: unknown): Promise<unknown[]>; getTreeItem(n: unknown): vscode.TreeItem }

async function labels(tree: TreeApi, node?: unknown): Promise<string[]> {
  const children = await tree.getChildren(node);
  return children.map((c) => String(tree.getTreeItem(c).label));
}

async function child(tree: TreeApi, node: unknown, label: string | RegExp): Promise<unknown> {
  const children = await tree.getChildren(node);
  const found = children.find((c) => {
    const l = String(tree.getTreeItem(c).label);
    return typeof label === 'string' ? l === label : label.test(l);
  });
  assert.ok(found, `no child ${String(label)} under ${node ? String(tree.getTreeItem(node).label) : 'the root'}; saw ${(await labels(tree, node)).join(', ')}`);
  return found;
}

describe('Ghost Author in a real VS Code host', function () {
  this.timeout(60_000);
  let api: GhostAuthorApi;
  let connected: SiteProfile | undefined;

  before(async () => {
    const ext = vscode.extensions.getExtension<GhostAuthorApi>(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not installed in the host`);
    api = await ext.activate();
    assert.ok(api?.sites, 'activate() returned no API');
  });

  it('activates without touching the network', async () => {
    assert.ok(api.activatedInMs > 0 && api.activatedInMs < 5000, `activation took ${api.activatedInMs} ms`);
    // The benchmark reports this figure next to the bundle's require time.
    const fs = await import('node:fs');
    const path = await import('node:path');
    fs.writeFileSync(path.resolve(__dirname, '../../../host-metrics.json'), JSON.stringify({ activatedInMs: api.activatedInMs, vscode: vscode.version, at: new Date().toISOString() }));
    // The runner set GHOST_URL to a sentinel server that counts every request it gets.
    const sentinel = env('GHOST_URL');
    const imported = api.sites.sites.find((s) => s.adminUrl === `${sentinel.replace(/\/$/, '')}/`);
    assert.ok(imported, 'the site from GHOST_URL/GHOST_ADMIN_API_KEY was imported at activation');
    assert.equal((await api.sites.credential(imported.id))?.type, 'key');
    const seen = await (await fetch(`${sentinel}/__requests`)).json() as { count: number };
    assert.equal(seen.count, 0, 'activation sent requests');
    await vscode.commands.executeCommand(Commands.removeSite, imported.id, { confirm: false });
    assert.equal(api.sites.get(imported.id), undefined);
    assert.equal(await api.sites.credential(imported.id), undefined, 'remove left the key behind');
  });

  it('contributes its commands', async () => {
    const all = await vscode.commands.getCommands(true);
    for (const id of Object.values(Commands)) {
      assert.ok(all.includes(id), `${id} is not registered`);
    }
  });

  it('refuses a Content API key with a clear message and saves nothing', async () => {
    const before = api.sites.sites.length;
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand(Commands.connectSite, { url: env('GHOST_AUTHOR_TEST_URL'), key: '0123456789abcdef0123456789' })),
      /Content API key/,
    );
    assert.equal(api.sites.sites.length, before);
  });

  it('connects the real Ghost 6 with an integration key kept only in SecretStorage', async () => {
    const url = env('GHOST_AUTHOR_TEST_URL');
    const key = env('GHOST_AUTHOR_TEST_KEY');
    connected = await vscode.commands.executeCommand<SiteProfile>(Commands.connectSite, { url, key });
    assert.ok(connected, 'connectSite returned no site');
    assert.equal(connected.adminUrl, `${url}/`);
    assert.match(connected.version ?? '', /^6\./);
    assert.deepEqual(connected.identity, { kind: 'integration' });
    assert.equal((await api.sites.credential(connected.id))?.type, 'key');
    const settings = JSON.stringify(vscode.workspace.getConfiguration('ghostAuthor'));
    assert.ok(!settings.includes(key.split(':')[1] ?? key), 'the key reached the settings');
  });

  it('lists the site’s posts in the tree, grouped by status', async () => {
    assert.ok(connected, 'no site connected');
    const tree = api.tree as unknown as TreeApi;
    const site = await child(tree, undefined, connected.title);
    assert.deepEqual(await labels(tree, site), ['Posts', 'Pages']);
    const posts = await child(tree, site, 'Posts');
    assert.deepEqual(await labels(tree, posts), ['Drafts', 'Scheduled', 'Published']);
    const expected = JSON.parse(env('GHOST_AUTHOR_TEST_POSTS')) as Array<{ title: string; status: 'draft' | 'published' }>;
    for (const [status, group] of [['draft', 'Drafts'], ['published', 'Published']] as const) {
      const node = await child(tree, posts, group);
      const want = expected.filter((p) => p.status === status).map((p) => p.title);
      const item = tree.getTreeItem(node);
      assert.ok(Number(item.description) >= want.length, `${group} counts ${String(item.description)}`);
      const shown = await labels(tree, node);
      for (const title of want) {
        assert.ok(shown.includes(title), `${title} is missing from ${group}: ${shown.join(', ')}`);
      }
    }
  });
});
