/**
 * The pre-flight check in a real VS Code host: its findings underlined as the writer types, a
 * quick fix, and Publish… saying them before it asks. Runs after sites.test.ts (name order), with
 * the test site connected.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GhostAuthorApi } from '../../../src/extension';
import { Commands, EXTENSION_ID } from '../../../src/constants';

describe('the pre-flight check in the editor', function () {
  this.timeout(120_000);
  const ws = () => vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
  const text = '---\ntitle: Checked before it goes out\n---\n## One\n\n#### Too deep\n\n![](nowhere.png) and [gone](gone.md).\n';

  before(async () => {
    await vscode.extensions.getExtension<GhostAuthorApi>(EXTENSION_ID)!.activate();
  });

  async function checked(file: string): Promise<{ doc: vscode.TextDocument; diags: vscode.Diagnostic[] }> {
    const doc = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(doc);
    let diags: vscode.Diagnostic[] = [];
    for (let i = 0; i < 100 && diags.length < 4; i++) {
      diags = vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === 'Ghost' && typeof d.code === 'string');
      if (diags.length < 4) { await new Promise((r) => setTimeout(r, 100)); }
    }
    return { doc, diags };
  }

  it('underlines what readers would miss, each with its rule, and fixes a skipped heading level', async () => {
    const file = path.join(ws(), 'preflight.md');
    await fs.writeFile(file, text);
    const { doc, diags } = await checked(file);
    assert.deepEqual(diags.map((d) => `${d.range.start.line + 1} ${String(d.code)}`).sort(), ['6 heading-level', '8 image', '8 image-alt', '8 link-target']);
    assert.equal(diags.find((d) => d.code === 'image')?.severity, vscode.DiagnosticSeverity.Error);
    const heading = diags.find((d) => d.code === 'heading-level') as vscode.Diagnostic;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, heading.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.title === 'Make it a level-2 heading' || a.title === 'Make it a level-3 heading');
    assert.equal(fix?.title, 'Make it a level-3 heading', actions.map((a) => a.title).join(', '));
    assert.ok(fix?.edit && await vscode.workspace.applyEdit(fix.edit));
    assert.equal(doc.lineAt(5).text, '### Too deep');
    // The finding goes once the writer's fix is checked again.
    let left = diags;
    for (let i = 0; i < 50 && left.some((d) => d.code === 'heading-level'); i++) {
      await new Promise((r) => setTimeout(r, 100));
      left = vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === 'Ghost');
    }
    assert.ok(!left.some((d) => d.code === 'heading-level'), 'the fixed heading is still underlined');
    // VS Code's own preview engine (its front matter rule, then ours): the post header, with the findings under it.
    const html = await vscode.commands.executeCommand<string>('markdown.api.render', doc);
    assert.match(html, /<header class="ga-post-header">.*<h1 class="ga-post-title">Checked before it goes out<\/h1>/s);
    assert.doesNotMatch(html, /<table[^>]*>[\s\S]*?title[\s\S]*?Checked before it goes out/, 'the editor\'s front matter table is shown beside the header');
    assert.match(html, /<li class="ga-finding-warning">Line 8: The link to gone\.md names no file/);
    assert.doesNotMatch(html, /<li[^>]*>Line 6:/, 'a fixed finding is still listed');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('Publish… says the findings before it asks, and nothing is sent when the writer stops', async () => {
    const file = path.join(ws(), 'preflight-publish.md');
    await fs.writeFile(file, text);
    const w = vscode.window as unknown as Record<string, unknown>;
    const warn = w.showWarningMessage;
    const asked: Array<{ message: string; detail?: string }> = [];
    w.showWarningMessage = async (message: string, options?: { detail?: string }) => { asked.push({ message, detail: options?.detail }); return undefined; };
    try {
      await vscode.commands.executeCommand(Commands.publish, { uri: file, newsletter: '' });
    } finally {
      w.showWarningMessage = warn;
    }
    assert.equal(asked.length, 1, JSON.stringify(asked));
    assert.match(asked[0]?.message ?? '', /^Publish “Checked before it goes out”/);
    const detail = asked[0]?.detail ?? '';
    assert.match(detail, /^Before you publish, the check found these 4:/);
    assert.match(detail, /Line 6: A level-4 heading follows a level-2 one/);
    assert.match(detail, /Line 8: The link to gone\.md names no file/);
    assert.match(detail, /It becomes public now\. No email is sent\.$/);
    assert.doesNotMatch(await fs.readFile(file, 'utf8'), /ghost_id/, 'the file was pushed though the writer stopped');
  });
});
