/**
 * Screenshots of the real workbench served by a running code-server (see startCodeServer).
 * Toasts never render headless; the Notification Center does, if a shot needs a message.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { openWorkbench, type Payload } from './codeServer';

export interface WorkbenchPageOptions {
  /** Load this extension in development mode (otherwise only installed extensions run). */
  extensionDevelopmentPath?: string;
  payload?: Payload;
  viewport?: { width: number; height: number };
}

/** Opens `folder` in the workbench at `url`, hands the page to `fn` once it has rendered, then closes the browser. */
export async function withWorkbench(url: string, folder: string, fn: (page: Page) => Promise<void>, opts: WorkbenchPageOptions = {}): Promise<void> {
  const wb = await openWorkbench({ url, extensionDevelopmentPath: opts.extensionDevelopmentPath }, {
    folder, payload: opts.payload, viewport: opts.viewport,
  });
  try {
    // The activity bar renders only after the workbench has restored its views.
    await wb.page.waitForSelector('.part.activitybar .action-item', { timeout: 60_000 });
    await fn(wb.page);
  } finally {
    await wb.close();
  }
}

export interface SidebarShotOptions extends WorkbenchPageOptions {
  /** Start of the activity-bar item's aria-label, e.g. "Ghost" or "Explorer" (the default). */
  activityBarLabel?: string;
  /** Wait until a sidebar row shows this text, e.g. a post title loaded from Ghost. */
  waitForRowText?: string;
}

export async function screenshotSidebar(url: string, folder: string, out: string, opts: SidebarShotOptions = {}): Promise<void> {
  const label = opts.activityBarLabel ?? 'Explorer';
  await withWorkbench(url, folder, async (page) => {
    // Labels carry a keybinding suffix ("Explorer (Ctrl+Shift+E)"), hence a prefix match.
    const item = page.locator(`.part.activitybar .action-item a[aria-label^="${label.replace(/"/g, '\\"')}"]`).first();
    await item.waitFor({ timeout: 30_000 }).catch(() => {
      throw new Error(`no activity-bar item whose aria-label starts with "${label}"`);
    });
    // Clicking the active container's item would close the sidebar.
    const active = await item.evaluate((el) => el.closest('.action-item')?.classList.contains('checked') === true);
    if (!active) { await item.click(); }
    const rows = page.locator('.part.sidebar .monaco-list-row');
    const row = opts.waitForRowText === undefined ? rows.first() : rows.filter({ hasText: opts.waitForRowText }).first();
    await row.waitFor({ timeout: 30_000 }).catch(() => {
      throw new Error(`the sidebar showed no row${opts.waitForRowText === undefined ? '' : ` with "${opts.waitForRowText}"`}`);
    });
    // Let icons and lazily measured labels settle.
    await page.waitForTimeout(500);
    fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
    await page.screenshot({ path: out });
  }, opts);
}
