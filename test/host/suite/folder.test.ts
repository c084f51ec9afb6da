/**
 * A folder is a site, in a real VS Code host against the real Ghost 6 the runner started: the
 * Explorer's file decorations and Sync Workspace. Runs after extension.test.ts has connected the
 * site (files run in name order).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GhostAuthorApi } from '../../../src/extension';
import { Commands, EXTENSION_ID } from '../../../src/constants';
import type { SyncResult, SyncStep } from '../../../src/core/publish/folder';

describe('a folder is a site, in VS Code', function () {
  this.timeout(120_000);
  let api: GhostAuthorApi;
  let dir: vscode.Uri;

  before(async () => {
    api = await vscode.extensions.getExtension<GhostAuthorApi>(EXTENSION_ID)!.activate();
    assert.ok(api.sites.active, 'no site connected: extension.test.ts must run first');
    const ws = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(ws);
    dir = vscode.Uri.joinPath(ws, 'site-folder');
    await fs.mkdir(path.join(dir.fsPath, 'posts'), { recursive: true });
    await fs.writeFile(path.join(dir.fsPath, 'posts', 'one.md'), '---\ntitle: Folder one\n---\nOne.\n');
    await fs.writeFile(path.join(dir.fsPath, 'posts', 'two.md'), '---\ntitle: Folder two\ndate: 2024-05-01T10:00:00Z\ncategories: [Notes]\n---\nTwo.\n');
    await fs.writeFile(path.join(dir.fsPath, 'notes.md'), 'No front matter: not part of the site.\n');
  });

  const badge = async (rel: string) => (await api.fileStates?.provideFileDecoration(vscode.Uri.joinPath(dir, rel)))?.badge;

  it('decorates files from local data, with no request: new files are N, a file without front matter nothing', async () => {
    const client = await api.clients.client(api.sites.active!);
    const before = client.http.stats.requests;
    assert.equal(await badge('posts/one.md'), 'N');
    assert.equal(await badge('notes.md'), undefined);
    assert.equal(client.http.stats.requests, before, 'a decoration made a request');
  });

  it('Sync Workspace creates the new files and links them; the Explorer then shows them in sync, and an edit as changed here', async () => {
    const out = await vscode.commands.executeCommand<{ plan: SyncStep[]; results: SyncResult[] }>(Commands.syncWorkspace, dir, { confirm: false });
    assert.deepEqual(out.plan.filter((p) => p.action !== 'leave').map((p) => [p.entry.file, p.action]), [['posts/one.md', 'create'], ['posts/two.md', 'create']]);
    assert.deepEqual(out.results.filter((r) => r.outcome).map((r) => r.outcome?.kind), ['created', 'created']);
    const text = await fs.readFile(path.join(dir.fsPath, 'posts', 'two.md'), 'utf8');
    assert.match(text, /ghost_id: [0-9a-f]{24}/);
    assert.equal(api.fileStates?.state(vscode.Uri.joinPath(dir, 'posts/two.md')), 'in-sync');
    assert.equal(await badge('posts/two.md'), '✓');
    // Edited and saved in the editor: worked out again locally.
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(dir, 'posts/one.md'));
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), doc.getText().replace('One.', 'One, edited.'));
    assert.ok(await vscode.workspace.applyEdit(edit));
    await doc.save();
    assert.equal(await badge('posts/one.md'), 'M');
    // A second sync sends the edit and nothing else.
    const again = await vscode.commands.executeCommand<{ results: SyncResult[] }>(Commands.syncWorkspace, dir, { confirm: false });
    assert.deepEqual(again.results.filter((r) => r.outcome).map((r) => [r.step.entry.file, r.outcome?.kind]), [['posts/one.md', 'updated']]);
    assert.equal(await badge('posts/one.md'), '✓');
  });

  it('Refresh File States asks Ghost: a post edited there shows as G', async () => {
    const text = await fs.readFile(path.join(dir.fsPath, 'posts', 'two.md'), 'utf8');
    const id = /ghost_id: (\w+)/.exec(text)?.[1] ?? '';
    const client = await api.clients.client(api.sites.active!);
    await new Promise((r) => setTimeout(r, 1100));
    const cur = await client.posts.read(id, {});
    await client.posts.update(id, { title: 'Folder two, retitled in Ghost', updated_at: cur.updated_at });
    await vscode.commands.executeCommand(Commands.refreshFileStates, dir);
    assert.equal(await badge('posts/two.md'), 'G');
    assert.equal(await badge('posts/one.md'), '✓');
  });
});
