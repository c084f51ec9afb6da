/**
 * Proves the harness, not the extension: the tests really run inside a VS Code 1.139 extension
 * host, with the workspace and environment the runner asked for.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';

describe('host harness', () => {
  it('runs inside VS Code 1.139 (code-server), in a Node extension host', () => {
    assert.match(vscode.version, /^1\.139\./);
    assert.equal(vscode.env.uiKind, vscode.UIKind.Web);
    assert.equal(typeof process.versions.node, 'string');
  });

  it('opens the workspace folder the runner passed, and sees the runner\'s environment', () => {
    // runInHost() passes this through extensionTestsEnv, so its absence means the environment was lost.
    const expected = process.env.GHOST_AUTHOR_HOST_WORKSPACE;
    assert.ok(expected, 'GHOST_AUTHOR_HOST_WORKSPACE did not reach the extension host');
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.equal(folders.length, 1);
    assert.equal(folders[0]?.uri.scheme, 'file');
    assert.equal(folders[0]?.uri.fsPath, path.resolve(expected));
  });

  it('receives the caller\'s own extensionTestsEnv entries', function () {
    const probe = process.env.GHOST_AUTHOR_HOST_PROBE;
    if (probe === undefined) { this.skip(); }
    assert.match(probe, /^probe-\d+$/);
  });

  it('can read the workspace through the VS Code file system API', async function () {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (folder === undefined) { this.skip(); }
    const entries = await vscode.workspace.fs.readDirectory(folder.uri);
    assert.ok(Array.isArray(entries));
  });
});
