/**
 * Markdown to Ghost and back, on real Ghost 6 and 5: the engine and the CLI as a writer uses them.
 */
import { randomUUID } from 'node:crypto';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { EXIT, main as cli } from '../../src/cli';
import { parseAdminKey } from '../../src/core/ghost/adminKey';
import { GhostClient } from '../../src/core/ghost/client';
import { parseSiteUrl } from '../../src/core/ghost/siteUrl';
import { publishFile, pullPost, type PublishContext } from '../../src/core/publish/engine';
import { StateStore } from '../../src/core/publish/state';
import { solidPng } from '../support/ghost/seed';
import { MAJORS, server } from './servers';

for (const major of MAJORS) {
  describe(`publishing Markdown to real Ghost ${major}`, function () {
    this.timeout(60_000);
    let dir: string;
    let ctx: PublishContext;
    const g = () => server(major);
    const client = (key = g().integrationKey) => GhostClient.withKey(parseSiteUrl(g().url), parseAdminKey(key), { userAgent: 'e2e' });

    beforeEach(async () => {
      dir = await fs.mkdtemp(path.join(os.tmpdir(), `ga-pub${major}-`));
      await fs.mkdir(path.join(dir, 'img'));
      for (let i = 0; i < 3; i++) { await fs.writeFile(path.join(dir, 'img', `p ${i}.png`), solidPng(20 + i, 10, [i * 80, 90, 160])); }
      ctx = { client: client(), state: new StateStore(dir) };
    });
    afterEach(async () => { await fs.rm(dir, { recursive: true, force: true }); });

    const write = async (name: string, text: string) => { await fs.writeFile(path.join(dir, name), text); return path.join(dir, name); };

    it('publishes, reads back what Ghost stored, and uploads each image only once', async () => {
      const text = `---\ntitle: Round trip ${major}\ntags: [E2E]\nfeature_image: img/p 0.png\ncustom_excerpt: Short.\n---\n`
        + 'Intro with **bold**.\n\n![First](<img/p 1.png> "A caption")\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```python\nprint(1)\n```\n\n![Again](img/p%201.png)\n';
      const file = await write('round.md', text);
      const first = await publishFile(file, text, ctx);
      assert.equal(first.kind, 'created');
      assert.equal(first.uploaded, 2);
      if (first.kind !== 'created') { return; }
      const read = await ctx.client.posts.read(first.post.id, { formats: ['html'], include: ['tags'] });
      assert.equal(read.status, 'draft');
      assert.equal(read.custom_excerpt, 'Short.');
      assert.deepEqual(read.tags?.map((t) => t.name), ['E2E']);
      assert.match(read.feature_image ?? '', /\/content\/images\//);
      assert.match(read.html ?? '', /<strong>bold<\/strong>/);
      assert.match(read.html ?? '', /<figcaption>A caption<\/figcaption>/);
      assert.match(read.html ?? '', /<table>[\s\S]*<td>1<\/td>/);
      assert.match(read.html ?? '', /class="language-python"/);
      assert.doesNotMatch(read.html ?? '', /img\/p/, 'a local path reached Ghost');
      const edited = first.newText.replace('Intro', 'Introduction');
      const second = await publishFile(file, edited, ctx);
      assert.equal(second.kind, 'updated');
      assert.equal(second.uploaded, 0);
      const again = await publishFile(file, edited, ctx);
      assert.equal(again.kind, 'unchanged');
    });

    it('detects an edit made in Ghost, overwrites nothing, and overwrites only when forced', async () => {
      const file = await write('conflict.md', '---\ntitle: Conflict\n---\nMine.\n');
      const first = await publishFile(file, '---\ntitle: Conflict\n---\nMine.\n', ctx);
      if (first.kind !== 'created') { throw new Error(first.kind); }
      await new Promise((r) => setTimeout(r, 1100));
      const other = client(g().editor.staffToken);
      const cur = await other.posts.read(first.post.id);
      await other.posts.update(first.post.id, { title: 'Edited in Ghost Admin', updated_at: cur.updated_at });
      const local = first.newText.replace('Mine.', 'Mine, edited.');
      const res = await publishFile(file, local, ctx);
      assert.equal(res.kind, 'conflict');
      assert.equal(res.kind === 'conflict' && res.server?.title, 'Edited in Ghost Admin');
      assert.equal((await other.posts.read(first.post.id)).title, 'Edited in Ghost Admin');
      const forced = await publishFile(file, local, ctx, { force: true });
      assert.equal(forced.kind, 'updated');
      assert.equal((await other.posts.read(first.post.id)).title, 'Conflict');
    });

    it('catches tags changed in Ghost before a push that changes only tags', async () => {
      const text = `---\ntitle: Relations ${major}\ntags: [One]\n---\nBody.\n`;
      const file = await write('relations.md', text);
      const first = await publishFile(file, text, ctx);
      if (first.kind !== 'created') { throw new Error(first.kind); }
      await new Promise((r) => setTimeout(r, 1100));
      const other = client(g().editor.staffToken);
      const cur = await other.posts.read(first.post.id);
      await other.posts.update(first.post.id, { tags: [{ name: 'Chosen in Ghost' }] as never, updated_at: cur.updated_at });
      const res = await publishFile(file, first.newText.replace('[One]', '[One, Two]'), ctx);
      assert.equal(res.kind, 'conflict');
      const after = await other.posts.read(first.post.id, { include: ['tags'] });
      assert.deepEqual(after.tags?.map((t) => t.name), ['Chosen in Ghost']);
    });

    it('recognises its own lost answers: an update Ghost saved is no conflict, a create Ghost made is linked, not made twice', async () => {
      const body = (await fs.readFile(path.join(__dirname, '../../../test/fixtures/render/everything.md'), 'utf8')).replace(/!\[A cat\]\(images\/cat\.png "The caption"\)/, '![A cat](https://example.com/cat.png "The caption")');
      const text = `---\ntitle: Lost answers ${major}\ntags: [E2E, Lost]\ncustom_excerpt: Kept.\n---\n${body}`;
      const file = await write('lost.md', text);
      const first = await publishFile(file, text, ctx);
      if (first.kind !== 'created') { throw new Error(first.kind); }
      // Another machine (no record of the push) holds the same file: Ghost's converted copy is
      // recognised as this very content, so nothing is written and no conflict is raised.
      const elsewhere: PublishContext = { client: client(), state: new StateStore(await fs.mkdtemp(path.join(os.tmpdir(), 'ga-elsewhere-'))) };
      const adopted = await publishFile(file, first.newText, elsewhere);
      assert.equal(adopted.kind, 'updated', `Ghost's own converted copy of what was sent was taken for someone else's edit (${adopted.kind})`);
      assert.equal(elsewhere.client.http.stats.requests, 1, 'more than the read of Ghost\'s version was sent');
      assert.equal((await publishFile(file, first.newText, elsewhere)).kind, 'unchanged');
      const differs = await publishFile(file, first.newText.replace('Intro paragraph', 'Changed here'), { ...elsewhere, state: new StateStore(await fs.mkdtemp(path.join(os.tmpdir(), 'ga-elsewhere-'))) });
      assert.equal(differs.kind === 'conflict' && differs.reason, 'no-record');

      // The update lands in Ghost, but its answer never comes back: the record still holds the
      // old updated_at. Ghost refuses a stale updated_at only when a field would change, so the
      // next push of the same content goes through instead of raising a conflict.
      const edited = first.newText.replace('Intro paragraph', 'Opening paragraph');
      await new Promise((r) => setTimeout(r, 1100));
      const dry = await publishFile(file, edited, ctx, { dryRun: true });
      if (dry.kind !== 'dry-run') { throw new Error(dry.kind); }
      const cur = await ctx.client.posts.read(first.post.id);
      await client().posts.update(first.post.id, { ...dry.payload.fields, updated_at: cur.updated_at }, { source: 'html' });
      const res = await publishFile(file, edited, ctx);
      assert.equal(res.kind, 'updated');
      assert.equal((await publishFile(file, edited, ctx)).kind, 'unchanged');

      // The create lands, its answer is lost; the state remembers a create in doubt.
      const text2 = `---\ntitle: Lost create ${major}\n---\nWords.\n`;
      const file2 = await write('lost2.md', text2);
      const dry2 = await publishFile(file2, text2, ctx, { dryRun: true });
      if (dry2.kind !== 'dry-run') { throw new Error(dry2.kind); }
      // A post of the same title made by someone else at the same time: never to be adopted.
      await client().posts.create({ ...dry2.payload.fields, html: '<p>Someone else’s words.</p>', status: 'draft' }, { source: 'html' });
      await ctx.state.setPendingCreate(ctx.client.site.adminUrl, file2, { type: 'post', title: `Lost create ${major}`, uuid: randomUUID(), sentAt: new Date(Date.now() - 2000).toISOString(), hash: dry2.payload.hash, settled: true });
      const made = await client().posts.create({ ...dry2.payload.fields, status: 'draft' }, { source: 'html' });
      const again = await publishFile(file2, text2, ctx);
      assert.equal(again.kind, 'created');
      // What recordLanded relies on: a post nobody has edited has updated_at equal to created_at.
      const madeAt = (made as { created_at?: string }).created_at ?? '';
      assert.equal(Date.parse(made.updated_at), Date.parse(madeAt));
      assert.equal(again.kind === 'created' && again.post.id, made.id, 'a second post was made');
      const same = await ctx.client.posts.browse({ filter: `title:'Lost create ${major}'`, fields: ['id'] });
      assert.equal(same.pagination.total, 2, 'a third post was made, or the other one was deleted');
    });

    it('pulls a post written in Ghost into Markdown that pushes back as a no-op', async () => {
      const made = await ctx.client.posts.create({ title: 'Written in Ghost', html: '<h2>Part</h2><p>Text <em>here</em>.</p><pre><code class="language-js">x()</code></pre>' }, { source: 'html' });
      const pulled = await pullPost(made.id, ctx, { file: path.join(dir, 'pulled.md') });
      assert.match(pulled.text, /## Part/);
      assert.match(pulled.text, /```js\nx\(\)\n```/);
      const before = ctx.client.http.stats.requests;
      const res = await publishFile(path.join(dir, 'pulled.md'), pulled.text, ctx);
      assert.equal(res.kind, 'unchanged');
      assert.equal(ctx.client.http.stats.requests, before);
    });

    it('keeps a Markdown-card post lossless both ways', async () => {
      const md = '---\ntitle: Lossless\nrender: markdown\n---\n| a |\n|---|\n| 1 |\n\nH~2~O ==mark==\n';
      const file = await write('lossless.md', md);
      const res = await publishFile(file, md, ctx);
      if (res.kind !== 'created') { throw new Error(res.kind); }
      const read = await ctx.client.posts.read(res.post.id, { formats: ['html', 'lexical'] });
      assert.match(read.html ?? '', /<table>/);
      const pulled = await pullPost(res.post.id, ctx, { file: path.join(dir, 'again.md') });
      assert.ok(pulled.text.endsWith('| a |\n|---|\n| 1 |\n\nH~2~O ==mark==\n'), pulled.text);
    });

    it('creates pages, and schedules only with a future date', async () => {
      const file = await write('page.md', '---\ntitle: A page\ntype: page\n---\nPage body.\n');
      const page = await publishFile(file, await fs.readFile(file, 'utf8'), ctx);
      if (page.kind !== 'created') { throw new Error(page.kind); }
      assert.equal((await ctx.client.pages.read(page.post.id)).title, 'A page');
      const at = new Date(Date.now() + 7 * 864e5).toISOString();
      const sched = await publishFile(file, page.newText, ctx, { status: 'scheduled', publishedAt: at });
      assert.equal(sched.kind === 'updated' && sched.post.status, 'scheduled');
      await assert.rejects(publishFile(file, page.newText, ctx, { status: 'scheduled', publishedAt: '2020-01-01T00:00:00Z' }), /not in the future/);
    });

    it('lets a Contributor push a draft, authored by them, and refuses to publish it', async () => {
      const c = client(g().contributor.staffToken);
      const cctx: PublishContext = { client: c, state: new StateStore(dir), identity: await c.identity() };
      const file = await write('contrib.md', '# By a contributor\n\nDraft text.\n');
      const res = await publishFile(file, await fs.readFile(file, 'utf8'), cctx);
      if (res.kind !== 'created') { throw new Error(res.kind); }
      const read = await client().posts.read(res.post.id, { include: ['authors'] });
      assert.equal(read.status, 'draft');
      assert.deepEqual(read.authors?.map((a) => a.email), [g().contributor.email]);
      await assert.rejects(publishFile(file, res.newText.replace('Draft text.', 'Ready.'), cctx, { status: 'published' }), /cannot publish/);
    });

    it('runs the CLI with its exit codes', async () => {
      const env = { GHOST_URL: g().url, GHOST_ADMIN_API_KEY: g().integrationKey };
      let out = '';
      const run = (...args: string[]) => { out = ''; return cli([...args, '--state', dir], env, (s) => { out += s; }); };
      assert.equal(await run('check'), EXIT.ok);
      assert.match(out, new RegExp(`Ghost ${major}\\.`));
      const file = await write('cli.md', '---\ntitle: From the CLI\n---\nBody.\n');
      assert.equal(await run('publish', file), EXIT.ok);
      const linked = await fs.readFile(file, 'utf8');
      const id = /ghost_id: (\w+)/.exec(linked)?.[1] ?? '';
      await new Promise((r) => setTimeout(r, 1100));
      const cur = await client().posts.read(id);
      await client().posts.update(id, { title: 'Changed in Ghost', updated_at: cur.updated_at });
      await fs.writeFile(file, linked.replace('Body.', 'Body 2.'));
      assert.equal(await run('publish', file), EXIT.conflict);
      assert.equal(await run('publish'), EXIT.usage);
      assert.equal(await cli(['check'], { ...env, GHOST_ADMIN_API_KEY: `ffffffffffffffffffffffff:${'ab'.repeat(32)}` }, () => undefined), EXIT.error);
      assert.equal(await run('pull', id, '-o', path.join(dir, 'cli-pulled.md')), EXIT.ok);
      assert.match(await fs.readFile(path.join(dir, 'cli-pulled.md'), 'utf8'), /title: Changed in Ghost/);
    });
  });
}
