/**
 * Ghost's own editor (Ghost Admin in headless Chromium) against what we push, on real Ghost 6:
 * what it does with the mark a push leaves, and that an edit made there is seen as one.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { parseAdminKey } from '../../src/core/ghost/adminKey';
import { GhostClient } from '../../src/core/ghost/client';
import { parseSiteUrl } from '../../src/core/ghost/siteUrl';
import { publishFile, pullPost, type PublishContext } from '../../src/core/publish/engine';
import { markHolds, readMark } from '../../src/core/publish/fingerprint';
import { StateStore } from '../../src/core/publish/state';
import { CHROMIUM_ARGS, chromiumPath } from '../support/host/codeServer';
import { solidPng } from '../support/ghost/seed';
import { MAJORS, server } from './servers';

/** Where screenshots for the README are written (not committed by the test). */
const SHOTS = path.resolve(__dirname, '../../screenshots');

const FULL = { formats: ['html', 'lexical'], include: ['tags', 'authors'] };

if (MAJORS.includes(6)) {
  describe('Ghost’s own editor (Ghost Admin 6 in headless Chromium)', function () {
    this.timeout(180_000);
    let browser: Browser;
    let dir: string;

    before(async () => { browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS }); });
    after(async () => { await browser?.close(); });
    beforeEach(async () => { dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ga-koenig-')); });
    afterEach(async () => { await fs.rm(dir, { recursive: true, force: true }); });

    it('an edit typed in Ghost’s editor is seen as an edit in Ghost: the next push is a conflict and overwrites nothing', async () => {
      const g = server(6);
      const client = GhostClient.withKey(parseSiteUrl(g.url), parseAdminKey(g.integrationKey), { userAgent: 'e2e-koenig' });
      const ctx: PublishContext = { client, state: new StateStore(dir) };
      const file = path.join(dir, 'koenig.md');
      const text = '---\ntitle: Edited in Koenig\n---\nA paragraph written in Markdown.\n\n## A heading\n\nThe last paragraph.\n';
      await fs.writeFile(file, text);
      const first = await publishFile(file, text, ctx);
      if (first.kind !== 'created') { throw new Error(first.kind); }
      assert.ok(readMark(first.post.lexical), 'the push left no mark');
      assert.ok(markHolds(await client.posts.read(first.post.id, FULL)));

      const context = await browser.newContext();
      try {
        const login = await context.request.post(`${g.url}/ghost/api/admin/session/`, { headers: { Origin: g.url }, data: { username: g.owner.email, password: g.owner.password } });
        assert.ok(login.ok(), `sign-in to Ghost Admin failed: ${login.status()}`);
        const page = await context.newPage();
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(e.message));
        await page.goto(`${g.url}/ghost/#/editor/post/${first.post.id}`);
        const editor = page.locator('[data-kg="editor"] [data-lexical-editor]').first();
        await editor.waitFor({ timeout: 60_000 });
        // The page holds more than one Lexical editor: type into the one that is shown.
        await page.getByText('The last paragraph.').filter({ visible: true }).first().click();
        await page.keyboard.press('End');
        await page.keyboard.type(' Typed in Ghost.');
        await page.keyboard.press('Control+s');
        // Ghost Admin saves on Ctrl+S (and by autosave): wait for the Admin API to show it.
        let saved = await client.posts.read(first.post.id, FULL);
        for (let i = 0; i < 40 && !/Typed in Ghost/.test(String(saved.lexical)); i++) {
          await new Promise((r) => setTimeout(r, 500));
          saved = await client.posts.read(first.post.id, FULL);
        }
        assert.match(String(saved.lexical), /Typed in Ghost/, 'the edit typed in Ghost’s editor was not saved');
        assert.deepEqual(errors, []);
        // What the editor does with the mark: recorded by this test's name and by this line.
        const kept = readMark(saved.lexical) !== undefined;
        process.stdout.write(`      (Ghost 6 editor ${kept ? 'keeps' : 'drops'} the mark on save)\n`);
        assert.equal(markHolds(saved), false, 'an edit in Ghost’s editor left the mark holding');
      } finally {
        await context.close();
      }
      const res = await publishFile(file, first.newText.replace('The last paragraph.', 'The last paragraph, edited here.'), ctx);
      assert.equal(res.kind, 'conflict');
      const fresh = await publishFile(file, first.newText.replace('The last paragraph.', 'The last paragraph, edited here.'), { ...ctx, state: new StateStore(await fs.mkdtemp(path.join(os.tmpdir(), 'ga-koenig-fresh-'))), history: async () => [first.newText] });
      assert.equal(fresh.kind, 'conflict');
      assert.match(String((await client.posts.read(first.post.id, FULL)).lexical), /Typed in Ghost/);
      // A pull brings the word typed in Ghost's editor into the Markdown, the rest as it was written.
      const pulled = await pullPost(first.post.id, ctx, { file });
      assert.match(pulled.text, /\nA paragraph written in Markdown\.\n\n## A heading\n\nThe last paragraph\. Typed in Ghost\.\n$/);
      assert.equal((await publishFile(file, pulled.text, ctx)).kind, 'unchanged');
    });

    it('our Markdown opens in Ghost’s editor as its own cards, and formatted words stay editable text', async () => {
      const g = server(6);
      const client = GhostClient.withKey(parseSiteUrl(g.url), parseAdminKey(g.integrationKey), { userAgent: 'e2e-koenig' });
      const ctx: PublishContext = { client, state: new StateStore(dir) };
      const file = path.join(dir, 'cards.md');
      const text = [
        '---', 'title: Cards in Koenig', '---',
        'An intro with ==highlight==, H~2~O, x^2^, **bold** and `code`.', '',
        '> [!TIP]', '> A tip.', '',
        '<details><summary>More</summary>', '', 'Hidden.', '', '</details>', '',
        '```js', 'const x = 1;', '```', '', '---', '',
        '<!--members-only-->', '', '| a | b |', '|---|---|', '| 1 | 2 |', '',
        '![A wide picture](img/a.png "Its caption"){.wide}', '',
        '![One](img/a.png)', '![Two](img/b.png)', '',
        // A card with no Markdown form, as a pull writes it.
        '```ghost-card', JSON.stringify({ type: 'bookmark', version: 1, url: 'https://ghost.org/', metadata: { icon: '', title: 'Ghost', description: 'The publishing platform.', author: '', publisher: 'Ghost', thumbnail: '' }, caption: '' }, null, 2), '```', '',
        'A note[^n] that stays text.', '', '[^n]: The note.', '',
      ].join('\n');
      await fs.mkdir(path.join(dir, 'img'));
      await fs.writeFile(path.join(dir, 'img', 'a.png'), solidPng(640, 320, [90, 120, 200]));
      await fs.writeFile(path.join(dir, 'img', 'b.png'), solidPng(320, 320, [200, 120, 90]));
      await fs.writeFile(file, text);
      const res = await publishFile(file, text, ctx);
      if (res.kind !== 'created') { throw new Error(res.kind); }
      const context = await browser.newContext({ viewport: { width: 1280, height: 2300 } });
      try {
        const login = await context.request.post(`${g.url}/ghost/api/admin/session/`, { headers: { Origin: g.url }, data: { username: g.owner.email, password: g.owner.password } });
        assert.ok(login.ok());
        const page = await context.newPage();
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(e.message));
        await page.goto(`${g.url}/ghost/#/editor/post/${res.post.id}`);
        await page.locator('[data-kg="editor"] [data-lexical-editor]').first().waitFor({ timeout: 60_000 });
        await page.locator('[data-kg-card="toggle"]').first().waitFor({ timeout: 30_000 });
        // The editor holding the most cards is the post's own.
        const cards = await page.evaluate(`(() => {
          const editors = [...document.querySelectorAll('[data-kg="editor"]')];
          const main = editors.sort((a, b) => b.querySelectorAll('[data-kg-card]').length - a.querySelectorAll('[data-kg-card]').length)[0];
          const kinds = [...(main ? main.querySelectorAll('[data-kg-card]') : [])].map((c) => c.getAttribute('data-kg-card'));
          const para = (words) => [...(main ? main.querySelectorAll('p') : [])].find((p) => (p.textContent || '').includes(words));
          const intro = para('An intro with');
          const note = para('that stays text');
          return { kinds, introIsText: !!intro && !intro.closest('[data-kg-card]'), marks: intro ? intro.querySelectorAll('mark').length : 0, noteIsText: !!note && !note.closest('[data-kg-card]') };
        })()`) as { kinds: string[]; introIsText: boolean; marks: number; noteIsText: boolean };
        assert.deepEqual(cards.kinds, ['callout', 'toggle', 'codeblock', 'horizontalrule', 'paywall', 'html', 'image', 'gallery', 'bookmark', 'html']);
        assert.equal(cards.introIsText, true, 'the intro paragraph is not editable text');
        assert.equal(cards.marks, 1);
        assert.equal(cards.noteIsText, true, 'the paragraph with a footnote reference is not editable text');
        assert.deepEqual(errors, []);
        // For the README: the post as Ghost's editor shows it.
        await fs.mkdir(SHOTS, { recursive: true });
        await page.screenshot({ path: path.join(SHOTS, 'koenig-cards.png'), fullPage: true });
      } finally {
        await context.close();
      }
    });
  });
}
