/**
 * Proof under stress, in the real extension host: a site with 10,000 posts, every flow run with
 * known secrets and everything the extension could have written scanned for them, a key rotated
 * by another window, and auto-save every 100 ms with publish-on-save on.
 *
 * These run against the fake Ghost (started here, in the host's own process) because they need
 * what a real one cannot give on demand: 10,000 posts in seconds, a device code to read, the
 * session cookie and every token the extension sent, and requests in flight counted at the server.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import * as vscode from 'vscode';
import { Commands, EXTENSION_ID, SecretKeys } from '../../../src/constants';
import type { GhostAuthorApi } from '../../../src/extension';
import type { Node } from '../../../src/views/nodes';
import type { SiteProfile } from '../../../src/vscode/sites';
import { FakeGhost, keyString, makeKey } from '../../support/fake/fakeGhost';

type Win = typeof vscode.window;
interface Captured { kind: string; text: string }

/** Replaces the window's prompts and notifications for the duration of a test. */
class WindowStub {
  readonly shown: Captured[] = [];
  readonly inputs: vscode.InputBoxOptions[] = [];
  answerInput: (o: vscode.InputBoxOptions) => string | undefined = () => undefined;
  private readonly saved: Partial<Win> = {};

  install(): void {
    const w = vscode.window as unknown as Record<string, unknown>;
    for (const kind of ['showInformationMessage', 'showWarningMessage', 'showErrorMessage'] as const) {
      this.saved[kind] = vscode.window[kind] as never;
      w[kind] = async (text: string, ...items: unknown[]) => {
        this.shown.push({ kind, text: `${text} ${JSON.stringify(items)}` });
        return undefined;
      };
    }
    this.saved.showInputBox = vscode.window.showInputBox;
    w.showInputBox = async (o: vscode.InputBoxOptions = {}) => {
      this.inputs.push(o);
      const v = this.answerInput(o);
      this.shown.push({ kind: 'input', text: `${o.title ?? ''} ${o.prompt ?? ''}` });
      return v;
    };
  }

  restore(): void {
    Object.assign(vscode.window, this.saved);
  }
}

/** Heap in use after a full collection, so that garbage not yet collected is not counted. */
function heapNow(): number {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
  return process.memoryUsage().heapUsed;
}

async function filesUnder(dir: string, out: string[] = []): Promise<string[]> {
  let entries: import('node:fs').Dirent[];
  try { entries = await fs.readdir(dir, { withFileTypes: true }); } catch { return out; }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) { await filesUnder(p, out); } else if (e.isFile()) { out.push(p); }
  }
  return out;
}

async function groupOf(api: GhostAuthorApi, url: string, label: string, type = 0): Promise<Node & { kind: 'group' }> {
  const site = (await api.tree.getChildren()).find((n) => n.kind === 'site' && n.site.adminUrl === `${url}/`);
  assert.ok(site, `no site ${url} in the tree`);
  const typeNode = (await api.tree.getChildren(site))[type] as Node;
  const group = (await api.tree.getChildren(typeNode)).find((g) => g.kind === 'group' && g.group.label === label);
  assert.ok(group?.kind === 'group', `no group ${label}`);
  return group;
}

