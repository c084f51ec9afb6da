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
  /** Reuse a browser profile, e.g. one where the extension already stored its secrets (see openWorkbench). */
  browserProfileDir?: string;
}

/** A code-server's URL, or the server itself (then its extensionDevelopmentPath is loaded too). */
export type WorkbenchTarget = string | { url: string; extensionDevelopmentPath?: string };

/** Opens `folder` in the workbench at `url`, hands the page to `fn` once it has rendered, then closes the browser. */
export async function withWorkbench(url: WorkbenchTarget, folder: string, fn: (page: Page) => Promise<void>, opts: WorkbenchPageOptions = {}): Promise<void> {
  const server = typeof url === 'string' ? { url } : url;
  const wb = await openWorkbench({ url: server.url, extensionDevelopmentPath: opts.extensionDevelopmentPath ?? server.extensionDevelopmentPath }, {
    folder, payload: opts.payload, viewport: opts.viewport, browserProfileDir: opts.browserProfileDir,
  });
  try {
    // The activity bar renders only after the workbench has restored its views.
    await wb.page.waitForSelector('.part.activitybar .action-item', { timeout: 60_000 });
    await fn(wb.page);
  } finally {
    await wb.close();
  }
}

/** Gets rid of transient decoration (hover tooltips, icon fonts still loading) before a shot. */
export async function settle(page: Page): Promise<void> {
  // A hover shows after a delay, so one can appear after the pointer has gone; wait it out.
  const size = page.viewportSize() ?? { width: 1280, height: 800 };
  await page.mouse.move(size.width * 0.75, size.height / 2);
  await page.waitForTimeout(1000);
  await page.locator('.monaco-hover').first().waitFor({ state: 'hidden', timeout: 3000 }).catch(() => undefined);
  // A string, because it runs in the page and the project compiles without the DOM library.
  await page.evaluate('document.fonts.ready.then(() => true)');
}

export interface SidebarShotOptions extends WorkbenchPageOptions {
  /** Start of the activity-bar item's aria-label, e.g. "Ghost" or "Explorer" (the default). */
  activityBarLabel?: string;
  /** Wait until a sidebar row shows this text, e.g. a post title loaded from Ghost. */
  waitForRowText?: string;
  /**
   * What to wait for instead of a list row, e.g. '.part.sidebar .welcome-view-content' for a
   * view that shows welcome content (a signed-out state) and therefore has no rows.
   */
  waitForSelector?: string;
}

export async function screenshotSidebar(url: WorkbenchTarget, folder: string, out: string, opts: SidebarShotOptions = {}): Promise<void> {
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
    const rows = page.locator(opts.waitForSelector ?? '.part.sidebar .monaco-list-row');
    const row = opts.waitForRowText === undefined ? rows.first() : rows.filter({ hasText: opts.waitForRowText }).first();
    await row.waitFor({ timeout: 30_000 }).catch(() => {
      throw new Error(`the sidebar showed no ${opts.waitForSelector ?? 'row'}${opts.waitForRowText === undefined ? '' : ` with "${opts.waitForRowText}"`}`);
    });
    await settle(page);
    fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
    await page.screenshot({ path: out });
  }, opts);
}
