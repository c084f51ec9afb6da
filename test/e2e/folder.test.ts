/**
 * A folder is a site, on real Ghost 6 and 5: a repository of 60 files written for Hugo, Jekyll
 * and Obsidian against a site of at least 250 posts. After each step the status must be exactly
 * what a model of the folder and the site says.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAdminKey } from '../../src/core/ghost/adminKey';
import { GhostClient } from '../../src/core/ghost/client';
import { parseSiteUrl } from '../../src/core/ghost/siteUrl';
import { writeFileAtomic } from '../../src/core/fsutil';
import type { PublishContext } from '../../src/core/publish/engine';
import { applySync, folderStatus, pullAll, syncPlan, type EntryState, type FolderStatus } from '../../src/core/publish/folder';
import { StateStore } from '../../src/core/publish/state';
import { readLink } from '../../src/core/content/link';
import { writeFolderSite } from '../support/folderSite';
import { solidPng } from '../support/ghost/seed';
import { MAJORS, server } from './servers';

const SITE_POSTS = 250;

for (const major of MAJORS) {
  describe(`a folder is a site, on real Ghost ${major}`, function () {
    this.timeout(600_000);
    let root: string;
    const client = () => GhostClient.withKey(parseSiteUrl(server(major).url), parseAdminKey(server(major).integrationKey), { userAgent: 'e2e' });
    before(async () => { root = await fs.mkdtemp(path.join(os.tmpdir(), `ga-folder${major}-`)); });
    after(async () => { await fs.rm(root, { recursive: true, force: true }); });

    it('status matches the model after a first sync, a second (no write), edits on each side, deletes on both, a moved file; pull --all then has nothing to do', async () => {
      const c = client();
      // The site: at least 250 posts besides ours.
      let have = 0;
      for await (const p of c.posts.all({ fields: ['id'] })) { have += p.id ? 1 : 0; }
      for (let i = have; i < SITE_POSTS; i++) { await c.posts.create({ title: `Site post ${i + 1}`, lexical: JSON.stringify({ root: { children: [{ type: 'paragraph', children: [{ type: 'extended-text', text: `Post ${i + 1} of the site.`, format: 0, detail: 0, mode: 'normal', style: '', version: 1 }], direction: 'ltr', format: '', indent: 0, version: 1 }], direction: 'ltr', format: '', indent: 0, type: 'root', version: 1 } }) }); }
      const dir = path.join(root, 'repo');
      const files = await writeFolderSite(dir);
      assert.equal(files.length, 61);
      const ctx: PublishContext = { client: c, state: new StateStore(dir), frontMatterStatus: true };
      const http = (c as unknown as { http: { stats: { requests: number; writes: number } } }).http;

      /** The model: each file's state, and the ids the folder links. */
      const model = new Map<string, EntryState>(files.filter((f) => f !== 'README.md').map((f) => [f, 'new']));
      const ids = new Map<string, string>();
      const check = async (label: string): Promise<FolderStatus> => {
        const s = await folderStatus(dir, ctx);
        const got = new Map(s.entries.filter((e) => e.file).map((e) => [e.file as string, e.state]));
        assert.deepEqual(Object.fromEntries([...got].sort()), Object.fromEntries([...model].sort()), `files after ${label}`);
        // Every post and page of the site is either linked by a file or only in Ghost.
        const linked = new Set([...ids.values()]);
        const site = new Set<string>();
        for (const t of ['posts', 'pages'] as const) { for await (const p of c.resource(t).all({ fields: ['id'] })) { site.add(p.id); } }
        const only = s.entries.filter((e) => e.state === 'only-in-ghost').map((e) => e.id as string).sort();
        assert.deepEqual(only, [...site].filter((id) => !linked.has(id)).sort(), `posts only in Ghost after ${label}`);
        return s;
      };
      const sync = async (s: FolderStatus) => applySync(dir, syncPlan(s), { ...ctx, published: s.published }, { writeFile: writeFileAtomic });
      const relink = async () => {
        ids.clear();
        for (const f of model.keys()) {
          const id = readLink(await fs.readFile(path.join(dir, f), 'utf8'))?.id;
          if (id) { ids.set(f, id); }
        }
      };

      const first = await check('nothing sent');
      assert.ok(first.entries.filter((e) => e.state === 'only-in-ghost').length >= SITE_POSTS);
      // Hugo's date, description, categories and draft read as Ghost's.
      assert.deepEqual(first.entries.find((e) => e.file === 'content/posts/hugo-4.md')?.imported, ['date → published_at', 'description → custom_excerpt', 'draft → status', 'categories → tags']);

      const results = await sync(first);
      assert.deepEqual(results.filter((r) => r.error), []);
      assert.equal(results.filter((r) => r.outcome?.kind === 'created').length, 60);
      for (const f of model.keys()) { model.set(f, 'in-sync'); }
      await relink();
      assert.equal(ids.size, 60);
      const hugo4 = await c.posts.read(ids.get('content/posts/hugo-4.md') as string, { include: ['tags'] });
      assert.deepEqual([hugo4.status, hugo4.custom_excerpt, (hugo4.tags ?? []).map((t) => t.name)], ['draft', 'The 4th Hugo post.', ['hugo', 'post-1', 'Travel']]);
      // Hugo's date with its zone, kept as the post's date (the post stays a draft: draft: false publishes nothing).
      const hugo1 = await c.posts.read(ids.get('content/posts/hugo-1.md') as string, {});
      assert.deepEqual([hugo1.status, hugo1.published_at], ['draft', '2023-03-02T09:00:00.000Z']);
      const hugo5 = await c.posts.read(ids.get('content/posts/hugo-5.md') as string, {});
      assert.match(String(hugo5.feature_image), /\/content\/images\/.*hugo-5.*\.png$/);
      const note3 = await c.posts.read(ids.get('vault/Note 3.md') as string, { formats: ['html'] });
      assert.equal(note3.title, 'Obsidian note 3');
      assert.match(String(note3.html), /<img [^>]*src="[^"]*\/content\/images\/[^"]*sketch-3[^"]*\.png"/);
      // [[Note 1|the first note]] links to Note 1, published by this same sync.
      const note1 = await c.posts.read(ids.get('vault/Note 1.md') as string, {});
      assert.equal(note1.status, 'published');
      assert.ok(String(note3.html).includes(`See <a href="${note1.url}">the first note</a>.`), String(note3.html));
      assert.equal((await c.pages.read(ids.get('pages/page-2.md') as string, {})).title, 'Page 2');

      // A second sync writes nothing.
      const writes = http.stats.writes;
      await sync(await check('the first sync'));
      assert.equal(http.stats.writes, writes, 'the second sync wrote');
      await new Promise((r) => setTimeout(r, 1100));

      const edit = async (f: string, from: string, to: string) => {
        const text = await fs.readFile(path.join(dir, f), 'utf8');
        assert.ok(text.includes(from), `${f} has no ${from}`);
        await fs.writeFile(path.join(dir, f), text.replace(from, to));
      };
      const editInGhost = async (f: string) => {
        const id = ids.get(f) as string;
        const type = f.startsWith('pages/') ? 'pages' : 'posts';
        const cur = await c.resource(type).read(id, {});
        await c.resource(type).update(id, { title: `${cur.title} (edited in Ghost)`, updated_at: cur.updated_at });
      };
      for (const f of ['content/posts/hugo-1.md', '_posts/2022-05-03-jekyll-2.md', 'vault/Note 1.md', 'pages/page-1.md']) {
        await edit(f, 'Some words', 'Edited words');
        model.set(f, 'changed-here');
      }
      for (const f of ['content/posts/hugo-2.md', '_posts/2022-05-04-jekyll-3.md', 'vault/Note 2.md', 'pages/page-2.md']) {
        await editInGhost(f);
        model.set(f, 'changed-in-ghost');
      }
      for (const f of ['content/posts/hugo-3.md', 'vault/Note 4.md']) {
        await edit(f, 'Some words', 'Words edited here');
        await editInGhost(f);
        model.set(f, 'conflict');
      }
      for (const f of ['content/posts/hugo-6.md', '_posts/2022-05-06-jekyll-5.md']) {
        await c.posts.delete(ids.get(f) as string);
        model.set(f, 'deleted-in-ghost');
      }
      for (const f of ['content/posts/hugo-7.md', 'vault/Note 5.md']) {
        await fs.rm(path.join(dir, f));
        model.delete(f);
        ids.delete(f);
      }
      await fs.mkdir(path.join(dir, 'archive'), { recursive: true });
      await fs.rename(path.join(dir, 'content/posts/hugo-8.md'), path.join(dir, 'archive/hugo-8.md'));
      model.delete('content/posts/hugo-8.md');
      model.set('archive/hugo-8.md', 'in-sync');
      await relink();
      const edited = await check('edits on both sides, deletes and a move');

      // Sync sends the edits made here, and leaves the rest: conflicts stay for the writer.
      const after = await sync(edited);
      assert.deepEqual(after.filter((r) => r.outcome?.kind === 'updated').map((r) => r.step.entry.file).sort(), ['_posts/2022-05-03-jekyll-2.md', 'content/posts/hugo-1.md', 'pages/page-1.md', 'vault/Note 1.md']);
      for (const [f, st] of model) { if (st === 'changed-here') { model.set(f, 'in-sync'); } }
      await check('the sync after the edits');

      // Two posts showing the same bytes at two addresses (Ghost renames a second upload of a file):
      // each pulled file keeps its own address.
      const twin = solidPng(7, 7, [10, 200, 30]);
      const u1 = (await c.uploadImage('twin.png', { ref: 'twin.png', data: twin })).url;
      const u2 = (await c.uploadImage('twin.png', { ref: 'twin.png', data: twin })).url;
      assert.notEqual(u1, u2);
      for (const [title, u] of [['Twin one', u1], ['Twin two', u2]] as const) {
        await c.posts.create({ title, html: `<figure class="kg-card kg-image-card"><img src="${u}" class="kg-image" alt="twin"></figure>` }, { source: 'html' });
      }
      // The whole site pulled into an empty folder with its images: every post in sync, nothing to do.
      const mirror = path.join(root, 'mirror');
      const mctx: PublishContext = { client: c, state: new StateStore(mirror), frontMatterStatus: true };
      const pulled = await pullAll(mirror, mctx, { images: true });
      assert.ok(pulled.written.length >= SITE_POSTS);
      const mirrored5 = pulled.written.find((w) => w.id === ids.get('content/posts/hugo-5.md'));
      const hugo5Text = await fs.readFile(path.join(mirror, mirrored5?.file ?? ''), 'utf8');
      const cover = /\nfeature_image: (\.\.\/images\/\S+\.png)\n/.exec(hugo5Text)?.[1];
      assert.ok(cover, hugo5Text);
      assert.deepEqual(await fs.readFile(path.join(mirror, 'posts', cover)), await fs.readFile(path.join(dir, 'content/posts/images/hugo-5.png')));
      const mirrored3 = pulled.written.find((w) => w.id === ids.get('vault/Note 3.md'));
      assert.match(await fs.readFile(path.join(mirror, mirrored3?.file ?? ''), 'utf8'), /!\[[^\]]*\]\(\.\.\/images\/\S+sketch-3\S*\.png\)/);
      const ms = await folderStatus(mirror, mctx);
      const notInSync = ms.entries.filter((e) => e.state !== 'in-sync');
      assert.deepEqual(notInSync.map((e) => `${e.file ?? e.id}: ${e.state} (${e.why})`), []);
      assert.deepEqual(syncPlan(ms).filter((p) => p.action !== 'leave'), []);
    });
  });
}
