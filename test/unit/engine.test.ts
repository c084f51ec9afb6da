import * as assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { GhostClient } from '../../src/core/ghost/client';
import { parseSiteUrl } from '../../src/core/ghost/siteUrl';
import { changeStatus, publishFile, pullPost, WrongSiteError, type PublishContext } from '../../src/core/publish/engine';
import { StateStore } from '../../src/core/publish/state';
import { FakeGhost, makeKey } from '../support/fake/fakeGhost';

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

describe('publish engine against the fake Ghost', () => {
  let ghost: FakeGhost;
  let dir: string;
  let ctx: PublishContext;

  beforeEach(async () => {
    ghost = await new FakeGhost().start();
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ga-engine-'));
    await fs.mkdir(path.join(dir, 'img'));
    for (const n of ['a.png', 'b c.png', 'd.jpg']) { await fs.writeFile(path.join(dir, 'img', n), Buffer.concat([PNG, Buffer.from(n)])); }
    ctx = {
      client: GhostClient.withKey(parseSiteUrl(ghost.url), { id: ghost.adminKey.id, secret: ghost.adminKey.secret }, { userAgent: 't', sleep: async () => undefined }),
      state: new StateStore(dir),
    };
  });
  afterEach(async () => {
    await ghost.stop();
    await fs.rm(dir, { recursive: true, force: true });
  });

  const file = () => path.join(dir, 'post.md');
  const writes = () => ghost.requests.filter((r) => r.method !== 'GET').length;

  async function firstPush(text: string) {
    const out = await publishFile(file(), text, ctx);
    assert.equal(out.kind, 'created');
    if (out.kind !== 'created') { throw new Error('not created'); }
    return out;
  }

  it('creates a draft, links the file, and sends nothing when pushed again unchanged', async () => {
    const text = '---\ntitle: Hello\ntags: [news]\n---\nBody text.\n';
    const out = await firstPush(text);
    assert.equal(out.post.status, 'draft');
    assert.match(out.newText, new RegExp(`ghost_id: ${out.post.id}\\nghost_site: ${ghost.url}/\\n---\\nBody text.\\n$`));
    const before = ghost.requests.length;
    const again = await publishFile(file(), out.newText, ctx);
    assert.equal(again.kind, 'unchanged');
    assert.equal(ghost.requests.length, before, 'an unchanged push made requests');
  });

  it('never publishes a draft unless asked, and publishes when asked', async () => {
    const out = await firstPush('---\ntitle: Hello\nstatus: published\n---\nBody.\n');
    assert.equal(out.post.status, 'draft', 'front matter status alone must not publish');
    const edited = out.newText.replace('Body.', 'Body, edited.');
    const upd = await publishFile(file(), edited, ctx);
    assert.equal(upd.kind === 'updated' && upd.post.status, 'draft');
    const pub = await publishFile(file(), edited, ctx, { status: 'published' });
    assert.equal(pub.kind === 'updated' && pub.post.status, 'published');
  });

  it('uploads each local image once, rewrites its URL in what is sent, and leaves the file’s paths alone', async () => {
    const text = '---\ntitle: Pics\nfeature_image: img/a.png\n---\n![A](img/a.png)\n\n![B](<img/b c.png>)\n\n![C](img/b%20c.png)\n\n![R](https://elsewhere.example/r.png)\n';
    const out = await firstPush(text);
    assert.equal(ghost.uploads.length, 2);
    const created = ghost.posts[0];
    assert.match(String(created?.html), /content\/images\/2026\/11\/a\.png/);
    assert.match(String(created?.html), /b%20c\.png/);
    assert.match(String(created?.html), /https:\/\/elsewhere\.example\/r\.png/);
    assert.match(String(created?.feature_image), /content\/images/);
    assert.ok(out.newText.includes('![A](img/a.png)'));
    const edited = out.newText.replace('![R]', 'Text\n\n![R]');
    await publishFile(file(), edited, ctx);
    assert.equal(ghost.uploads.length, 2, 're-publishing uploaded again');
  });

  it('a status changed from the Ghost view goes through the core; the file’s next push neither undoes nor repeats it', async () => {
    const out = await firstPush('---\ntitle: From the view\nstatus: draft\n---\nBody.\n');
    const published = await changeStatus(ctx, 'post', out.post.id, 'published');
    assert.equal(published.status, 'published');
    await ctx.state.load();
    assert.equal(ctx.state.post(ctx.client.site.adminUrl, out.post.id)?.status, 'published');
    const cli = { ...ctx, frontMatterStatus: true };
    const again = await publishFile(file(), out.newText.replace('Body.', 'Body, edited.'), cli);
    assert.equal(again.kind, 'updated');
    assert.equal(ghost.posts[0]?.status, 'published', 'the file’s unchanged status: draft undid the change');
    await assert.rejects(changeStatus(ctx, 'post', out.post.id, 'scheduled', '2020-01-01T00:00:00Z'), /not in the future/);
  });

  it('writes the link through the caller’s sink as soon as the post exists, before a later step fails', async () => {
    const written: string[] = [];
    ghost.faults.push({ match: (r) => r.method === 'PUT', status: 500, times: 5 });
    const out = await publishFile(file(), '---\ntitle: Sink\n---\nBody.\n', { ...ctx, writeLink: async (_f, t) => { written.push(t); } }, { status: 'published', newsletter: 'weekly', confirmEmail: async () => true });
    assert.equal(out.kind === 'created' && out.incomplete, true);
    assert.equal(written.length, 1);
    assert.match(written[0] ?? '', new RegExp(`ghost_id: ${ghost.posts[0]?.id ?? 'none'}`));
  });

  it('rewrites reference-style images too, in a Markdown card', async () => {
    const out = await firstPush('---\ntitle: Refs\nrender: markdown\n---\n![A][pic] and ![B][other]\n\n[pic]: img/a.png "Title"\n[other]: <img/b c.png>\n');
    assert.equal(ghost.uploads.length, 2);
    const card = String(ghost.posts[0]?.lexical);
    assert.match(card, /\[pic\]: http:[^ ]*\/content\/images\/2026\/11\/a\.png \\"Title\\"/);
    assert.match(card, /\[other\]: http:[^ ]*b%20c\.png/);
    assert.doesNotMatch(card, /img\//, 'a local path reached Ghost');
    assert.ok(out.newText.includes('[pic]: img/a.png'));
  });

  it('lists every missing or unsupported image and sends nothing', async () => {
    await assert.rejects(publishFile(file(), '![x](img/missing.png)\n![y](img/a.tiff)\n![z](img/a.png)\n', ctx), (e: Error) =>
      /missing\.png: no such file/.test(e.message) && /\.tiff/.test(e.message));
    assert.equal(ghost.requests.length, 0);
  });

  it('detects an edit made in Ghost, overwrites nothing, and carries Ghost’s version', async () => {
    const out = await firstPush('---\ntitle: Mine\n---\nMine.\n');
    const post = ghost.posts[0];
    if (!post) { throw new Error('no post'); }
    post.title = 'Edited in Ghost';
    post.updated_at = new Date(Date.now() + 5000).toISOString();
    const res = await publishFile(file(), out.newText.replace('Mine.', 'Mine, edited.'), ctx);
    assert.equal(res.kind, 'conflict');
    assert.equal(res.kind === 'conflict' && res.reason, 'edited-in-ghost');
    assert.equal(res.kind === 'conflict' && res.server?.title, 'Edited in Ghost');
    assert.equal(post.title, 'Edited in Ghost');
    const forced = await publishFile(file(), out.newText.replace('Mine.', 'Mine, edited.'), ctx, { force: true });
    assert.equal(forced.kind, 'updated');
    assert.equal(post.title, 'Mine');
  });

  it('lets a checkout with no record push when Ghost is untouched since the last push from anywhere, and stops when it was edited', async () => {
    const out = await firstPush('---\ntitle: T\n---\nB\n');
    // A fresh clone (CI) whose history holds the file as it was pushed.
    const fresh = () => ({ ...ctx, state: new StateStore(mkdtempSync(path.join(os.tmpdir(), 'ga-empty-'))), history: async () => [out.newText] });
    // A stale clone: its history never held what was pushed last.
    const stale = await publishFile(file(), out.newText.replace('\nB\n', '\nB, from an old clone\n'), { ...fresh(), history: async () => ['---\ntitle: T\n---\nA\n'] });
    assert.equal(stale.kind === 'conflict' && stale.reason, 'no-record');
    // The mark the last push left in Ghost still holds and this file descends from it: the edit goes through.
    const ci = await publishFile(file(), out.newText.replace('\nB\n', '\nB, edited in CI\n'), fresh());
    assert.equal(ci.kind, 'updated');
    assert.match(String(ghost.posts[0]?.html), /B, edited in CI/);
    // Edited in Ghost since: another fresh clone gets a conflict, and nothing is written.
    const post = ghost.posts[0];
    if (!post) { throw new Error('no post'); }
    ghost.editInGhost(post, { html: '<p>Edited in Ghost</p>' });
    const n = writes();
    const res = await publishFile(file(), out.newText.replace('\nB\n', '\nB, edited elsewhere\n'), fresh());
    assert.equal(res.kind === 'conflict' && res.reason, 'no-record');
    assert.equal(writes(), n);
    assert.match(String(post.html), /Edited in Ghost/);
  });

  it('records a file whose content Ghost already holds, without writing', async () => {
    const out = await firstPush('---\ntitle: T\n---\nB\n');
    const fresh = { ...ctx, state: new StateStore(mkdtempSync(path.join(os.tmpdir(), 'ga-empty-'))) };
    const n = writes();
    const same = await publishFile(file(), out.newText, fresh);
    assert.equal(same.kind, 'updated');
    assert.equal(writes(), n);
    assert.equal((await publishFile(file(), out.newText, fresh)).kind, 'unchanged');
  });

  it('reports a post deleted in Ghost, and re-creates it only when asked', async () => {
    const out = await firstPush('---\ntitle: Gone\n---\nB\n');
    ghost.posts.length = 0;
    const res = await publishFile(file(), out.newText.replace('B', 'B2'), ctx);
    assert.equal(res.kind, 'deleted');
    assert.equal(ghost.posts.length, 0);
    const again = await publishFile(file(), out.newText.replace('B', 'B2'), ctx, { recreate: true });
    assert.equal(again.kind, 'created');
    assert.equal(ghost.posts.length, 1);
  });

  it('refuses to push a file linked to another site', async () => {
    const text = '---\nghost_id: 0123456789abcdef01234567\nghost_site: https://other.example/\n---\nB\n';
    await assert.rejects(publishFile(file(), text, ctx), WrongSiteError);
    assert.equal(ghost.requests.length, 0);
  });

  it('refuses a newsletter without publishing, and a schedule in the past', async () => {
    await assert.rejects(publishFile(file(), 'B\n', ctx, { newsletter: 'weekly' }), /only sent when the post is published/);
    await assert.rejects(publishFile(file(), '---\npublished_at: 2020-01-01\n---\nB\n', ctx, { status: 'scheduled' }), /not in the future/);
    assert.equal(ghost.requests.length, 0);
  });

  it('sends nothing on a dry run', async () => {
    const out = await publishFile(file(), '![A](img/a.png)\n', ctx, { dryRun: true });
    assert.equal(out.kind, 'dry-run');
    assert.deepEqual(out.kind === 'dry-run' && out.uploads, ['img/a.png']);
    assert.equal(ghost.requests.length, 0);
  });

  it('names a Contributor as author of what they create, as Ghost requires', async () => {
    const k = ghost.addKey(makeKey('admin', { name: 'Cora', email: 'cora@example.com', slug: 'cora', role: 'Contributor' }));
    const c = { ...ctx, client: GhostClient.withKey(parseSiteUrl(ghost.url), { id: k.id, secret: k.secret }, { userAgent: 't' }) };
    const without = await c.client.posts.create({ title: 'x' }).catch((e: Error) => e);
    assert.match(String(without), /name themselves as author|cannot/);
    const out = await publishFile(file(), '---\ntitle: Mine\n---\nB\n', { ...c, identity: await c.client.identity() });
    assert.equal(out.kind, 'created');
  });

  it('takes the title from the first heading, then the file name', async () => {
    const a = await publishFile(path.join(dir, 'my-first_post.md'), 'No heading.\n', ctx);
    assert.equal(a.title, 'my first post');
    const b = await publishFile(file(), '# The Title\n\nText.\n', ctx);
    assert.equal(b.title, 'The Title');
    assert.doesNotMatch(String(ghost.posts[1]?.html), /The Title/);
  });

  it('pulls a post with only HTML (Ghost\'s older editor) into Markdown that pushes back as a no-op', async () => {
    const [post] = ghost.seed('posts', 1, () => 'published');
    if (!post) { throw new Error('no post'); }
    post.html = '<h2>Sub</h2><p>Para with <strong>bold</strong>.</p><pre><code class="language-sh">ls\n</code></pre>';
    post.lexical = null as never;
    const pulled = await pullPost(post.id, ctx, { file: file() });
    assert.match(pulled.text, /^---\ntitle: Post 1\n/);
    assert.match(pulled.text, /```sh\nls\n```/);
    const before = ghost.requests.length;
    const res = await publishFile(file(), pulled.text, ctx);
    assert.equal(res.kind, 'unchanged');
    assert.equal(ghost.requests.length, before);
  });
});

/** A fake Ghost, a scratch folder and a publish context for each test of a block. */
function fakeEngine(prefix: string, opts: { timeoutMs?: number } = {}): () => { ghost: FakeGhost; dir: string; ctx: PublishContext } {
  let cur: { ghost: FakeGhost; dir: string; ctx: PublishContext } | undefined;
  beforeEach(async () => {
    const ghost = await new FakeGhost().start();
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), prefix));
    const client = GhostClient.withKey(parseSiteUrl(ghost.url), { id: ghost.adminKey.id, secret: ghost.adminKey.secret }, { userAgent: 't', sleep: async () => undefined, timeoutMs: opts.timeoutMs });
    cur = { ghost, dir, ctx: { client, state: new StateStore(dir) } };
  });
  afterEach(async () => {
    await cur?.ghost.stop();
    if (cur) { await fs.rm(cur.dir, { recursive: true, force: true }); }
  });
  return () => {
    if (!cur) { throw new Error('no fake engine outside a test'); }
    return cur;
  };
}

