/**
 * The email preview, in a real VS Code host against the real Ghost 6 the runner started. Ghost
 * shows emails to staff users only: the site is connected with the Owner's staff token here
 * (this file runs last; files run in name order).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GhostAuthorApi } from '../../../src/extension';
import { Commands, EXTENSION_ID } from '../../../src/constants';
import type { PublishOutcome } from '../../../src/core/publish/engine';

const env = (n: string) => process.env[n] ?? '';

describe('the email preview in VS Code', function () {
  this.timeout(90_000);

  it('shows Ghost\'s own rendering of the email in a webview with a strict CSP and no script', async () => {
    const api = await vscode.extensions.getExtension<GhostAuthorApi>(EXTENSION_ID)!.activate();
    const site = api.sites.findByUrl(`${env('GHOST_AUTHOR_TEST_URL')}/`);
    assert.ok(site);
    await vscode.commands.executeCommand(Commands.rotateKey, site.id, { key: env('GHOST_AUTHOR_TEST_OWNER_KEY') });
    const ws = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
    const file = path.join(ws, 'email-preview.md');
    await fs.writeFile(file, '---\ntitle: Email preview test\n---\nWords in the email.\n\n<script>alert(1)</script>\n');
    const doc = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(doc);
    const pushed = await vscode.commands.executeCommand<PublishOutcome>(Commands.pushDraft, { uri: doc.uri });
    assert.equal(pushed.kind, 'created');
    const out = await vscode.commands.executeCommand<{ subject: string; html: string; title: string; scripts: boolean }>(Commands.previewEmail);
    assert.deepEqual([out.title, out.scripts], ['Email: Email preview test', false]);
    assert.equal(out.subject, 'Email preview test');
    assert.match(out.html, /^<!doctype html>\n<html>\n<head>\n<meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src https: http: data:; style-src 'unsafe-inline'; font-src https: data:; base-uri 'none'; form-action 'none';">/);
    assert.match(out.html, /Words in the email/);
    assert.doesNotMatch(out.html, /<script\b/i);
    // The draft's preview link is on the site's own domain, as the chosen reader.
    const link = await vscode.commands.executeCommand<string>(Commands.openGhostPreview, { as: 'free', open: false });
    assert.match(link, new RegExp(`^${env('GHOST_AUTHOR_TEST_URL').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/p/[0-9a-f-]+/\\?member_status=free$`));
  });
});
