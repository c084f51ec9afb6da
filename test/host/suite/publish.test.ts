/**
 * Writing and publishing from the editor, in a real VS Code host against the real Ghost 6 the
 * runner started. Runs after extension.test.ts has connected the site (files run in name order).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GhostAuthorApi } from '../../../src/extension';
import { Commands, EXTENSION_ID, GHOST_SCHEME } from '../../../src/constants';
import type { PublishOutcome } from '../../../src/core/publish/engine';

const env = (n: string) => process.env[n] ?? '';
const ghostUrl = () => env('GHOST_AUTHOR_TEST_URL');

async function ghostGet(route: string): Promise<Record<string, unknown>> {
  // The editor key, not the extension's client: what Ghost holds, seen from outside the extension.
  const { SignJWT } = await import('jose');
  const [id = '', secret = ''] = env('GHOST_AUTHOR_TEST_EDITOR_KEY').split(':');
  const jwt = await new SignJWT({}).setProtectedHeader({ alg: 'HS256', kid: id, typ: 'JWT' }).setIssuedAt().setExpirationTime('5m').setAudience('/admin/').sign(Buffer.from(secret, 'hex'));
  const res = await fetch(`${ghostUrl()}/ghost/api/admin/${route}`, { headers: { Authorization: `Ghost ${jwt}` } });
  return await res.json() as Record<string, unknown>;
}

async function ghostPut(route: string, body: unknown): Promise<void> {
  const { SignJWT } = await import('jose');
  const [id = '', secret = ''] = env('GHOST_AUTHOR_TEST_EDITOR_KEY').split(':');
  const jwt = await new SignJWT({}).setProtectedHeader({ alg: 'HS256', kid: id, typ: 'JWT' }).setIssuedAt().setExpirationTime('5m').setAudience('/admin/').sign(Buffer.from(secret, 'hex'));
  const res = await fetch(`${ghostUrl()}/ghost/api/admin/${route}`, { method: 'PUT', headers: { Authorization: `Ghost ${jwt}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal(res.status, 200, await res.text());
}

const post = async (id: string) => ((await ghostGet(`posts/${id}/?formats=html`)).posts as Array<Record<string, string>>)[0] ?? {};

describe('writing and publishing from the editor', function () {
  this.timeout(90_000);
  let api: GhostAuthorApi;
  let ws: string;

  before(async () => {
    api = await vscode.extensions.getExtension<GhostAuthorApi>(EXTENSION_ID)!.activate();
    assert.ok(api.sites.active, 'no site connected: extension.test.ts must run first');
    ws = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
  });

  async function open(name: string, text: string): Promise<vscode.TextDocument> {
    const file = path.join(ws, name);
    await fs.writeFile(file, text);
    const doc = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(doc);
    return doc;
  }

  async function replaceAll(doc: vscode.TextDocument, text: string): Promise<void> {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), text);
    assert.ok(await vscode.workspace.applyEdit(edit));
  }

  it('pushes a new file as a draft and writes the link into it, keeping the rest byte for byte', async () => {
    const text = '---\ntitle: From the editor\ntags: [Host]\n---\n\nBody   with  spaces.\n';
    const doc = await open('editor-post.md', text);
    const out = await vscode.commands.executeCommand<PublishOutcome>(Commands.pushDraft, { uri: doc.uri });
    assert.equal(out.kind, 'created');
    if (out.kind !== 'created') { return; }
    const saved = await fs.readFile(doc.uri.fsPath, 'utf8');
    assert.equal(saved, text.replace('---\n\nBody', `ghost_id: ${out.post.id}\nghost_site: ${ghostUrl()}/\n---\n\nBody`));
    assert.equal(doc.isDirty, false);
    const inGhost = await post(out.post.id);
    assert.equal(inGhost.status, 'draft');
    assert.match(inGhost.html ?? '', /Body/);
  });

  it('updates the linked post, then sends nothing when unchanged', async () => {
    const doc = await vscode.workspace.openTextDocument(path.join(ws, 'editor-post.md'));
    const id = /ghost_id: (\w+)/.exec(doc.getText())?.[1] ?? '';
    await replaceAll(doc, doc.getText().replace('Body', 'Edited body'));
    await doc.save();
    const client = await api.clients.client(api.sites.active!);
    const before = client.http.stats.requests;
    const out = await vscode.commands.executeCommand<PublishOutcome>(Commands.pushDraft, { uri: doc.uri });
    assert.equal(out.kind, 'updated');
    assert.equal(client.http.stats.requests - before, 2, 'an edited push costs one read and one write');
    assert.match((await post(id)).html ?? '', /Edited body/);
    const mid = client.http.stats.requests;
    const again = await vscode.commands.executeCommand<PublishOutcome>(Commands.pushDraft, { uri: doc.uri });
    assert.equal(again.kind, 'unchanged');
    assert.equal(client.http.stats.requests, mid, 'an unchanged push made a request');
  });

  it('shows a diff when Ghost has newer edits, and overwrites nothing until told', async () => {
    const doc = await vscode.workspace.openTextDocument(path.join(ws, 'editor-post.md'));
    const id = /ghost_id: (\w+)/.exec(doc.getText())?.[1] ?? '';
    await new Promise((r) => setTimeout(r, 1100));
    const cur = await post(id);
    await ghostPut(`posts/${id}/`, { posts: [{ title: 'Edited in Ghost Admin', updated_at: cur.updated_at }] });
    await replaceAll(doc, doc.getText().replace('Edited body', 'Local body'));
    await doc.save();
    const out = await vscode.commands.executeCommand<PublishOutcome>(Commands.pushDraft, { uri: doc.uri, onConflict: 'cancel' });
    assert.equal(out.kind, 'conflict');
    assert.equal((await post(id)).title, 'Edited in Ghost Admin', 'Ghost’s edit was overwritten');
    const diffShown = vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) =>
      t.input instanceof vscode.TabInputTextDiff && t.input.original.scheme === GHOST_SCHEME && t.input.modified.fsPath === doc.uri.fsPath);
    assert.ok(diffShown, 'no diff of Ghost’s version against the file');
    assert.equal(api.status.get(doc.uri)?.state, 'conflict');
    const forced = await vscode.commands.executeCommand<PublishOutcome>(Commands.pushDraft, { uri: doc.uri, onConflict: 'overwrite' });
    assert.equal(forced.kind, 'updated');
    const now = await post(id);
    assert.equal(now.title, 'From the editor');
    assert.match(now.html ?? '', /Local body/);
  });

  it('“Take Ghost’s version” writes exactly the text the diff showed', async () => {
    const doc = await open('take-ghost.md', '---\ntitle: Take it\ntags: [one]\n# a comment the file keeps\n---\n\nMine.\n');
    const created = await vscode.commands.executeCommand<PublishOutcome>(Commands.pushDraft, { uri: doc.uri });
    assert.equal(created.kind, 'created');
    const id = /ghost_id: (\w+)/.exec(doc.getText())?.[1] ?? '';
    await new Promise((r) => setTimeout(r, 1100));
    const cur = await post(id);
    await ghostPut(`posts/${id}/?source=html`, { posts: [{ html: '<p>Theirs.</p>', updated_at: cur.updated_at }] });
    await replaceAll(doc, doc.getText().replace('Mine.', 'Mine, edited.'));
    await doc.save();
    const out = await vscode.commands.executeCommand<PublishOutcome>(Commands.pushDraft, { uri: doc.uri, onConflict: 'takeGhost' });
    assert.equal(out.kind, 'conflict');
    const left = vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.input)
      .find((i): i is vscode.TabInputTextDiff => i instanceof vscode.TabInputTextDiff && i.original.scheme === GHOST_SCHEME && i.modified.fsPath === doc.uri.fsPath);
    assert.ok(left, 'no diff was shown');
    const shown = (await vscode.workspace.openTextDocument(left.original)).getText();
    assert.equal(doc.getText(), shown, 'the file is not what the diff showed');
    assert.match(doc.getText(), /Theirs\./);
  });

  it('a copy of a linked file is not pushed onto the original’s post; published as a new post when chosen', async () => {
    const orig = await vscode.workspace.openTextDocument(path.join(ws, 'editor-post.md'));
    const id = /ghost_id: (\w+)/.exec(orig.getText())?.[1] ?? '';
    const before = await post(id);
    const copy = await open('copy-of-editor-post.md', orig.getText().replace(/^title: .*$/m, 'title: A copy used as a template').replace('Local body', 'Words of the copy'));
    const out = await vscode.commands.executeCommand<PublishOutcome>(Commands.pushDraft, { uri: copy.uri, onOwned: 'cancel' });
    assert.equal(out.kind, 'owned-elsewhere');
    assert.equal(out.kind === 'owned-elsewhere' && out.owner, 'editor-post.md');
    assert.equal((await post(id)).title, before.title, 'the copy was pushed onto the original’s post');
    const asNew = await vscode.commands.executeCommand<PublishOutcome>(Commands.pushDraft, { uri: copy.uri, onOwned: 'new' });
    assert.equal(asNew.kind, 'created');
    const newId = /ghost_id: (\w+)/.exec(copy.getText())?.[1] ?? '';
    assert.ok(newId && newId !== id, 'the copy was not linked to a post of its own');
    assert.equal((await post(newId)).title, 'A copy used as a template');
    assert.equal((await post(id)).title, before.title);
  });

  it('publish-on-save: a storm of 20 saves in 2 s keeps one push in flight and Ghost ends with the last', async () => {
    await vscode.workspace.getConfiguration('ghostAuthor').update('publishOnSave', 'linked', vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('ghostAuthor').update('publishOnSaveDelay', 1000, vscode.ConfigurationTarget.Global);
    try {
      const doc = await vscode.workspace.openTextDocument(path.join(ws, 'editor-post.md'));
      const id = /ghost_id: (\w+)/.exec(doc.getText())?.[1] ?? '';
      const base = doc.getText().replace(/Local body.*\n/, '');
      const pushesBefore = api.publishOnSave.pushes;
      api.publishOnSave.maxActive = 0;
      for (let i = 1; i <= 20; i++) {
        await replaceAll(doc, `${base}Save number ${i}.\n`);
        await doc.save();
        await new Promise((r) => setTimeout(r, 100));
      }
      await api.publishOnSave.idle();
      console.log(`publish-on-save: ${api.publishOnSave.pushes - pushesBefore} push(es) for 20 saves`);
      const pushes = api.publishOnSave.pushes - pushesBefore;
      assert.ok(pushes >= 1 && pushes < 20, `${pushes} pushes for 20 saves`);
      assert.equal(api.publishOnSave.maxActive, 1, 'pushes of one file overlapped');
      assert.match((await post(id)).html ?? '', /Save number 20\./);
      assert.equal((await post(id)).status, 'draft', 'saving changed the status');
    } finally {
      await vscode.workspace.getConfiguration('ghostAuthor').update('publishOnSave', undefined, vscode.ConfigurationTarget.Global);
      await vscode.workspace.getConfiguration('ghostAuthor').update('publishOnSaveDelay', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('pulls a post into a new linked file, never over an existing one', async () => {
    const list = (await ghostGet('posts/?filter=status:published&fields=id,slug,title&limit=1')).posts as Array<{ id: string; slug: string; title: string }>;
    const target = list[0];
    assert.ok(target, 'the runner created a published post');
    await fs.writeFile(path.join(ws, `${target.slug}.md`), 'already here\n');
    const uri = await vscode.commands.executeCommand<vscode.Uri>(Commands.pullPost, { id: target.id });
    assert.notEqual(uri.fsPath, path.join(ws, `${target.slug}.md`));
    assert.equal(await fs.readFile(path.join(ws, `${target.slug}.md`), 'utf8'), 'already here\n');
    const text = await fs.readFile(uri.fsPath, 'utf8');
    assert.match(text, new RegExp(`ghost_id: ${target.id}`));
    const out = await vscode.commands.executeCommand<PublishOutcome>(Commands.pushDraft, { uri });
    assert.equal(out.kind, 'unchanged');
  });
});
