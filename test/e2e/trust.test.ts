/**
 * The workflows that once lost a writer's words or changed Ghost by surprise, one named test
 * each, on real Ghost 6 and 5, through the engine and the CLI as a writer uses them.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { EXIT, main as cli } from '../../src/cli';
import { parseAdminKey } from '../../src/core/ghost/adminKey';
import { GhostClient } from '../../src/core/ghost/client';
import type { PostLike } from '../../src/core/ghost/types';
import { parseSiteUrl } from '../../src/core/ghost/siteUrl';
import { publishFile, pullPost, type PublishContext } from '../../src/core/publish/engine';
import { ghostFingerprint } from '../../src/core/publish/fingerprint';
import { gitHistory } from '../../src/core/publish/history';
import { StateStore } from '../../src/core/publish/state';
import { runCli } from '../support/cliRun';
import { solidPng } from '../support/ghost/seed';
import { MAJORS, server } from './servers';

const FULL = { formats: ['html', 'lexical'], include: ['tags', 'authors'] };

for (const major of MAJORS) {
  describe(`trust on real Ghost ${major}: no workflow loses an edit`, function () {
    this.timeout(60_000);
    let dir: string;
    let ctx: PublishContext;
    let stderr: string;
    const g = () => server(major);
    const client = () => GhostClient.withKey(parseSiteUrl(g().url), parseAdminKey(g().integrationKey), { userAgent: 'e2e' });
    const write = async (name: string, text: string) => { await fs.writeFile(path.join(dir, name), text); return path.join(dir, name); };
    const read = (name: string) => fs.readFile(path.join(dir, name), 'utf8');
    const created = async (file: string, text: string) => {
      const out = await publishFile(file, text, ctx);
      if (out.kind !== 'created') { throw new Error(`expected created, got ${out.kind}`); }
      await fs.writeFile(file, out.newText);
      return out;
    };
    /** An edit made in Ghost (as Ghost Admin would: the current updated_at sent back). */
    const editInGhost = async (id: string, change: (p: PostLike) => Partial<PostLike>, opts: { source?: 'html' } = {}) => {
      const cur = await client().posts.read(id, FULL);
      return client().posts.update(id, { ...change(cur), updated_at: cur.updated_at }, opts);
    };
    const run = async (...args: string[]) => {
      const cwd = process.cwd();
      process.chdir(dir);
      const write = process.stderr.write.bind(process.stderr);
      stderr = '';
      process.stderr.write = ((s: string) => { stderr += s; return true; }) as typeof process.stderr.write;
      try {
        return await cli(args, { GHOST_URL: g().url, GHOST_ADMIN_API_KEY: g().integrationKey }, () => undefined);
      } finally {
        process.stderr.write = write;
        process.chdir(cwd);
      }
    };

    beforeEach(async () => {
      dir = await fs.mkdtemp(path.join(os.tmpdir(), `ga-trust${major}-`));
      ctx = { client: client(), state: new StateStore(dir) };
    });
    afterEach(async () => { await fs.rm(dir, { recursive: true, force: true }); });

    it('Ghost keeps a mark on the Lexical root verbatim, reads the time zone for integrations, and its answers fingerprint like its reads', async () => {
      const lexical = JSON.stringify({ root: { type: 'root', version: 1, direction: null, format: '', indent: 0, ghostAuthorCreate: 'mark-123',
        children: [{ type: 'paragraph', version: 1, direction: null, format: '', indent: 0, children: [{ type: 'extended-text', version: 1, text: 'Words.', format: 0, detail: 0, mode: 'normal', style: '' }] }] } });
      const made = await client().posts.create({ title: `Mark ${major}`, lexical, tags: [{ name: 'T1' } as never] });
      assert.match(String(made.lexical), /"ghostAuthorCreate":"mark-123"/);
      assert.equal(ghostFingerprint(made), ghostFingerprint(await client().posts.read(made.id, FULL)));
      const upd = await client().posts.update(made.id, { html: '<p>More words.</p>', updated_at: made.updated_at }, { source: 'html' });
      assert.equal(ghostFingerprint(upd), ghostFingerprint(await client().posts.read(made.id, FULL)));
      const page = await client().pages.create({ title: `Page ${major}`, html: '<p>x</p>' }, { source: 'html' });
      assert.equal(ghostFingerprint(page), ghostFingerprint(await client().pages.read(page.id, FULL)));
      assert.equal(await client().timezone(), 'Etc/UTC');
    });

    it('a copied file does not take over the original’s post', async () => {
      const orig = await write('orig.md', '---\ntitle: Original\n---\nThe original words.\n');
      const first = await created(orig, await read('orig.md'));
      await fs.copyFile(orig, path.join(dir, 'copy.md'));
      const copy = (await read('copy.md')).replace('Original', 'A new post from a template').replace('The original words.', 'Other words.');
      await write('copy.md', copy);
      const res = await publishFile(path.join(dir, 'copy.md'), copy, ctx);
      assert.equal(res.kind, 'owned-elsewhere');
      assert.equal(res.kind === 'owned-elsewhere' && res.owner, 'orig.md');
      const live = await client().posts.read(first.post.id, FULL);
      assert.equal(live.title, 'Original');
      // The writer chooses: a new post of its own.
      const asNew = await publishFile(path.join(dir, 'copy.md'), copy, ctx, { ownership: 'new' });
      assert.equal(asNew.kind, 'created');
      assert.notEqual(asNew.kind === 'created' && asNew.post.id, first.post.id);
      assert.match(asNew.kind === 'created' ? asNew.newText : '', new RegExp(`ghost_id: ${asNew.kind === 'created' ? asNew.post.id : 'x'}`));
      // The CLI says so and answers 3.
      await write('copy2.md', (await read('orig.md')).replace('The original words.', 'Edited copy.'));
      assert.equal(await run('publish', 'copy2.md'), EXIT.conflict);
      assert.match(stderr, /belongs to orig\.md/);
    });

    it('a moved file keeps its post without a false alarm', async () => {
      const a = await write('a.md', '---\ntitle: Moving\n---\nWords.\n');
      const first = await created(a, await read('a.md'));
      await fs.mkdir(path.join(dir, 'sub'));
      await fs.rename(a, path.join(dir, 'sub', 'b.md'));
      const moved = first.newText.replace('Words.', 'Words, after the move.');
      const res = await publishFile(path.join(dir, 'sub', 'b.md'), moved, ctx);
      assert.equal(res.kind, 'updated');
    });

    it('a pull (to stdout, or to another file) does not disarm conflict detection', async () => {
      const f = await write('p.md', '---\ntitle: Pulled\n---\nMine.\n');
      const first = await created(f, await read('p.md'));
      await editInGhost(first.post.id, () => ({ html: '<p>Edited in Ghost.</p>' }), { source: 'html' });
      assert.equal(await run('pull', first.post.id), EXIT.ok);
      await pullPost(first.post.id, ctx, {});
      await fs.writeFile(path.join(dir, 'other.md'), (await pullPost(first.post.id, ctx, { file: path.join(dir, 'other.md') })).text);
      const res = await publishFile(f, first.newText.replace('Mine.', 'Mine, edited.'), ctx);
      assert.equal(res.kind, 'conflict');
      assert.match(String((await client().posts.read(first.post.id, FULL)).html), /Edited in Ghost/);
    });

    it('re-running the CLI never changes a status it was not asked to change', async () => {
      await write('s.md', '---\ntitle: Status\nstatus: draft\n---\nWords.\n');
      assert.equal(await run('publish', 's.md', '--status', 'published'), EXIT.ok);
      const id = /ghost_id: (\w+)/.exec(await read('s.md'))?.[1] ?? '';
      assert.equal((await client().posts.read(id)).status, 'published');
      assert.equal(await run('publish', 's.md'), EXIT.ok);
      await write('s.md', (await read('s.md')).replace('Words.', 'Words, edited.'));
      assert.equal(await run('publish', 's.md'), EXIT.ok);
      assert.equal((await client().posts.read(id)).status, 'published', 'a plain re-run unpublished the post');
      // Changing the front matter's status is asking.
      await write('s.md', (await read('s.md')).replace('status: draft', 'status: published').replace('Words, edited.', 'Words.'));
      assert.equal(await run('publish', 's.md'), EXIT.ok);
      await write('s.md', (await read('s.md')).replace('status: published', 'status: draft'));
      assert.equal(await run('publish', 's.md'), EXIT.ok);
      assert.equal((await client().posts.read(id)).status, 'draft');
    });

    it('a scheduled post that went live is not failed forever, and a changed date reschedules it', async () => {
      const when = new Date(Date.now() + 3 * 864e5).toISOString().replace(/\.\d+Z$/, 'Z');
      await write('sch.md', `---\ntitle: Scheduled\nstatus: scheduled\npublished_at: ${when}\n---\nWords.\n`);
      assert.equal(await run('publish', 'sch.md'), EXIT.ok, stderr);
      const id = /ghost_id: (\w+)/.exec(await read('sch.md'))?.[1] ?? '';
      assert.equal((await client().posts.read(id)).status, 'scheduled');
      assert.equal(await run('publish', 'sch.md'), EXIT.ok, stderr);
      const later = new Date(Date.now() + 5 * 864e5).toISOString().replace(/\.\d+Z$/, 'Z');
      await write('sch.md', (await read('sch.md')).replace(when, later));
      assert.equal(await run('publish', 'sch.md'), EXIT.ok, stderr);
      const post = await client().posts.read(id);
      assert.equal(post.status, 'scheduled');
      assert.equal(Date.parse(post.published_at ?? ''), Date.parse(later), 'the new date did not reschedule');
      // It goes live in Ghost (as the scheduler would): re-runs still succeed and change nothing.
      await editInGhost(id, () => ({ status: 'published', published_at: new Date(Date.now() - 60_000).toISOString() }));
      await write('sch.md', (await read('sch.md')).replace('Words.', 'Words, edited after it went live.'));
      assert.equal(await run('publish', 'sch.md'), EXIT.ok, stderr);
      assert.equal((await client().posts.read(id)).status, 'published');
    });

    it('a lost create never adopts another post of the same title', async () => {
      const title = `Same title ${major} ${Date.now()}`;
      await client().posts.create({ title, html: '<p>Someone else’s.</p>' }, { source: 'html' });
      const f = await write('lost.md', `---\ntitle: ${title}\n---\nMine.\n`);
      await ctx.state.setPendingCreate(ctx.client.site.adminUrl, f, { type: 'post', title, uuid: '11111111-2222-4333-8444-555555555555', sentAt: new Date(Date.now() - 2000).toISOString(), hash: 'x', settled: true });
      const res = await publishFile(f, await read('lost.md'), ctx);
      assert.equal(res.kind, 'created');
      const all = await client().posts.browse({ filter: `title:'${title}'`, fields: ['id', 'html'], formats: ['html'] });
      assert.equal(all.pagination.total, 2);
    });

    it('an edit in Ghost within the same second as our push is a conflict, not overwritten', async () => {
      const f = await write('sec.md', '---\ntitle: Same second\n---\nMine.\n');
      const first = await created(f, await read('sec.md'));
      // Push an edit, and edit in Ghost right after, within the same second where possible.
      const mine = first.newText.replace('Mine.', 'Mine, edited.');
      const pushed = await publishFile(f, mine, ctx);
      assert.equal(pushed.kind, 'updated');
      // Often lands in the same second, which Ghost's one-second updated_at hides; the fingerprint does not.
      await editInGhost(first.post.id, () => ({ html: '<p>Ghost’s words.</p>' }), { source: 'html' });
      const res = await publishFile(f, mine.replace('Mine, edited.', 'Mine, edited twice.'), ctx);
      assert.equal(res.kind, 'conflict');
      assert.match(String((await client().posts.read(first.post.id, FULL)).html), /Ghost’s words/);
    });

    it('images outside the project, through a link that leaves it, or not what their name says are refused before anything is sent', async () => {
      const outside = await fs.mkdtemp(path.join(os.tmpdir(), 'ga-outside-'));
      try {
        await fs.writeFile(path.join(outside, 'secret.png'), solidPng(4, 4, [1, 2, 3]));
        await fs.writeFile(path.join(outside, 'id_rsa'), '-----BEGIN OPENSSH PRIVATE KEY-----\n');
        await fs.symlink(path.join(outside, 'id_rsa'), path.join(dir, 'cover.png'));
        await fs.writeFile(path.join(dir, 'fake.png'), 'not an image');
        const cases = [
          ['feature_image: cover.png', /cover\.png is a symbolic link: Ghost Author never follows links/],
          // An absolute path is a path from the site's root (as Jekyll and Hugo write them), looked
          // for inside the project only: the file outside is never read.
          [`feature_image: ${path.join(outside, 'secret.png')}`, /no such file \(a path from the site's root, looked for in the project root\)/],
          ['feature_image: ../' + path.basename(outside) + '/secret.png', /outside the project folder/],
          ['feature_image: fake.png', /its bytes are not an image/],
        ] as const;
        const before = (await client().posts.browse({ limit: 1, fields: ['id'] })).pagination.total;
        for (const [line, why] of cases) {
          const f = await write('img.md', `---\ntitle: Image\n${line}\n---\nWords.\n`);
          await assert.rejects(publishFile(f, await read('img.md'), ctx), (e: Error) => why.test(e.message) && /Nothing was sent/.test(`${e.message} ${(e as { hint?: string }).hint ?? ''}`));
        }
        assert.equal((await client().posts.browse({ limit: 1, fields: ['id'] })).pagination.total, before);
      } finally {
        await fs.rm(outside, { recursive: true, force: true });
      }
    });

    it('CI: a clone without state publishes an edit when its git history holds what was pushed; a stale clone gets a conflict', async () => {
      const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=ci@example.com', '-c', 'user.name=CI', ...args], { cwd: dir });
      git('init', '-q');
      const f = await write('ci.md', '---\ntitle: Published from CI\n---\nFirst words.\n');
      const first = await created(f, await read('ci.md'));
      git('add', 'ci.md');
      git('commit', '-qm', 'pushed');
      // Another computer (no state) commits an edit; CI pushes it.
      await write('ci.md', first.newText.replace('First words.', 'First words, edited.'));
      git('commit', '-qam', 'edit');
      const ci: PublishContext = { client: client(), state: new StateStore(await fs.mkdtemp(path.join(os.tmpdir(), 'ga-ci-'))), history: gitHistory() };
      const pushed = await publishFile(f, await read('ci.md'), ci);
      assert.equal(pushed.kind, 'updated');
      assert.match(String((await client().posts.read(first.post.id, FULL)).html), /First words, edited\./);
      // A clone that never saw that push: its file does not descend from it.
      const staleDir = await fs.mkdtemp(path.join(os.tmpdir(), 'ga-stale-'));
      try {
        execFileSync('git', ['init', '-q'], { cwd: staleDir });
        const stale = first.newText.replace('First words.', 'Old words, edited.');
        await fs.writeFile(path.join(staleDir, 'ci.md'), stale);
        const res = await publishFile(path.join(staleDir, 'ci.md'), stale, { client: client(), state: new StateStore(staleDir), history: gitHistory() });
        assert.equal(res.kind === 'conflict' && res.reason, 'no-record');
        assert.match(String((await client().posts.read(first.post.id, FULL)).html), /First words, edited\./);
      } finally {
        await fs.rm(staleDir, { recursive: true, force: true });
      }
    });

    it('“same content” is exact: a code indentation fix or new alt text is never recorded as pushed while Ghost keeps the old', async () => {
      const f = await write('exact.md', '---\ntitle: Exact\n---\n```js\nif (x) {\n  y();\n}\n```\n\n![old alt](https://example.com/a.png)\n');
      const first = await created(f, await read('exact.md'));
      for (const [name, change] of [['indentation', (t: string) => t.replace('  y();', '    y();')], ['alt text', (t: string) => t.replace('old alt', 'new alt')], ['language', (t: string) => t.replace('```js', '```ts')]] as const) {
        const fresh: PublishContext = { client: client(), state: new StateStore(await fs.mkdtemp(path.join(os.tmpdir(), 'ga-exact-'))) };
        const res = await publishFile(f, change(first.newText), fresh);
        const now = await client().posts.read(first.post.id, FULL);
        const changedInGhost = name === 'indentation' ? /    y\(\);/.test(String(now.lexical)) : name === 'alt text' ? /new alt/.test(String(now.lexical)) : /"language":"ts"/.test(String(now.lexical));
        assert.ok(res.kind === 'conflict' || changedInGhost, `${name}: recorded as pushed (${res.kind}) while Ghost kept the old version`);
      }
    });

    it('a fresh checkout without state pushes a file Ghost already holds as a no-op, and a stale one gets a conflict', async () => {
      const f = await write('ci.md', '---\ntitle: From CI\n---\nWords.\n');
      const first = await created(f, await read('ci.md'));
      await fs.rm(path.join(dir, '.ghost-author'), { recursive: true });
      ctx = { client: client(), state: new StateStore(dir) };
      const same = await publishFile(f, first.newText, ctx);
      assert.equal(same.kind, 'updated', 'Ghost already holds this version: recorded, nothing overwritten');
      await fs.rm(path.join(dir, '.ghost-author'), { recursive: true });
      await editInGhost(first.post.id, () => ({ html: '<p>Edited in Ghost.</p>' }), { source: 'html' });
      const stale = await publishFile(f, first.newText.replace('Words.', 'Words, edited.'), ctx);
      assert.equal(stale.kind, 'conflict');
    });
  });

  describe(`trust on real Ghost ${major}: the smaller defects, one test each`, function () {
    this.timeout(60_000);
    let dir: string;
    let ctx: PublishContext;
    const g = () => server(major);
    const client = (key = g().integrationKey) => GhostClient.withKey(parseSiteUrl(g().url), parseAdminKey(key), { userAgent: 'e2e' });
    const write = async (name: string, text: string) => { await fs.writeFile(path.join(dir, name), text); return path.join(dir, name); };
    const cliRequests = (...args: string[]) => runCli(dir, { GHOST_URL: g().url, GHOST_ADMIN_API_KEY: g().integrationKey }, ...args);
    beforeEach(async () => {
      dir = await fs.mkdtemp(path.join(os.tmpdir(), `ga-small${major}-`));
      ctx = { client: client(), state: new StateStore(dir) };
    });
    afterEach(async () => { await fs.rm(dir, { recursive: true, force: true }); });

    it('a UTF-8 BOM does not hide the # Title', async () => {
      const f = await write('bom.md', '\uFEFF# Title after a BOM\n\nWords.\n');
      const res = await publishFile(f, await fs.readFile(f, 'utf8'), ctx);
      assert.equal(res.kind === 'created' && (await client().posts.read(res.post.id)).title, 'Title after a BOM');
      assert.ok(res.kind === 'created' && res.newText.startsWith('\uFEFF---'), 'the BOM was not kept');
    });

    it('a title of control characters and an impossible date are refused with their line, before any request', async () => {
      await write('ctl.md', '---\ntitle: "\\u0007\\u0008"\n---\nWords.\n');
      await write('date.md', '---\ntitle: Date\npublished_at: 2026-02-30\n---\nWords.\n');
      for (const [name, why] of [['ctl.md', /line 2: The title holds control characters/], ['date.md', /line 3: published_at: 2026-02-30 is not a date/]] as const) {
        const r = await cliRequests('publish', name);
        assert.equal(r.code, EXIT.error);
        assert.match(r.err, why);
        assert.equal(r.requests, 0);
      }
    });

    it('a date without a zone is read in the site’s time zone', async () => {
      const owner = client(g().owner.staffToken);
      const set = (zone: string) => owner.http.request({ method: 'PUT', path: 'settings/', body: { settings: [{ key: 'timezone', value: zone }] } });
      await set('America/New_York');
      try {
        const f = await write('zone.md', '---\ntitle: Zoned\npublished_at: 2027-01-05 09:00\n---\nWords.\n');
        const res = await publishFile(f, await fs.readFile(f, 'utf8'), ctx, { status: 'scheduled' });
        assert.equal(res.kind, 'created');
        const post = await client().posts.read(res.kind === 'created' ? res.post.id : '');
        assert.equal(new Date(post.published_at ?? '').toISOString(), '2027-01-05T14:00:00.000Z');
      } finally {
        await set('Etc/UTC');
      }
    });

    it('a CLI run and an open window writing the state at once keep each other’s records', async () => {
      const files = await Promise.all(['w1.md', 'w2.md', 'w3.md', 'w4.md'].map((n) => write(n, `---\ntitle: ${n}\n---\nWords.\n`)));
      const a: PublishContext = { client: client(), state: new StateStore(dir) };
      const b: PublishContext = { client: client(), state: new StateStore(dir) };
      const outs = await Promise.all(files.map((f, i) => fs.readFile(f, 'utf8').then((t) => publishFile(f, t, i % 2 ? a : b))));
      const fresh = new StateStore(dir);
      await fresh.load();
      for (const o of outs) {
        assert.equal(o.kind, 'created');
        assert.ok(o.kind === 'created' && fresh.post(ctx.client.site.adminUrl, o.post.id), `the record of ${o.file} was lost`);
      }
    });

    it('a Markdown file that is a symbolic link is neither read nor written: refused with what to do, nothing sent', async () => {
      await fs.mkdir(path.join(dir, 'real'));
      const text = '---\ntitle: Linked through a symlink\n---\nWords.\n';
      await write('real/post.md', text);
      await fs.symlink(path.join('real', 'post.md'), path.join(dir, 'alias.md'));
      const r = await cliRequests('publish', 'alias.md');
      assert.equal(r.code, EXIT.error, r.err);
      assert.match(r.err, /alias\.md is a symbolic link: Ghost Author never follows links/);
      assert.equal(r.requests, 0, 'nothing was sent');
      assert.ok((await fs.lstat(path.join(dir, 'alias.md'))).isSymbolicLink(), 'the symbolic link stays a link');
      assert.equal(await fs.readFile(path.join(dir, 'real', 'post.md'), 'utf8'), text, 'its target is untouched');
    });

    it('reference-style images in a Markdown card are uploaded and rewritten', async () => {
      await fs.writeFile(path.join(dir, 'ref.png'), solidPng(12, 8, [10, 20, 30]));
      const f = await write('ref.md', '---\ntitle: Reference image\nrender: markdown\n---\n![Alt][pic]\n\n[pic]: ref.png\n');
      const res = await publishFile(f, await fs.readFile(f, 'utf8'), ctx);
      assert.equal(res.kind === 'created' && res.uploaded, 1);
      const html = String((await client().posts.read(res.kind === 'created' ? res.post.id : '', FULL)).html);
      assert.match(html, /<img src="[^"]*\/content\/images\/[^"]*ref[^"]*\.png"/);
    });

    it('the CLI reads every file before it connects: an unchanged file costs no request, an edited one one read and one write', async () => {
      await write('c.md', '---\ntitle: Counted\n---\nWords.\n');
      assert.equal((await cliRequests('publish', 'c.md')).code, EXIT.ok);
      const unchanged = await cliRequests('publish', 'c.md');
      assert.equal(unchanged.code, EXIT.ok);
      assert.equal(unchanged.requests, 0);
      await write('c.md', (await fs.readFile(path.join(dir, 'c.md'), 'utf8')).replace('Words.', 'Words, edited.'));
      const edited = await cliRequests('publish', 'c.md');
      assert.equal(edited.code, EXIT.ok, edited.err);
      // What connecting learnt on the first run is kept (never the key): one read and one write.
      assert.equal(edited.requests, 2, 'one read and one write');
    });
  });
}
