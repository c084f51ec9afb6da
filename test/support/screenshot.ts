/**
 * `npm run screenshot`: pictures for the README, taken from the sandbox in a real workbench:
 * the Ghost sidebar, the Markdown preview, and the conflict diff.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { log } from './cache';
import { adminRequest } from './ghost/adminHttp';
import { settle, withWorkbench } from './host/screenshot';
import { ROOT, startSandbox } from './sandbox';

const SHOTS = path.join(ROOT, 'media', 'screenshots');

async function palette(page: Page, command: string): Promise<void> {
  await page.keyboard.press('F1');
  await page.keyboard.type(command, { delay: 5 });
  await page.waitForTimeout(400);
  await page.keyboard.press('Enter');
}

async function openFile(page: Page, name: string): Promise<void> {
  await page.keyboard.press('Control+P');
  await page.keyboard.type(name, { delay: 5 });
  await page.waitForTimeout(400);
  await page.keyboard.press('Enter');
  await page.locator('.editor-instance .view-lines').first().waitFor({ timeout: 30_000 });
}

async function main(): Promise<void> {
  fs.rmSync(path.join(ROOT, '.sandbox'), { recursive: true, force: true });
  const sb = await startSandbox();
  fs.mkdirSync(SHOTS, { recursive: true });
  try {
    await withWorkbench(sb.code, sb.workspace, async (page) => {
      await page.locator('.part.activitybar .action-item a[aria-label^="Ghost"]').first().click();
      const row = (text: string) => page.locator('.part.sidebar .monaco-list-row').filter({ hasText: text }).first();
      await row('Posts').waitFor({ timeout: 60_000 });
      await row('Posts').click();
      await row('Published').waitFor({ timeout: 30_000 });
      await row('Published').click();
      await row('Welcome to the sandbox').waitFor({ timeout: 30_000 });
      await row('Drafts').click();
      await row('Draft: reading list').waitFor({ timeout: 30_000 });
      await settle(page);
      await page.screenshot({ path: path.join(SHOTS, 'tree.png'), clip: { x: 0, y: 0, width: 620, height: 560 } });

      await openFile(page, 'hello-from-vscode.md');
      await palette(page, 'Ghost: Preview as Ghost Will Show It');
      await page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame').locator('figure').first().waitFor({ timeout: 30_000 });
      await settle(page);
      await page.screenshot({ path: path.join(SHOTS, 'preview.png') });

      await openFile(page, 'hello-from-vscode.md');
      await palette(page, 'Ghost: Push Content');
      const linked = path.join(sb.workspace, 'hello-from-vscode.md');
      for (let i = 0; i < 60 && !/ghost_id:/.test(fs.readFileSync(linked, 'utf8')); i++) { await page.waitForTimeout(250); }
      const id = /ghost_id: (\w+)/.exec(fs.readFileSync(linked, 'utf8'))?.[1];
      if (!id) { throw new Error('the push did not link the file'); }
      await page.waitForTimeout(1100);
      const cur = await adminRequest<{ posts: Array<{ updated_at: string }> }>(sb.ghost, 'GET', `posts/${id}/`, { key: sb.ghost.editor.staffToken });
      await adminRequest(sb.ghost, 'PUT', `posts/${id}/?source=html`, {
        key: sb.ghost.editor.staffToken,
        body: { posts: [{ title: 'Hello from Ghost Admin', html: '<p>An editor changed this in Ghost.</p>', updated_at: cur.body.posts[0]?.updated_at }] },
      });
      await page.keyboard.press('Control+End');
      await page.keyboard.type('\nA line added in VS Code.');
      await page.keyboard.press('Control+S');
      await palette(page, 'Ghost: Push Content');
      await page.locator('.monaco-diff-editor').first().waitFor({ timeout: 30_000 });
      await page.locator('.monaco-dialog-box').first().waitFor({ timeout: 30_000 });
      await settle(page);
      await page.screenshot({ path: path.join(SHOTS, 'conflict.png') });
      await page.keyboard.press('Escape');
    }, { viewport: { width: 1280, height: 800 } });
    log(`wrote ${path.relative(ROOT, SHOTS)}/tree.png, preview.png, conflict.png`);
  } finally {
    await sb.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