describe('proof under stress', function () {
  this.timeout(180_000);
  let api: GhostAuthorApi;
  let ghost: FakeGhost;
  const ws = () => vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';

  before(async () => {
    api = await vscode.extensions.getExtension<GhostAuthorApi>(EXTENSION_ID)!.activate();
  });
  beforeEach(async () => { ghost = await new FakeGhost().start(); });
  afterEach(async () => {
    for (const s of api.sites.sites.filter((x) => x.adminUrl === `${ghost.url}/`)) {
      await vscode.commands.executeCommand(Commands.removeSite, s.id, { confirm: false });
    }
    await ghost.stop();
  });

  it('a site with 10,000 posts: one request per group to the first page, bounded memory over 50 pages, filters on the server', async () => {
    ghost.seed('posts', 10_000, (i) => (i % 10 === 0 ? 'draft' : i % 97 === 0 ? 'scheduled' : 'published'));
    await vscode.commands.executeCommand(Commands.connectSite, { url: ghost.url, key: keyString(ghost.adminKey) });
    const before = ghost.requests.length;
    api.tree.refresh();
    const started = performance.now();
    const published = await groupOf(api, ghost.url, 'Published');
    const firstPageMs = performance.now() - started;
    const lists = ghost.requests.slice(before).filter((r) => r.method === 'GET' && r.path.endsWith('/posts/'));
    assert.equal(lists.length, 3, 'one request per status group');
    for (const r of lists) {
      assert.equal(r.query.get('fields'), 'id,title,slug,status,updated_at,published_at,url');
      assert.equal(r.query.get('limit'), '25');
    }
    const firstPageBytes = lists.reduce((n, r) => n + (r.bytes ?? 0), 0);
    assert.equal(published.items.length, 25);
    assert.ok((published.pagination?.total ?? 0) > 8000);

    const heapBefore = heapNow();
    for (let page = 2; page <= 51; page++) {
      const kids = await api.tree.getChildren(published);
      const more = kids.find((k) => k.kind === 'loadMore');
      assert.ok(more, `no Load more at page ${page}`);
      const n = ghost.requests.length;
      await vscode.commands.executeCommand(Commands.loadMore, more);
      const sent = ghost.requests.slice(n);
      assert.equal(sent.length, 1, 'Load more sent more than one request');
      assert.equal(sent[0]?.query.get('page'), String(page));
    }
    const heapAfter = heapNow();
    assert.equal(published.items.length, 51 * 25);
    const keys = new Set(published.items.flatMap((i) => Object.keys(i)));
    assert.deepEqual([...keys].sort(), ['id', 'published_at', 'slug', 'status', 'title', 'updated_at', 'url'], 'the tree kept more than it shows');
    const heapGrowthMb = (heapAfter - heapBefore) / 1048576;
    assert.ok(heapGrowthMb < 16, `heap grew ${heapGrowthMb.toFixed(1)} MB over 50 pages`);

    // A filter is sent to Ghost: three requests, not a download of 10,000 posts.
    const n = ghost.requests.length;
    await vscode.commands.executeCommand(Commands.filter, 'Post 7777');
    const filtered = await groupOf(api, ghost.url, 'Published');
    const sent = ghost.requests.slice(n);
    assert.equal(sent.length, 3);
    assert.ok(sent.every((r) => /title:~'Post 7777'/.test(r.query.get('filter') ?? '')), 'a list was fetched without the filter');
    assert.deepEqual(filtered.items.map((i) => i.title), ['Post 7777']);
    await vscode.commands.executeCommand(Commands.filter, '');

    const metrics = { firstPageMs, firstPageBytes, heapAfter50PagesMb: heapAfter / 1048576, heapGrowthMb, items: published.items.length };
    console.log(`large site: first page in ${firstPageMs.toFixed(0)} ms, ${firstPageBytes} B for 3 groups; heap ${metrics.heapAfter50PagesMb.toFixed(1)} MB after 50 pages (+${heapGrowthMb.toFixed(1)} MB)`);
    // Read by `npm run bench` for the README's Reliability table.
    await fs.writeFile(path.resolve(__dirname, '../../../large-site-metrics.json'), JSON.stringify({ ...metrics, at: new Date().toISOString() }));
  });

  it('every flow with known secrets: none reaches the log, a file, settings, state, a message or the tree', async () => {
    const stub = new WindowStub();
    const password = `pw-${makeKey().secret.slice(0, 20)}`;
    const email = 'writer@example.com';
    ghost.users.push({ email, password, name: 'Writer', slug: 'writer', role: 'Editor' });
    const key = keyString(ghost.adminKey);
    const errors: string[] = [];
    const attempt = async (id: string, ...args: unknown[]) => {
      try { return await vscode.commands.executeCommand(id, ...args); } catch (e) { errors.push(e instanceof Error ? `${e.message} ${e.stack ?? ''}` : String(e)); return undefined; }
    };
    const cookies = new Set<string>();
    stub.install();
    try {
      // Connect through the prompts: the key box must be a password box.
      stub.answerInput = (o) => (/1\/2/.test(o.title ?? '') ? ghost.url : /2\/2/.test(o.title ?? '') ? key : undefined);
      const profile = await attempt(Commands.connectSite) as SiteProfile | undefined;
      assert.ok(profile, 'connecting through the prompts failed');
      const keyBox = stub.inputs.find((o) => /2\/2/.test(o.title ?? ''));
      assert.equal(keyBox?.password, true, 'the key was typed into a visible box');

      // Wrong keys: a secret Ghost refuses, and an id it does not know.
      await attempt(Commands.connectSite, { url: ghost.url, key: `${ghost.adminKey.id}:${makeKey().secret}` });
      await attempt(Commands.connectSite, { url: ghost.url, key: keyString(makeKey()) });

      // Publish, update, a server error, a conflict.
      const file = path.join(ws(), 'secret-flow.md');
      await fs.writeFile(file, '---\ntitle: Secret flow\n---\nFirst.\n');
      const doc = await vscode.workspace.openTextDocument(file);
      await vscode.window.showTextDocument(doc);
      const edit = async (from: string, to: string) => {
        const we = new vscode.WorkspaceEdit();
        const at = doc.getText().indexOf(from);
        we.replace(doc.uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + from.length)), to);
        assert.ok(await vscode.workspace.applyEdit(we));
        await doc.save();
      };
      await attempt(Commands.pushDraft, { uri: doc.uri });
      await edit('First.', 'Second.');
      await attempt(Commands.pushDraft, { uri: doc.uri });
      ghost.faults.push({ match: (r) => r.method === 'PUT', status: 500, times: 10 });
      await edit('Second.', 'Third.');
      await attempt(Commands.pushDraft, { uri: doc.uri });
      ghost.faults.length = 0;
      const post = ghost.posts.find((p) => p.title === 'Secret flow');
      assert.ok(post, 'the post was not created');
      post.updated_at = new Date(Date.now() + 5000).toISOString();
      post.html = '<p>Changed in Ghost.</p>';
      await attempt(Commands.pushDraft, { uri: doc.uri, onConflict: 'cancel' });

      // Sign in as a user, with the emailed device code; a wrong password; an expired session.
      ghost.deviceVerification = true;
      stub.answerInput = (o) => (/code/i.test(`${o.title ?? ''} ${o.prompt ?? ''}`) ? ghost.sentCodes.at(-1) : undefined);
      await attempt(Commands.signIn, { url: ghost.url, email, password: `${password}x` });
      const session = await attempt(Commands.signIn, { url: ghost.url, email, password }) as SiteProfile | undefined;
      assert.ok(session, 'sign-in failed');
      for (const id of ghost.sessions.keys()) { cookies.add(id); }
      api.tree.refresh();
      await groupOf(api, ghost.url, 'Drafts');
      ghost.sessions.clear();
      const shownBefore = stub.shown.length;
      api.tree.refresh();
      const site = (await api.tree.getChildren()).find((n) => n.kind === 'site' && n.site.adminUrl === `${ghost.url}/`) as Node;
      const expired = await api.tree.getChildren((await api.tree.getChildren(site))[0] as Node);
      assert.match(JSON.stringify(expired.map((n) => api.tree.getTreeItem(n).label)), /sign in again/i);
      assert.equal(stub.shown.length, shownBefore, 'an expired session raised notifications instead of a tree item');
      const treeText = expired.map((n) => { const t = api.tree.getTreeItem(n); return `${String(t.label)} ${String(t.tooltip)} ${String(t.description)}`; }).join('\n');

      // Sign out, connect the key again, remove the site: nothing of it is left in SecretStorage.
      await attempt(Commands.signOut, session.id, { confirm: false });
      const again = await attempt(Commands.connectSite, { url: ghost.url, key }) as SiteProfile;
      await attempt(Commands.removeSite, again.id, { confirm: false });
      assert.equal(await api.context.secrets.get(SecretKeys.credential(again.id)), undefined, 'remove left a secret behind');
      assert.equal(await api.context.secrets.get(SecretKeys.credential(session.id)), undefined, 'sign-out left a secret behind');
      assert.ok(!(await api.context.secrets.get(SecretKeys.sites) ?? '').includes(ghost.url), 'the removed site is still listed');

      // What to look for: the key and its secret, the password, every cookie, every token sent.
      const secrets = [ghost.adminKey.secret, key, password, ...cookies, ...ghost.tokensSeen];
      assert.ok(ghost.tokensSeen.size >= 2 && cookies.size >= 1, 'the flows sent too little to prove anything');

      // Where to look: the workspace, the user data (settings, storage) and the logs of this window.
      const userData = path.resolve(api.context.globalStorageUri.fsPath, '..', '..', '..');
      const logs = path.resolve(api.context.logUri.fsPath, '..', '..', '..');
      const files = [...new Set([...await filesUnder(ws()), ...await filesUnder(userData), ...await filesUnder(logs)])];
      const hits: string[] = [];
      let sawLog = false;
      for (const f of files) {
        const stat = await fs.stat(f);
        if (stat.size > 20 * 1048576) { continue; }
        const text = (await fs.readFile(f)).toString('latin1');
        if (text.includes(`Connected Fake Ghost (${ghost.url}/`)) { sawLog = true; }
        for (const s of secrets) { if (text.includes(s)) { hits.push(`${f}: ${s.slice(0, 8)}…`); } }
      }
      assert.ok(sawLog, `the extension's log was not among the ${files.length} files scanned`);
      const places: Array<[string, string]> = [
        ['settings', JSON.stringify(vscode.workspace.getConfiguration('ghostAuthor'))],
        ['globalState', JSON.stringify(api.context.globalState.keys().map((k) => [k, api.context.globalState.get(k)]))],
        ['workspaceState', JSON.stringify(api.context.workspaceState.keys().map((k) => [k, api.context.workspaceState.get(k)]))],
        ['notifications', stub.shown.map((m) => m.text).join('\n')],
        ['errors', errors.join('\n')],
        ['tree', treeText],
      ];
      for (const [where, text] of places) {
        for (const s of secrets) { if (text.includes(s)) { hits.push(`${where}: ${s.slice(0, 8)}…`); } }
      }
      assert.ok(stub.shown.some((m) => m.kind === 'showErrorMessage'), 'no error was shown: the failing flows did not run');
      console.log(`secrets: ${secrets.length} secrets, ${files.length} files and ${places.length} other places scanned, ${stub.shown.length} messages, ${errors.length} errors, ${hits.length} hits`);
      assert.deepEqual(hits, []);
    } finally {
      stub.restore();
    }
  });

  it('a key rotated in another window is used here from the next request', async () => {
    const first = await vscode.commands.executeCommand<SiteProfile>(Commands.connectSite, { url: ghost.url, key: keyString(ghost.adminKey) });
    api.tree.refresh();
    await groupOf(api, ghost.url, 'Drafts');
    // The other window saves the new key in the shared SecretStorage, and the old one is revoked.
    const old = ghost.adminKey;
    const next = ghost.addKey(makeKey('admin'));
    ghost.keys.delete(old.id);
    const changed = new Promise<void>((r) => { const d = api.sites.onDidChange((e) => { if (e.credentialOf === first.id) { d.dispose(); r(); } }); });
    await api.context.secrets.store(SecretKeys.credential(first.id), JSON.stringify({ type: 'key', key: keyString(next) }));
    await changed;
    const n = ghost.requests.length;
    api.tree.refresh();
    await groupOf(api, ghost.url, 'Drafts');
    const sent = ghost.requests.slice(n);
    assert.ok(sent.length > 0);
    assert.ok(sent.every((r) => r.status === 200), `refused: ${sent.map((r) => r.status).join(',')}`);
    const kid = (t: string | undefined) => JSON.parse(Buffer.from((t ?? '').split('.')[0] ?? '', 'base64url').toString()).kid as string;
    assert.ok(sent.every((r) => kid(r.token) === next.id), 'the old key was still used');
  });

  it('auto-save every 100 ms for 10 s with publish-on-save: one request in flight per file, Ghost ends with the last save', async () => {
    await vscode.commands.executeCommand(Commands.connectSite, { url: ghost.url, key: keyString(ghost.adminKey) });
    const file = path.join(ws(), 'autosave-storm.md');
    await fs.writeFile(file, '---\ntitle: Auto-save storm\n---\nStart.\n');
    const doc = await vscode.workspace.openTextDocument(file);
    const editor = await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand(Commands.pushDraft, { uri: doc.uri });
    const post = ghost.posts.find((p) => p.title === 'Auto-save storm');
    assert.ok(post);
    const postPath = `/ghost/api/admin/posts/${post.id}/`;
    ghost.maxInFlight.clear();
    ghost.latencyMs = 300;
    const files = vscode.workspace.getConfiguration('files');
    const mine = vscode.workspace.getConfiguration('ghostAuthor');
    await files.update('autoSave', 'afterDelay', vscode.ConfigurationTarget.Global);
    await files.update('autoSaveDelay', 100, vscode.ConfigurationTarget.Global);
    await mine.update('publishOnSave', 'linked', vscode.ConfigurationTarget.Global);
    await mine.update('publishOnSaveDelay', 0, vscode.ConfigurationTarget.Global);
    const pushesBefore = api.publishOnSave.pushes;
    api.publishOnSave.maxActive = 0;
    let saves = 0;
    const counting = vscode.workspace.onDidSaveTextDocument((d) => { if (d.uri.toString() === doc.uri.toString()) { saves++; } });
    try {
      const end = Date.now() + 10_000;
      let i = 0;
      while (Date.now() < end) {
        i++;
        await editor.edit((e) => e.insert(doc.lineAt(doc.lineCount - 1).range.end, `Edit ${i}. `));
        await new Promise((r) => setTimeout(r, 150));
      }
      // Let the last auto-save and its push finish.
      for (let k = 0; k < 50 && doc.isDirty; k++) { await new Promise((r) => setTimeout(r, 100)); }
      await new Promise((r) => setTimeout(r, 300));
      await api.publishOnSave.idle();
      assert.ok(!doc.isDirty, 'auto-save did not save the last edit');
      const pushes = api.publishOnSave.pushes - pushesBefore;
      console.log(`auto-save storm: ${i} edits, ${saves} saves, ${pushes} pushes, at most ${ghost.maxInFlight.get(postPath)} request(s) in flight for the post`);
      assert.ok(saves >= 30, `only ${saves} auto-saves in 10 s`);
      assert.ok(pushes < saves, 'saves made while a push was out were not folded into the next push');
      assert.equal(ghost.maxInFlight.get(postPath), 1, 'two requests for one post overlapped');
      assert.equal(api.publishOnSave.maxActive, 1, 'pushes of one file overlapped');
      assert.match(String(post.html), new RegExp(`Edit ${i}\\.\\s*</p>`), `Ghost does not hold the last save (edit ${i}): ${String(post.html).slice(-80)}`);
      assert.equal(post.status, 'draft', 'saving changed the status');
    } finally {
      counting.dispose();
      ghost.latencyMs = 0;
      await files.update('autoSave', undefined, vscode.ConfigurationTarget.Global);
      await files.update('autoSaveDelay', undefined, vscode.ConfigurationTarget.Global);
      await mine.update('publishOnSave', undefined, vscode.ConfigurationTarget.Global);
      await mine.update('publishOnSaveDelay', undefined, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }
  });
});
