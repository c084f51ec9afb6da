import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { GhostClient } from '../../src/core/ghost/client';
import { parseSiteUrl } from '../../src/core/ghost/siteUrl';
import { publishFile, type PublishContext } from '../../src/core/publish/engine';
import { applySync, folderStatus, markdownFiles, syncPlan, type EntryState } from '../../src/core/publish/folder';
import { StateStore } from '../../src/core/publish/state';
import { globToRegExp } from '../../src/core/publish/folderConfig';
import { writeFileAtomic } from '../../src/core/fsutil';
import { FakeGhost } from '../support/fake/fakeGhost';

describe('a folder is a site: status and sync against the fake Ghost', () => {
  let ghost: FakeGhost;
  let dir: string;
  let ctx: PublishContext;
  let clock: number;
  const writes = () => ghost.requests.filter((r) => r.method !== 'GET').length;
  const client = () => GhostClient.withKey(parseSiteUrl(ghost.url), { id: ghost.adminKey.id, secret: ghost.adminKey.secret }, { userAgent: 't', sleep: async () => undefined });

  beforeEach(async () => {
    ghost = await new FakeGhost().start();
    clock = Date.parse('2026-06-01T10:00:00.000Z');
    // Ghost keeps whole seconds: each step of the test is a few seconds later.
    ghost.now = () => clock;
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ga-folder-'));
    ctx = { client: client(), state: new StateStore(dir), frontMatterStatus: true, now: () => clock };
  });
  afterEach(async () => {
    await ghost.stop();
    await fs.rm(dir, { recursive: true, force: true });
  });

  const write = async (name: string, text: string) => {
    await fs.mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await fs.writeFile(path.join(dir, name), text);
  };
  const read = (name: string) => fs.readFile(path.join(dir, name), 'utf8');
  /** Pushes a file, writing its link as the CLI does. */
  const push = async (name: string) => {
    const res = await publishFile(path.join(dir, name), await read(name), { ...ctx, writeLink: writeFileAtomic });
    clock += 3000;
    return res;
  };
  const states = async (c = ctx) => {
    const s = await folderStatus(dir, c);
    return { s, by: Object.fromEntries(s.entries.map((e) => [e.file ?? `ghost:${e.slug}`, e.state])) as Record<string, EntryState> };
  };

  it('places every file and post in one state, from one list request per type and one read for the posts that moved or were edited here', async () => {
    for (const n of ['synced', 'edited-here', 'edited-there', 'both', 'gone']) { await write(`posts/${n}.md`, `---\ntitle: ${n}\n---\nThe ${n} post.\n`); }
    await write('pages/about.md', '---\ntitle: About\ntype: page\n---\nAbout us.\n');
    for (const n of ['posts/synced.md', 'posts/edited-here.md', 'posts/edited-there.md', 'posts/both.md', 'posts/gone.md', 'pages/about.md']) {
      assert.equal((await push(n)).kind, 'created');
    }
    await write('posts/new.md', '---\ntitle: Brand new\n---\nNot yet sent.\n');
    await write('posts/copy.md', await read('posts/synced.md'));
    await write('posts/broken.md', '---\ntitle: [unclosed\n---\nx\n');
    await write('node_modules/pkg/readme.md', 'not ours');
    await write('.obsidian/notes.md', 'not ours');
    ghost.seed('posts', 3);
    await write('posts/edited-here.md', (await read('posts/edited-here.md')).replace('The edited-here post.', 'Edited here.'));
    await write('posts/both.md', (await read('posts/both.md')).replace('The both post.', 'Edited here too.'));
    const byTitle = (t: string) => ghost.posts.find((p) => p.title === t);
    ghost.editInGhost(byTitle('edited-there') as never, { html: '<p>Edited in Ghost.</p>' });
    ghost.editInGhost(byTitle('both') as never, { html: '<p>Edited in Ghost.</p>' });
    const gone = byTitle('gone');
    ghost.posts.splice(ghost.posts.indexOf(gone as never), 1);
    clock += 3000;

    assert.deepEqual((await markdownFiles(dir)).map((f) => path.relative(dir, f)).filter((f) => f.includes('modules') || f.includes('obsidian')), []);
    const before = ghost.requests.length;
    const { s, by } = await states();
    assert.deepEqual(by, {
      'pages/about.md': 'in-sync',
      'posts/both.md': 'conflict',
      'posts/broken.md': 'invalid',
      'posts/copy.md': 'owned-elsewhere',
      'posts/edited-here.md': 'changed-here',
      'posts/edited-there.md': 'changed-in-ghost',
      'posts/gone.md': 'deleted-in-ghost',
      'posts/new.md': 'new',
      'posts/synced.md': 'in-sync',
      'ghost:posts-1': 'only-in-ghost',
      'ghost:posts-2': 'only-in-ghost',
      'ghost:posts-3': 'only-in-ghost',
    });
    assert.match(s.entries.find((e) => e.file === 'posts/broken.md')?.why ?? '', /line 2/);
    // Posts, pages, and one read of the posts that moved in Ghost or were edited here; nothing written.
    assert.equal(s.requests, 3);
    assert.equal(ghost.requests.length - before, 3);
    assert.deepEqual(ghost.requests.slice(before).map((r) => r.query.get('fields') ?? r.query.get('filter')), ['id,uuid,title,slug,status,updated_at,published_at,url', 'id,uuid,title,slug,status,updated_at,published_at,url', `id:[${byTitle('both')?.id},${byTitle('edited-here')?.id},${byTitle('edited-there')?.id}]`]);

    const plan = syncPlan(s);
    assert.deepEqual(plan.filter((p) => p.action !== 'leave').map((p) => [p.entry.file, p.action]), [['posts/edited-here.md', 'update'], ['posts/new.md', 'create']]);
    const w = writes();
    const results = await applySync(dir, plan, ctx, { writeFile: writeFileAtomic });
    assert.deepEqual(results.filter((r) => r.outcome).map((r) => [r.step.entry.file, r.outcome?.kind]).sort(), [['posts/edited-here.md', 'updated'], ['posts/new.md', 'created']]);
    assert.equal(writes() - w, 2);
    assert.match(await read('posts/new.md'), /ghost_id: [0-9a-f]{24}/);
    clock += 3000;
    // A second sync sends nothing.
    const again = await states();
    assert.equal(again.by['posts/new.md'], 'in-sync');
    assert.equal(again.by['posts/edited-here.md'], 'in-sync');
    const w2 = writes();
    await applySync(dir, syncPlan(again.s), ctx, { writeFile: writeFileAtomic });
    assert.equal(writes(), w2, 'a second sync wrote');
    // A moved file is the same post, still in sync; a file that changes its status is changed here.
    await fs.rm(path.join(dir, 'posts/copy.md'));
    await write('archive/synced.md', await read('posts/synced.md'));
    await fs.rm(path.join(dir, 'posts/synced.md'));
    await write('posts/new.md', (await read('posts/new.md')).replace('title: Brand new', 'title: Brand new\nstatus: published'));
    const moved = await states();
    assert.equal(moved.by['archive/synced.md'], 'in-sync');
    assert.match(moved.s.entries.find((e) => e.file === 'archive/synced.md')?.why ?? '', /moved from posts\/synced\.md/);
    assert.equal(moved.by['posts/new.md'], 'changed-here');
  });

  it('Obsidian: ![[image]] finds the file anywhere in the vault; [[Note]] links to the note\'s post once it is published, plain words before', async () => {
    await write('vault/attachments/deep/sketch.png', Buffer.from('89504e470d0a1a0a0000000d49484452000000020000000308060000009d', 'hex') as never);
    await write('vault/Target note.md', '---\ntitle: Target\n---\nThe target.\n');
    await write('vault/daily/Today.md', '---\ntitle: Today\n---\nSee [[Target note]] and [[Target note#Second part|the second part]], and [[Nowhere]]; `[[in code]]` stays.\n\n![[sketch.png]]\n');
    const first = await push('vault/daily/Today.md');
    assert.equal(first.kind, 'created');
    assert.match(first.warnings.join(' '), /\[\[Target note\]\] is not a published post/);
    assert.match(first.warnings.join(' '), /\[\[Nowhere\]\] is not a published post/);
    const today = () => ghost.posts.find((p) => p.title === 'Today');
    assert.match(String(today()?.html), /See Target note and the second part, and Nowhere; <code>\[\[in code\]\]<\/code> stays\./);
    assert.match(String(today()?.html), /<img src="[^"]*\/content\/images\/[^"]*sketch[^"]*\.png"/);
    // The note is published: the next sync links to it (Today is changed here, by its link).
    assert.equal((await publishFile(path.join(dir, 'vault/Target note.md'), await read('vault/Target note.md'), { ...ctx, writeLink: writeFileAtomic }, { status: 'published' })).kind, 'created');
    clock += 3000;
    const s = await folderStatus(dir, ctx);
    const entry = s.entries.find((e) => e.file === 'vault/daily/Today.md');
    assert.equal(entry?.state, 'changed-here');
    await applySync(dir, syncPlan(s), { ...ctx, published: s.published }, { writeFile: writeFileAtomic });
    const target = `${ghost.url}/${ghost.posts.find((p) => p.title === 'Target')?.slug}/`;
    assert.ok(String(today()?.html).includes(`See <a href="${target}">Target note</a> and <a href="${target}#second-part">the second part</a>, and Nowhere`), today()?.html);
    clock += 3000;
    assert.equal((await folderStatus(dir, ctx)).entries.find((e) => e.file === 'vault/daily/Today.md')?.state, 'in-sync');
    // A note published by the very sync that creates a note linking to it: linked in that sync.
    await write('vault/Alpha.md', '---\ntitle: Alpha\nstatus: published\n---\nFirst.\n');
    await write('vault/Beta.md', '---\ntitle: Beta\n---\nAfter [[Alpha]].\n');
    const both = await folderStatus(dir, ctx);
    const res = await applySync(dir, syncPlan(both), { ...ctx, published: both.published }, { writeFile: writeFileAtomic });
    assert.deepEqual(res.filter((r) => r.outcome && r.outcome.kind !== 'unchanged').map((r) => [r.step.entry.file, r.outcome?.kind]).sort(), [['vault/Alpha.md', 'created'], ['vault/Beta.md', 'created']]);
    assert.match(String(ghost.posts.find((p) => p.title === 'Beta')?.html), new RegExp(`After <a href="${ghost.url}/alpha/">Alpha</a>`));
    clock += 3000;
    const w = writes();
    const settled = await folderStatus(dir, ctx);
    assert.deepEqual(settled.entries.filter((e) => e.file?.startsWith('vault/')).map((e) => e.state), ['in-sync', 'in-sync', 'in-sync', 'in-sync']);
    await applySync(dir, syncPlan(settled), { ...ctx, published: settled.published }, { writeFile: writeFileAtomic });
    assert.equal(writes(), w);
  });

  it('ghost-author.yml gives the files under its folder their defaults (nearest first) and leaves some out; a broken one is reported with its line', async () => {
    await write('ghost-author.yml', 'tags: [Site]\nignore: [drafts/**, "*.wip.md"]\n');
    await write('pages/ghost-author.yml', '# Everything here is a page.\ntype: page\n');
    await write('pages/about.md', '---\ntitle: About\n---\nAbout.\n');
    await write('posts/one.md', '---\ntitle: One\n---\nOne.\n');
    await write('posts/two.md', '---\ntitle: Two\ntags: [Own]\n---\nTwo.\n');
    await write('drafts/later.md', '---\ntitle: Later\n---\nNot yet.\n');
    await write('posts/idea.wip.md', '---\ntitle: Idea\n---\nNot yet.\n');
    const s = await folderStatus(dir, ctx);
    assert.deepEqual(s.entries.filter((e) => e.file).map((e) => [e.file, e.type, e.state]), [['pages/about.md', 'page', 'new'], ['posts/one.md', 'post', 'new'], ['posts/two.md', 'post', 'new']]);
    await applySync(dir, syncPlan(s), ctx, { writeFile: writeFileAtomic });
    assert.deepEqual(ghost.pages.map((p) => p.title), ['About']);
    assert.deepEqual(ghost.posts.map((p) => [p.title, ((p.tags ?? []) as Array<{ name: string }>).map((t) => t.name)]).sort(), [['One', ['Site']], ['Two', ['Own']]]);
    clock += 3000;
    assert.deepEqual((await folderStatus(dir, ctx)).entries.filter((e) => e.file).map((e) => e.state), ['in-sync', 'in-sync', 'in-sync']);
    await write('posts/ghost-author.yml', 'type: [oops\n');
    const broken = await folderStatus(dir, ctx);
    assert.match(broken.entries.find((e) => e.file === 'posts/one.md')?.why ?? '', /ghost-author\.yml, line 1: .*Fix the folder configuration/);
    await write('posts/ghost-author.yml', 'colour: blue\n');
    assert.match((await folderStatus(dir, ctx)).entries.find((e) => e.file === 'posts/one.md')?.why ?? '', /colour is not among its keys/);
  });

  it('sync waits as long as Ghost\'s 429 Retry-After says, and one failing file does not stop the others (nor does an unreadable one)', async () => {
    const slept: number[] = [];
    const c: PublishContext = { ...ctx, client: GhostClient.withKey(parseSiteUrl(ghost.url), { id: ghost.adminKey.id, secret: ghost.adminKey.secret }, { userAgent: 't', sleep: async (ms: number) => { slept.push(ms); } }) };
    for (const n of ['a', 'b', 'c', 'd', 'e']) { await write(`${n}.md`, `---\ntitle: File ${n}\n---\nText ${n}.\n`); }
    await write('bad.md', '---\ntitle: Bad\n---\n![missing](nowhere.png)\n');
    ghost.faults.push({ match: (r) => r.method === 'POST' && r.path.endsWith('/posts/'), status: 429, headers: { 'retry-after': '2' }, body: JSON.stringify({ errors: [{ message: 'Too many requests.', type: 'TooManyRequestsError' }] }) });
    // Then one create refused for good: that file fails, the others go on.
    ghost.faults.push({ match: (r) => r.method === 'POST' && r.path.endsWith('/posts/'), status: 422, body: JSON.stringify({ errors: [{ message: 'Validation error, cannot save post.', type: 'ValidationError' }] }) });
    const results = await applySync(dir, syncPlan(await folderStatus(dir, c)), c, { writeFile: writeFileAtomic });
    assert.equal(results.filter((r) => r.outcome?.kind === 'created').length, 4);
    assert.equal(results.filter((r) => r.error).length, 1);
    assert.match(results.find((r) => r.error)?.error ?? '', /Validation error/);
    assert.equal(results.find((r) => r.step.entry.file === 'bad.md')?.step.entry.state, 'invalid');
    assert.ok(slept.includes(2000), `slept ${slept.join(', ')}`);
    assert.equal(ghost.posts.length, 4, 'a refused create was made twice');
  });

  it('found in review: a file turned into a page, a linked file that cannot be read, records of older versions, another tool\'s draft: on a live post', async () => {
    await write('a.md', '---\ntitle: A\n---\nA.\n');
    await write('b.md', '---\ntitle: B\n---\nB.\n');
    await write('c.md', '---\ntitle: C\n---\nC.\n');
    await write('d.md', '---\ntitle: D\n---\nD.\n');
    for (const n of ['a.md', 'b.md', 'c.md']) { await push(n); }
    assert.equal((await publishFile(path.join(dir, 'd.md'), await read('d.md'), { ...ctx, writeLink: writeFileAtomic }, { status: 'published' })).kind, 'created');
    clock += 3000;
    const site = ctx.client.site.adminUrl;
    // a.md says page now: its post is no page, and no push may call it deleted (or forget it).
    await write('a.md', (await read('a.md')).replace('title: A', 'title: A\ntype: page'));
    const idA = /ghost_id: (\w+)/.exec(await read('a.md'))?.[1] ?? '';
    // b.md cannot be read any more; its post is still its post.
    await write('b.md', (await read('b.md')).replace('title: B', 'title: [B'));
    // c.md's record is from an older version: no fingerprint; an edit here is no conflict.
    const idC = /ghost_id: (\w+)/.exec(await read('c.md'))?.[1] ?? '';
    await ctx.state.load();
    const rc = ctx.state.post(site, idC);
    assert.ok(rc);
    await ctx.state.setPost({ ...rc, ghost: undefined });
    await write('c.md', (await read('c.md')).replace('C.', 'C, edited.'));
    const s = await folderStatus(dir, ctx);
    const by = Object.fromEntries(s.entries.map((e) => [e.file ?? e.id, e]));
    assert.equal(by['a.md']?.state, 'invalid');
    assert.match(by['a.md']?.why ?? '', /says page, but its Ghost item is a post/);
    assert.equal(by['b.md']?.state, 'invalid');
    assert.deepEqual(s.entries.filter((e) => e.state === 'only-in-ghost'), []);
    assert.equal(by['c.md']?.state, 'changed-here');
    await assert.rejects(publishFile(path.join(dir, 'a.md'), await read('a.md'), ctx), /Ghost cannot turn one into the other/);
    await ctx.state.load();
    assert.ok(ctx.state.post(site, idA), 'the record of a.md was forgotten');
    // d.md was published by the tool's previous version (its record knows no intent); the file
    // now says draft: true (Hugo's): an edit pushed does not unpublish it.
    const idD = /ghost_id: (\w+)/.exec(await read('d.md'))?.[1] ?? '';
    const rd = ctx.state.post(site, idD);
    assert.ok(rd);
    await ctx.state.setPost({ ...rd, intent: {} });
    await write('d.md', (await read('d.md')).replace('title: D', 'title: D\ndraft: true').replace('D.', 'D, edited.'));
    assert.equal((await publishFile(path.join(dir, 'd.md'), await read('d.md'), { ...ctx, frontMatterStatus: true })).kind, 'updated');
    assert.equal(ghost.posts.find((p) => p.id === idD)?.status, 'published');
  });

  it('ignore patterns as in .gitignore', () => {
    const m = (g: string, p: string) => globToRegExp(g).test(p);
    assert.ok(m('drafts/', 'drafts/a.md'));
    assert.ok(m('/drafts/**', 'drafts/x/a.md'));
    assert.ok(m('./drafts/**', 'drafts/a.md'));
    assert.ok(!m('/drafts/**', 'posts/drafts/a.md'));
    assert.ok(m('drafts', 'posts/drafts/a.md'));
    assert.ok(m('*.wip.md', 'deep/er/idea.wip.md'));
    assert.ok(!m('*.wip.md', 'idea.md'));
    assert.ok(m('**/notes.md', 'a/b/notes.md'));
    assert.ok(m('**/notes.md', 'notes.md'));
  });

  it('with no record here (a fresh clone, CI), the mark each push leaves in Ghost tells what is in sync', async () => {
    await write('a.md', '---\ntitle: A\n---\nAlpha.\n');
    await write('b.md', '---\ntitle: B\n---\nBeta.\n');
    await push('a.md');
    await push('b.md');
    await write('b.md', (await read('b.md')).replace('Beta.', 'Beta, edited.'));
    const fresh: PublishContext = { ...ctx, state: new StateStore(await fs.mkdtemp(path.join(os.tmpdir(), 'ga-folder-fresh-'))) };
    const { s, by } = await states(fresh);
    assert.equal(by['a.md'], 'in-sync');
    // Edited, and no history says it descends from what was pushed: not proven safe to push.
    assert.equal(by['b.md'], 'conflict');
    assert.equal(s.requests, 3, 'posts, pages, one read of both posts');
    const withHistory: PublishContext = { ...fresh, history: async (f) => (f.endsWith('b.md') ? ['---\ntitle: B\n---\nBeta.\n'] : []) };
    assert.equal((await states(withHistory)).by['b.md'], 'changed-here');
  });
});
