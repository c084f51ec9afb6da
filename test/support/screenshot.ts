/**
 * `npm run screenshot`: the sandbox's Ghost sidebar, with posts listed, as media/screenshots/tree.png.
 */
import * as path from 'node:path';
import { log } from './cache';
import { withWorkbench, settle } from './host/screenshot';
import { ROOT, startSandbox } from './sandbox';

async function main(): Promise<void> {
  const sb = await startSandbox();
  const out = path.join(ROOT, 'media', 'screenshots', 'tree.png');
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
      await page.screenshot({ path: out, clip: { x: 0, y: 0, width: 620, height: 560 } });
    }, { viewport: { width: 1280, height: 800 } });
    log(`wrote ${path.relative(ROOT, out)}`);
  } finally {
    await sb.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
