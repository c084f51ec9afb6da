/**
 * The packaged extension, as users get it: `vsce package`, installed into code-server with
 * --install-extension, then the workbench must show the Ghost view with its welcome content.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { log, run } from '../support/cache';
import { startCodeServer } from '../support/host/codeServer';
import { ensureCodeServer } from '../support/host/install';
import { withWorkbench } from '../support/host/screenshot';

const root = path.resolve(__dirname, '../../..');

async function main(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ga-vsix-'));
  const vsix = path.join(work, 'ghost-author.vsix');
  const extDir = path.join(work, 'extensions');
  try {
    await run('node', [path.join(root, 'esbuild.js'), '--production'], { cwd: root });
    await run(path.join(root, 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '--out', vsix], { cwd: root });
    const size = fs.statSync(vsix).size;
    log(`packaged ${(size / 1024).toFixed(0)} KiB`);
    const cs = await ensureCodeServer();
    await run(cs.node.bin, [cs.bin, '--install-extension', vsix, '--extensions-dir', extDir], { cwd: work });
    const installed = fs.readdirSync(extDir).filter((d) => d.startsWith('ghost-author.ghost-author'));
    assert.equal(installed.length, 1, `installed: ${fs.readdirSync(extDir).join(', ')}`);
    const files = fs.readdirSync(path.join(extDir, installed[0] ?? ''), { recursive: true, encoding: 'utf8' });
    assert.ok(!files.some((f) => f.startsWith('src') || f.startsWith('test') || f.startsWith('node_modules')), 'the package holds sources or node_modules');
    // The converters the extension loads lazily (HTML → Markdown to pull posts without Lexical, and
    // markdown-it on the first conversion or preview, the template readers, the pre-flight check, the Lexical reader) ship beside it.
    for (const lazy of ['htmlPull.js', 'markdownIt.js', 'templateReaders.js', 'tomlParser.js', 'lintChecks.js', 'fromLexical.js']) {
      assert.ok(files.includes(path.join('dist', lazy)), `dist/${lazy} is missing from the package: ${files.filter((f) => f.startsWith('dist')).join(', ')}`);
    }
    const workspace = path.join(work, 'ws');
    fs.mkdirSync(workspace);
    const server = await startCodeServer({ workspace, extraExtensionsDir: extDir });
    try {
      await withWorkbench(server.url, workspace, async (page) => {
        await page.locator('.part.activitybar .action-item a[aria-label^="Ghost"]').first().click({ timeout: 60_000 });
        await page.locator('.part.sidebar .welcome-view-content').filter({ hasText: 'Connect a Ghost site' }).first().waitFor({ timeout: 60_000 });
      });
    } finally {
      await server.stop();
    }
    log('the installed .vsix shows the Ghost view and its welcome content');
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