describe('publish engine: answers lost on the way back', () => {
  const t = fakeEngine('ga-lost-', { timeoutMs: 250 });
  let ghost: FakeGhost;
  let dir: string;
  let ctx: PublishContext;
  beforeEach(() => ({ ghost, dir, ctx } = t()));

  it('keeps a create in doubt when Ghost cannot be asked, and links the post it made on the next push', async () => {
    const file = path.join(dir, 'a.md');
    const text = '---\ntitle: In doubt\n---\nBody.\n';
    await fs.writeFile(file, text);
    ghost.faults.push({ match: (r) => r.method === 'POST', reset: true, landed: true });
    ghost.faults.push({ match: (r) => r.method === 'GET', status: 503, times: 10 });
    await assert.rejects(publishFile(file, text, ctx), (e: Error) => /may still have created the post/.test(e.message));
    assert.equal(ghost.posts.length, 1, 'the fault should have let the create land');
    await ctx.state.load();
    assert.ok(ctx.state.pendingCreate(ctx.client.site.adminUrl, file), 'the doubt was not recorded');
    ghost.faults.length = 0;
    const again = await publishFile(file, text, ctx);
    assert.equal(again.kind, 'created');
    assert.equal(again.kind === 'created' && again.post.id, ghost.posts[0]?.id);
    assert.equal(ghost.posts.length, 1, 'a second post was made');
    assert.match(again.warnings.join(' '), /earlier push of this file created post/);
    // Kept until the link is seen in the file: if it never gets written, the next push links again.
    assert.equal(ctx.state.pendingCreate(ctx.client.site.adminUrl, file)?.postId, ghost.posts[0]?.id);
    const third = await publishFile(file, text, ctx);
    assert.equal(third.kind === 'created' && third.post.id, ghost.posts[0]?.id);
    assert.equal(ghost.posts.length, 1);
    if (third.kind !== 'created') { return; }
    assert.equal((await publishFile(file, third.newText, ctx)).kind, 'unchanged');
    assert.equal(ctx.state.pendingCreate(ctx.client.site.adminUrl, file), undefined, 'the link is in the file: the record should be gone');
  });

  it('render: html sends HTML for Ghost to convert (?source=html); a lost answer to its update is recognised by its words', async () => {
    const file = path.join(dir, 'a.md');
    const text = '---\ntitle: Imported\nrender: html\n---\nFirst **words**.\n';
    await fs.writeFile(file, text);
    const made = await publishFile(file, text, ctx);
    assert.equal(made.kind, 'created');
    if (made.kind !== 'created') { return; }
    const create = ghost.requests.find((r) => r.method === 'POST');
    assert.equal(create?.query.get('source'), 'html');
    assert.match(String(create?.body), /"html":"<p>First <strong>words<\/strong>.<\/p>/);
    assert.doesNotMatch(String(create?.body), /"lexical"/);
    assert.equal((await publishFile(file, made.newText, ctx)).kind, 'unchanged');
    const edited = made.newText.replace('First', 'Second');
    ghost.faults.push({ match: (r) => r.method === 'PUT', reset: true, landed: true });
    const res = await publishFile(file, edited, ctx);
    assert.equal(res.kind, 'updated', 'Ghost holds the words sent: the lost answer is no conflict');
    assert.match(String(ghost.posts[0]?.html), /Second/);
    assert.equal((await publishFile(file, edited, ctx)).kind, 'unchanged');
  });

  it('never adopts a post that only looks like the lost one (same title, same time)', async () => {
    const file = path.join(dir, 'a.md');
    const text = '---\ntitle: Twice\n---\nBody.\n';
    await ctx.state.load();
    await ctx.state.setPendingCreate(ctx.client.site.adminUrl, file, { type: 'post', title: 'Twice', uuid: '5b0c1c55-0000-4000-8000-000000000001', sentAt: new Date().toISOString(), hash: 'x', settled: true });
    ghost.seed('posts', 1);
    const other = ghost.posts[0];
    if (!other) { throw new Error('no post'); }
    other.title = 'Twice';
    other.created_at = new Date().toISOString();
    const res = await publishFile(file, text, ctx);
    assert.equal(res.kind, 'created');
    assert.notEqual(res.kind === 'created' && res.post.id, other.id, 'an unrelated post with the same title was adopted');
    assert.equal(ghost.posts.length, 2);
  });

  it('refuses a second push of a new file while the first one’s create is still out', async () => {
    const file = path.join(dir, 'a.md');
    const text = '---\ntitle: Twice at once\n---\nBody.\n';
    ghost.latencyMs = 150;
    const [a, b] = await Promise.allSettled([publishFile(file, text, ctx), new Promise((r) => setTimeout(r, 50)).then(() => publishFile(file, text, ctx))]);
    assert.equal(a.status, 'fulfilled');
    assert.equal(b.status, 'rejected');
    assert.match(String((b as PromiseRejectedResult).reason), /already being pushed/);
    assert.equal(ghost.posts.length, 1);
  });

  it('links the post it made when the link never reached the file (an editor closed unsaved)', async () => {
    const file = path.join(dir, 'a.md');
    const text = '---\ntitle: Unsaved link\n---\nBody.\n';
    const first = await publishFile(file, text, ctx);
    assert.equal(first.kind, 'created');
    // The writer never saves the linked text; the next push starts from the unlinked file.
    const again = await publishFile(file, text.replace('Body.', 'Body, edited.'), ctx);
    assert.equal(again.kind, 'created');
    assert.equal(ghost.posts.length, 1, 'a second post was made');
    // This file differs from what Ghost holds: linked, but not pushed over it until the writer
    // has compared (it may be another file of the same name).
    assert.equal(again.kind === 'created' && again.incomplete, true);
    assert.match(String(ghost.posts[0]?.html), /Body\./);
    if (again.kind !== 'created') { return; }
    const next = await publishFile(file, again.newText, ctx);
    assert.equal(next.kind, 'conflict');
    assert.equal(next.kind === 'conflict' && next.reason, 'no-record');
  });

  it('never pushes a new file onto the post of a deleted file of the same name (found by the randomized workflows)', async () => {
    const file = path.join(dir, 'a.md');
    const first = await publishFile(file, '---\ntitle: First\n---\nFirst words.\n', ctx);
    assert.equal(first.kind, 'created');
    await fs.rm(file, { force: true });
    const other = '---\ntitle: Another\n---\nOther words.\n';
    await publishFile(file, other, ctx);
    assert.ok(ghost.posts.some((p) => /First words/.test(String(p.html))), 'the first post was overwritten');
  });

  it('creates normally when the post in doubt never reached Ghost', async () => {
    const file = path.join(dir, 'a.md');
    const text = '---\ntitle: Never sent\n---\nBody.\n';
    await ctx.state.load();
    await ctx.state.setPendingCreate(ctx.client.site.adminUrl, file, { type: 'post', title: 'Never sent', uuid: '5b0c1c55-0000-4000-8000-000000000002', sentAt: new Date().toISOString(), hash: 'x', settled: true });
    const res = await publishFile(file, text, ctx);
    assert.equal(res.kind, 'created');
    assert.equal(ghost.posts.length, 1);
  });
});

describe('publish engine: a push that changes only tags or authors', () => {
  const t = fakeEngine('ga-rel-', { timeoutMs: undefined });
  let ghost: FakeGhost;
  let dir: string;
  let ctx: PublishContext;
  beforeEach(() => ({ ghost, dir, ctx } = t()));

  it('looks before sending, since Ghost would take it over an edit made in Ghost', async () => {
    const file = path.join(dir, 'a.md');
    const first = await publishFile(file, '---\ntitle: Tagged\ntags: [one]\n---\nBody.\n', ctx);
    if (first.kind !== 'created') { throw new Error(first.kind); }
    const post = ghost.posts[0];
    if (!post) { throw new Error('no post'); }
    // Someone retags it in Ghost: like Ghost 6, the fake leaves updated_at as it was.
    post.tags = [{ name: 'Chosen in Ghost', slug: 'chosen-in-ghost' }];
    const local = first.newText.replace('tags: [one]', 'tags: [one, two]');
    const res = await publishFile(file, local, ctx);
    assert.equal(res.kind, 'conflict');
    assert.deepEqual((post.tags as Array<{ name: string }>).map((t) => t.name), ['Chosen in Ghost'], 'the tags chosen in Ghost were replaced');
    // Without an edit in Ghost, a tags-only push costs one look and one write.
    const forced = await publishFile(file, local, ctx, { force: true });
    assert.equal(forced.kind, 'updated');
    const n = ghost.requests.length;
    const again = await publishFile(file, local.replace('[one, two]', '[one, two, three]'), ctx);
    assert.equal(again.kind, 'updated');
    assert.deepEqual(ghost.requests.slice(n).map((r) => r.method), ['GET', 'PUT']);
  });

  it('leaves tags chosen in Ghost alone when the file did not change its own', async () => {
    const file = path.join(dir, 'b.md');
    const first = await publishFile(file, '---\ntitle: Body edit\ntags: [one]\n---\nBody.\n', ctx);
    if (first.kind !== 'created') { throw new Error(first.kind); }
    const post = ghost.posts[0];
    if (!post) { throw new Error('no post'); }
    post.tags = [{ name: 'Chosen in Ghost', slug: 'chosen-in-ghost' }];
    const n = ghost.requests.length;
    const res = await publishFile(file, first.newText.replace('Body.', 'Body, edited.'), ctx);
    assert.equal(res.kind, 'updated');
    assert.deepEqual(ghost.requests.slice(n).map((r) => r.method), ['GET', 'PUT'], 'an edited push costs one read and one write');
    assert.deepEqual((post.tags as Array<{ name: string }>).map((t) => t.name), ['Chosen in Ghost']);
    assert.match(String(post.html), /Body, edited\./);
    // And on the push after that, still: the file has not changed its tags.
    const again = await publishFile(file, first.newText.replace('Body.', 'Body, edited twice.'), ctx);
    assert.equal(again.kind, 'updated');
    assert.deepEqual((post.tags as Array<{ name: string }>).map((t) => t.name), ['Chosen in Ghost']);
    // Both sides changing them is a conflict.
    const both = await publishFile(file, first.newText.replace('Body.', 'Body, edited twice.').replace('[one]', '[one, two]'), ctx);
    assert.equal(both.kind, 'conflict');
  });
});

describe('publish engine: bookmark cards', () => {
  const t = fakeEngine('ga-bm-', { timeoutMs: undefined });
  let ghost: FakeGhost;
  let dir: string;
  let ctx: PublishContext;
  beforeEach(() => ({ ghost, dir, ctx } = t()));

  it('a URL alone on its line is a bookmark card with what Ghost reads from the page, asked once; an unreachable page shows its address', async () => {
    const file = path.join(dir, 'b.md');
    const text = '---\ntitle: Links\n---\nSee:\n\nhttps://bookmark.test/page\n\n<https://offline.test/x>\n\nA [link](https://bookmark.test/in-words) in words.\n';
    const first = await publishFile(file, text, ctx);
    if (first.kind !== 'created') { throw new Error(first.kind); }
    const nodes = (JSON.parse(String(ghost.posts[0]?.lexical)) as { root: { children: Array<Record<string, unknown>> } }).root.children;
    assert.deepEqual(nodes.map((n) => n.type), ['paragraph', 'bookmark', 'bookmark', 'paragraph']);
    assert.deepEqual(nodes[1]?.metadata, { icon: 'https://bookmark.test/icon.png', title: 'Title of https://bookmark.test/page', description: 'A page.', author: 'An author', publisher: 'Bookmark Test', thumbnail: 'https://bookmark.test/thumb.png' });
    assert.deepEqual(nodes[2]?.metadata, { icon: '', title: 'https://offline.test/x', description: '', author: '', publisher: '', thumbnail: '' });
    assert.deepEqual(ghost.oembedRequests, ['https://bookmark.test/page', 'https://offline.test/x']);
    // Pushed again, unchanged: nothing is asked or sent.
    const before = ghost.requests.length;
    assert.equal((await publishFile(file, first.newText, ctx)).kind, 'unchanged');
    assert.equal(ghost.requests.length, before);
    // Pulled into another checkout: the addresses come back as written, and push back as they are.
    const other = await fs.mkdtemp(path.join(os.tmpdir(), 'ga-bm-pull-'));
    try {
      const pullCtx: PublishContext = { ...ctx, state: new StateStore(other) };
      const target = path.join(other, 'pulled.md');
      const pulled = await pullPost(first.post.id, pullCtx, { file: target });
      assert.match(pulled.text, /\nSee:\n\nhttps:\/\/bookmark\.test\/page\n\nhttps:\/\/offline\.test\/x\n\nA \[link\]/);
      assert.equal((await publishFile(target, pulled.text, pullCtx)).kind, 'unchanged');
      const edited = await publishFile(target, pulled.text.replace('See:', 'See these:'), pullCtx);
      assert.equal(edited.kind, 'updated');
      const after = (JSON.parse(String(ghost.posts[0]?.lexical)) as { root: { children: Array<Record<string, unknown>> } }).root.children;
      assert.deepEqual(after[1]?.metadata, nodes[1]?.metadata);
      assert.deepEqual(ghost.oembedRequests.length, 2, 'the pulled checkout asked Ghost again');
    } finally {
      await fs.rm(other, { recursive: true, force: true });
    }
  });
});

describe('publish engine: bookmark cards of two posts', () => {
  const t = fakeEngine('ga-bm2-', { timeoutMs: undefined });
  let ghost: FakeGhost;
  let dir: string;
  let ctx: PublishContext;
  beforeEach(() => ({ ghost, dir, ctx } = t()));

  it('two posts with the same address keep each their own card: pulling one never changes what the other pushes', async () => {
    // Found in review: the metadata were kept by site and URL, so a pull of B changed A's next push.
    const text = (title: string) => `---\ntitle: ${title}\n---\nhttps://bookmark.test/page\n`;
    const a = await publishFile(path.join(dir, 'a.md'), text('A'), ctx);
    const b = await publishFile(path.join(dir, 'b.md'), text('B'), ctx);
    if (a.kind !== 'created' || b.kind !== 'created') { throw new Error('not created'); }
    const postB = ghost.posts.find((p) => p.id === b.post.id);
    if (!postB) { throw new Error('no post B'); }
    // B's card is edited in Ghost.
    postB.lexical = String(postB.lexical).replace('Title of https://bookmark.test/page', 'Page title, 2025 edition');
    postB.updated_at = ghost.stamp();
    const pulled = await pullPost(b.post.id, ctx, { file: path.join(dir, 'b.md') });
    await fs.writeFile(path.join(dir, 'b.md'), pulled.text);
    const before = ghost.requests.length;
    assert.equal((await publishFile(path.join(dir, 'a.md'), a.newText, ctx)).kind, 'unchanged');
    assert.equal(ghost.requests.length, before, 'pushing A, unchanged, sent requests');
    assert.equal((await publishFile(path.join(dir, 'b.md'), pulled.text, ctx)).kind, 'unchanged');
    assert.match(String(ghost.posts.find((p) => p.id === a.post.id)?.lexical), /Title of https:\/\/bookmark\.test\/page/);
  });
});

describe('publish engine: embed cards', () => {
  const t = fakeEngine('ga-embed-', { timeoutMs: undefined });
  let ghost: FakeGhost;
  let dir: string;
  let ctx: PublishContext;
  beforeEach(() => ({ ghost, dir, ctx } = t()));

  it('a YouTube address alone on its line is Ghost\'s embed; one Ghost cannot embed falls back to a bookmark; pulled back as the address', async () => {
    const file = path.join(dir, 'e.md');
    const text = '---\ntitle: Video\n---\nhttps://www.youtube.com/watch?v=abc123\n\nhttps://vimeo.com/123456\n';
    const first = await publishFile(file, text, ctx);
    if (first.kind !== 'created') { throw new Error(first.kind); }
    const nodes = (JSON.parse(String(ghost.posts[0]?.lexical)) as { root: { children: Array<Record<string, unknown>> } }).root.children;
    assert.deepEqual(nodes.map((n) => n.type), ['embed', 'bookmark']);
    assert.equal(nodes[0]?.embedType, 'video');
    assert.match(String(nodes[0]?.html), /^<iframe [^>]*src="https:\/\/www\.youtube\.com\/embed\/abc123/);
    assert.equal((nodes[0]?.metadata as Record<string, unknown>).provider_name, 'YouTube');
    assert.equal((nodes[1]?.metadata as Record<string, unknown>).title, 'https://vimeo.com/123456');
    // Vimeo: the embed was asked first, then the bookmark.
    assert.deepEqual(ghost.oembedRequests, ['https://www.youtube.com/watch?v=abc123', 'https://vimeo.com/123456', 'https://vimeo.com/123456']);
    const other = await fs.mkdtemp(path.join(os.tmpdir(), 'ga-embed-pull-'));
    try {
      const pullCtx: PublishContext = { ...ctx, state: new StateStore(other) };
      const target = path.join(other, 'pulled.md');
      const pulled = await pullPost(first.post.id, pullCtx, { file: target });
      assert.ok(pulled.text.endsWith('\nhttps://www.youtube.com/watch?v=abc123\n\nhttps://vimeo.com/123456\n'), pulled.text);
      assert.equal((await publishFile(target, pulled.text, pullCtx)).kind, 'unchanged');
    } finally {
      await fs.rm(other, { recursive: true, force: true });
    }
  });
});

describe('matchesSent: what counts as Ghost already holding what would be sent', () => {
  it('compares the documents exactly (marks aside): code whitespace, alt text, language, link targets', async () => {
    const { matchesSent } = await import('../../src/core/publish/payload.js');
    const { markdownToLexical } = await import('../../src/core/content/lexical.js');
    const { withMark } = await import('../../src/core/publish/fingerprint.js');
    const md = '## Part\n\nSee [this](https://a.example/x).\n\n![alt](https://i.example/1.png)\n\n```js\nif (x) {\n  y();\n}\n```\n';
    const sent = { title: 'T', lexical: markdownToLexical(md).lexical };
    const ghostCopy = { id: 'x', title: 'T', slug: 't', status: 'draft', updated_at: '', lexical: withMark(sent.lexical, sent, {}) };
    assert.equal(matchesSent(ghostCopy as never, sent as never), true, 'the mark made a difference');
    for (const [what, edit] of [['link', (m: string) => m.replace('a.example/x', 'a.example/y')], ['image', (m: string) => m.replace('1.png', '2.png')],
      ['heading level', (m: string) => m.replace('## Part', '### Part')], ['alt text', (m: string) => m.replace('![alt]', '![other]')],
      ['code indentation', (m: string) => m.replace('  y();', '    y();')], ['language', (m: string) => m.replace('```js', '```ts')]] as const) {
      assert.equal(matchesSent({ ...ghostCopy, lexical: markdownToLexical(edit(md)).lexical } as never, sent as never), false, what);
    }
    const withAuthors = { ...sent, authors: [{ email: 'a@example.com' }] };
    assert.equal(matchesSent({ ...ghostCopy, authors: [{ id: '1', name: 'A', slug: 'a', email: 'A@example.com' }] } as never, withAuthors as never), true);
    assert.equal(matchesSent({ ...ghostCopy, authors: [{ id: '2', name: 'B', slug: 'b', email: 'b@example.com' }] } as never, withAuthors as never), false);
  });
});
