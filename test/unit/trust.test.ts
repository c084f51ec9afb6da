/**
 * Trust II: each defect a review reproduced, as a test that failed before its fix (the fake Ghost
 * keeps Ghost's rules: its one-second updated_at, its time zone setting, its newsletters).
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { readLink } from '../../src/core/content/link';
import { readWhen } from '../../src/core/dates';
import { GhostClient } from '../../src/core/ghost/client';
import { issueEmailSend } from '../../src/core/ghost/emailSend';
import { parseSiteUrl } from '../../src/core/ghost/siteUrl';
import { changeStatus, publishFile, pullPost, type PublishContext } from '../../src/core/publish/engine';
import { ghostFingerprint, readMark, markHolds } from '../../src/core/publish/fingerprint';
import { applySync, folderStatus, pullAll, syncPlan } from '../../src/core/publish/folder';
import { gitHistory, gitPathHistory } from '../../src/core/publish/history';
import { linkFile } from '../../src/core/publish/linkFile';
import { ownerOf } from '../../src/core/publish/plan';
import { StateStore } from '../../src/core/publish/state';
import { KnownSites } from '../../src/core/publish/knownSites';
import type { PostLike } from '../../src/core/ghost/types';
import { FakeGhost, keyString } from '../support/fake/fakeGhost';
import { runCli } from '../support/cliRun';

describe('Trust II: the defects a careful writer met, each fixed', () => {
  let ghost: FakeGhost;
  let dir: string;
  const client = () => GhostClient.withKey(parseSiteUrl(ghost.url), { id: ghost.adminKey.id, secret: ghost.adminKey.secret }, { userAgent: 't', sleep: async () => undefined });
  const ctxFor = (root: string, extra: Partial<PublishContext> = {}): PublishContext => ({ client: client(), state: new StateStore(root), ...extra });
  const emailRequests = () => ghost.requests.filter((r) => r.query.has('newsletter') || r.query.has('email_segment') || /newsletter/.test(r.body ?? ''));

  beforeEach(async () => {
    ghost = await new FakeGhost().start();
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ga-trust2-'));
  });
  afterEach(async () => {
    await ghost.stop();
    await fs.rm(dir, { recursive: true, force: true });
  });

  async function created(file: string, text: string, ctx: PublishContext) {
    const out = await publishFile(file, text, ctx);
    assert.equal(out.kind, 'created');
    if (out.kind !== 'created') { throw new Error('not created'); }
    await fs.writeFile(file, out.newText);
    return out;
  }

  describe('3: one door for email', () => {
    it('scheduling a draft whose front matter names a newsletter sends no email, and says so', async () => {
      const ctx = ctxFor(dir);
      const f = path.join(dir, 'a.md');
      const first = await created(f, '---\ntitle: Weekly notes\nnewsletter: weekly\n---\nWords.\n', ctx);
      const at = new Date(Date.now() + 3 * 864e5).toISOString();
      // As VS Code's Schedule… calls the engine: a status and a date, no confirmation of a send.
      const out = await publishFile(f, first.newText, ctx, { status: 'scheduled', publishedAt: at });
      assert.equal(out.kind, 'updated');
      assert.equal(out.kind === 'updated' && out.post.status, 'scheduled');
      assert.deepEqual(emailRequests(), [], 'a request carried a newsletter');
      assert.ok(out.warnings.some((w) => /newsletter “weekly”, but no email was sent/.test(w)), out.warnings.join('\n'));
    });

    it('a newsletter named without a way to confirm is refused before anything is sent', async () => {
      const ctx = ctxFor(dir);
      const f = path.join(dir, 'a.md');
      const first = await created(f, '---\ntitle: T\n---\nWords.\n', ctx);
      const writes = ghost.requests.filter((r) => r.method !== 'GET').length;
      await assert.rejects(publishFile(f, first.newText, ctx, { status: 'published', newsletter: 'weekly' }), /only once the writer confirms/);
      assert.equal(ghost.requests.filter((r) => r.method !== 'GET').length, writes);
    });

    it('a confirmed send goes out once; a look-alike of a confirmed send is refused by the client', async () => {
      const ctx = ctxFor(dir);
      const f = path.join(dir, 'a.md');
      const first = await created(f, '---\ntitle: T\n---\nWords.\n', ctx);
      const id = first.post.id;
      const p = ghost.posts.find((x) => x.id === id) as { updated_at: string };
      await assert.rejects(ctx.client.posts.update(id, { status: 'published', updated_at: p.updated_at }, { send: { newsletter: 'weekly' } as never }), /not confirmed/);
      assert.deepEqual(emailRequests(), []);
      const out = await publishFile(f, first.newText, ctx, { status: 'published', newsletter: 'weekly', confirmEmail: async () => true });
      assert.equal(out.kind, 'updated');
      assert.equal(emailRequests().length, 1);
      // A send issued here is what the client accepts (the type and the registry agree).
      assert.equal(typeof issueEmailSend('weekly', undefined).newsletter, 'string');
    });

    it('no module but publish/email.ts issues a send', async () => {
      const root = path.join(__dirname, '..', '..', '..', 'src');
      const offenders: string[] = [];
      const walk = async (d: string): Promise<void> => {
        for (const e of await fs.readdir(d, { withFileTypes: true })) {
          const p = path.join(d, e.name);
          if (e.isDirectory()) { await walk(p); continue; }
          if (!/\.ts$/.test(e.name)) { continue; }
          const text = await fs.readFile(p, 'utf8');
          const rel = path.relative(root, p).split(path.sep).join('/');
          if (/issueEmailSend\s*\(/.test(text) && !['core/publish/email.ts', 'core/ghost/emailSend.ts'].includes(rel)) { offenders.push(rel); }
          if (/email_segment|[?&]newsletter=/.test(text) && !['core/ghost/client.ts', 'core/ghost/emailSend.ts', 'core/publish/email.ts', 'core/content/meta.ts', 'core/content/frontMatterHelp.ts', 'vscode/frontMatterFeatures.ts', 'commands/preview.ts'].includes(rel)) { offenders.push(`${rel} (names email_segment)`); }
        }
      };
      await walk(root);
      assert.deepEqual(offenders, []);
    });
  });

  describe('4: one reading of dates', () => {
    it('a zone-less date is read on the site’s clock by the engine, the Ghost view and every reader', async () => {
      ghost.timezone = 'America/New_York';
      const ctx = ctxFor(dir);
      const f = path.join(dir, 'a.md');
      const first = await created(f, '---\ntitle: March\npublished_at: 2027-03-01 09:00\n---\nWords.\n', ctx);
      // Schedule… pre-fills the file's date as written and passes it on.
      const out = await publishFile(f, first.newText, ctx, { status: 'scheduled', publishedAt: '2027-03-01 09:00' });
      assert.equal(out.kind === 'updated' && out.post.published_at, '2027-03-01T14:00:00.000Z');
      // The file's own date, as the CLI reads it.
      const g = await created(path.join(dir, 'b.md'), '---\ntitle: B\nstatus: scheduled\npublished_at: 2027-03-01 09:00\n---\nWords.\n', ctxFor(dir, { frontMatterStatus: true }));
      assert.equal(g.post.published_at, '2027-03-01T14:00:00.000Z');
      // The Ghost view's Schedule….
      const other = ghost.posts.find((p) => p.id !== first.post.id && p.id !== g.post.id) ?? ghost.posts[0];
      const changed = await changeStatus({ client: ctx.client }, 'post', String(other?.id), 'scheduled', '2027-03-01 09:00');
      assert.equal(changed.published_at, '2027-03-01T14:00:00.000Z');
      assert.deepEqual(await readWhen('2027-03-01T09:00:00Z', async () => 'America/New_York'), { iso: '2027-03-01T09:00:00.000Z', zoned: true });
    });
  });

  describe('5: two pushes of one new file at once', () => {
    it('make one post: the second stops before any upload', async () => {
      const ctx = ctxFor(dir);
      const f = path.join(dir, 'a.md');
      const text = '---\ntitle: Once\n---\nWords.\n';
      await fs.writeFile(f, text);
      ghost.latencyMs = 40;
      const results = await Promise.allSettled([publishFile(f, text, ctx), publishFile(f, text, ctxFor(dir))]);
      assert.equal(ghost.posts.filter((p) => p.title === 'Once').length, 1, 'two posts for one file');
      assert.ok(results.some((r) => r.status === 'rejected' && /already being pushed/.test(String(r.reason))), JSON.stringify(results.map((r) => r.status)));
    });
  });

  describe('6: a lost create and a client clock ahead of Ghost’s', () => {
    it('finds the post it made instead of making a second', async () => {
      const skew = 8_000;
      const ctx = ctxFor(dir, { now: () => Date.now() + skew });
      const f = path.join(dir, 'a.md');
      const text = '---\ntitle: Skewed\n---\nWords.\n';
      await fs.writeFile(f, text);
      ghost.faults.push({ match: (r) => r.method === 'POST' && /\/posts\/$/.test(r.path), reset: true, landed: true });
      await publishFile(f, text, { ...ctx, client: GhostClient.withKey(parseSiteUrl(ghost.url), { id: ghost.adminKey.id, secret: ghost.adminKey.secret }, { userAgent: 't', sleep: async () => undefined, retries: 0 }) }).catch(() => undefined);
      assert.equal(ghost.posts.filter((p) => p.title === 'Skewed').length, 1);
      const again = await publishFile(f, text, { ...ctx, now: () => Date.now() + skew + 61_000 });
      assert.equal(again.kind, 'created');
      assert.equal(ghost.posts.filter((p) => p.title === 'Skewed').length, 1, 'a second post was made');
    });

    it('a create in doubt is found after the file was renamed before the retry', async () => {
      const ctx = ctxFor(dir, { client: GhostClient.withKey(parseSiteUrl(ghost.url), { id: ghost.adminKey.id, secret: ghost.adminKey.secret }, { userAgent: 't', sleep: async () => undefined, retries: 0 }) });
      const f = path.join(dir, 'draft.md');
      const text = '---\ntitle: Renamed\n---\nWords.\n';
      await fs.writeFile(f, text);
      ghost.faults.push({ match: (r) => r.method === 'POST' && /\/posts\/$/.test(r.path), reset: true, landed: true });
      await publishFile(f, text, ctx).catch(() => undefined);
      const g = path.join(dir, 'final.md');
      await fs.rename(f, g);
      const again = await publishFile(g, text, { ...ctx, now: () => Date.now() + 61_000 });
      assert.equal(again.kind, 'created');
      assert.equal(ghost.posts.filter((p) => p.title === 'Renamed').length, 1, 'a second post was made');
    });
  });

  describe('6b: a create in doubt in a run that is gone (a CI job, a discarded checkout)', () => {
    const noRetry = () => GhostClient.withKey(parseSiteUrl(ghost.url), { id: ghost.adminKey.id, secret: ghost.adminKey.secret }, { userAgent: 't', sleep: async () => undefined, retries: 0 });
    /** A push whose answer is lost and whose search for what it made fails too: it ends in doubt. */
    async function lostInDoubt(root: string, name: string, text: string) {
      const f = path.join(root, name);
      await fs.writeFile(f, text);
      let sent = false;
      ghost.faults.push({ match: (r) => (sent = sent || (r.method === 'POST' && /\/posts\/$/.test(r.path))), reset: true, landed: true });
      // The search after it (for the post it may have made) fails too.
      ghost.faults.push({ match: (r) => sent && r.method === 'GET' && /\/posts\/$/.test(r.path), reset: true });
      const out = await publishFile(f, text, ctxFor(root, { client: noRetry() })).then(() => 'answered', (e: Error) => e.message);
      assert.match(out, /may still have created/);
    }

    it('the next run in a clean clone links the post that create made, by its mark, instead of making a second', async () => {
      const text = '---\ntitle: From CI\n---\nWords.\n';
      await lostInDoubt(dir, 'a.md', text);
      assert.equal(ghost.posts.filter((p) => p.title === 'From CI').length, 1);
      const clone = await fs.mkdtemp(path.join(os.tmpdir(), 'ga-trust2-clone-'));
      try {
        const f = path.join(clone, 'a.md');
        // Edited and committed since: the history holds the version that create sent.
        const edited = text.replace('Words.', 'Words, and more.');
        await fs.writeFile(f, edited);
        const out = await publishFile(f, edited, ctxFor(clone, { history: async () => [edited, text] }));
        assert.equal(out.kind, 'created');
        assert.equal(ghost.posts.filter((p) => p.title === 'From CI').length, 1, 'a second post was made');
        const post = ghost.posts.find((p) => p.title === 'From CI');
        assert.equal(out.kind === 'created' && readLink(out.newText)?.id, post?.id);
        assert.match(String(post?.lexical), /and more/, 'the edit made since was not sent');
      } finally {
        await fs.rm(clone, { recursive: true, force: true });
      }
    });

    it('the file renamed (git mv) before the next run: its history leads to the post that create made', async () => {
      const text = '---\ntitle: Moved later\n---\nWords.\n';
      await lostInDoubt(dir, 'c.md', text);
      const clone = await fs.mkdtemp(path.join(os.tmpdir(), 'ga-trust2-clone-'));
      try {
        await fs.mkdir(path.join(clone, 'posts'));
        const f = path.join(clone, 'posts', 'c.md');
        await fs.writeFile(f, text);
        const out = await publishFile(f, text, ctxFor(clone, { history: async () => [text] }));
        assert.equal(out.kind, 'created');
        assert.equal(ghost.posts.filter((p) => p.title === 'Moved later').length, 1, 'a second post was made');
        // Without a history to show it came from there, a file of the same title elsewhere is another post.
        const other = path.join(clone, 'posts', 'other.md');
        await fs.writeFile(other, text);
        const second = await publishFile(other, text, ctxFor(clone));
        assert.ok(second.kind === 'created' && second.post.id !== (out.kind === 'created' && out.post.id));
      } finally {
        await fs.rm(clone, { recursive: true, force: true });
      }
    });

    it('a post of that title and path made from other words, or edited in Ghost since, is never overwritten', async () => {
      await lostInDoubt(dir, 'a.md', '---\ntitle: Same name\n---\nTheir words.\n');
      const made = ghost.posts.find((p) => p.title === 'Same name');
      const clone = await fs.mkdtemp(path.join(os.tmpdir(), 'ga-trust2-clone-'));
      try {
        // Another repository's a.md, nothing in its history was ever sent: a post of its own.
        const mine = '---\ntitle: Same name\n---\nMy words.\n';
        await fs.writeFile(path.join(clone, 'a.md'), mine);
        const other = await publishFile(path.join(clone, 'a.md'), mine, ctxFor(clone, { history: async () => [mine] }));
        assert.equal(other.kind, 'created');
        assert.notEqual(other.kind === 'created' && other.post.id, made?.id);
        assert.match(String(ghost.posts.find((p) => p.id === made?.id)?.lexical), /Their words/);
      } finally {
        await fs.rm(clone, { recursive: true, force: true });
      }
      // The same file's post, its tags edited in Ghost since the lost create (the mark stays, but
      // no longer holds): linked, the difference shown, nothing overwritten.
      const clone2 = await fs.mkdtemp(path.join(os.tmpdir(), 'ga-trust2-clone-'));
      try {
        const sentText = '---\ntitle: Tagged\ntags: [one]\n---\nSent words.\n';
        await lostInDoubt(dir, 'b.md', sentText);
        const post = ghost.posts.find((p) => p.title === 'Tagged') as PostLike;
        ghost.editInGhost(post as never, { tags: [{ name: 'one' }, { name: 'two' }] });
        const text = sentText.replace('Sent words.', 'Sent words, edited here.');
        await fs.writeFile(path.join(clone2, 'b.md'), text);
        const out = await publishFile(path.join(clone2, 'b.md'), text, ctxFor(clone2, { history: async () => [text, sentText] }));
        assert.equal(ghost.posts.filter((p) => p.title === 'Tagged').length, 1, 'a second post was made');
        assert.ok(out.kind === 'created' && out.incomplete && readLink(out.newText)?.id === post.id, out.kind);
        const now = ghost.posts.find((p) => p.id === post.id);
        assert.deepEqual((now?.tags as Array<{ name: string }> | undefined)?.map((t) => t.name), ['one', 'two'], 'Ghost’s edit was overwritten');
        assert.doesNotMatch(String(now?.lexical), /edited here/);
      } finally {
        await fs.rm(clone2, { recursive: true, force: true });
      }
    });
  });

  describe('7: what Ghost keeps in its own form', () => {
    it('a slug written as words and a tag named twice leave the mark holding, so a clean clone sees no change', async () => {
      const ctx = ctxFor(dir);
      const f = path.join(dir, 'a.md');
      const first = await created(f, '---\ntitle: Trip\nslug: My Trip\ntags: [News, news]\n---\nWords.\n', ctx);
      const held = ghost.posts.find((p) => p.id === first.post.id) as unknown as PostLike;
      assert.equal(held.slug, 'my-trip');
      const post = await ctx.client.posts.read(first.post.id, { formats: ['lexical'], include: ['tags', 'authors'] });
      assert.ok(readMark(post.lexical), 'no mark');
      assert.ok(markHolds(post), 'the mark does not hold for what Ghost keeps');
      // A clean clone (no records) with the same file: in sync.
      const clone = await fs.mkdtemp(path.join(os.tmpdir(), 'ga-trust2-clone-'));
      try {
        await fs.writeFile(path.join(clone, 'a.md'), first.newText);
        const st = await folderStatus(clone, ctxFor(clone, { history: async () => [first.newText] }));
        assert.equal(st.entries.find((e) => e.file === 'a.md')?.state, 'in-sync', JSON.stringify(st.entries));
      } finally {
        await fs.rm(clone, { recursive: true, force: true });
      }
    });
  });

  describe('8: a pull --all mirror in a clean clone', () => {
    it('is in sync, and an edit there is a change here, not a conflict', async () => {
      ghost.seed('posts', 2, () => 'published');
      const mirror = ctxFor(dir);
      const files: string[] = [];
      for (const p of ghost.posts) {
        const f = path.join(dir, `${p.slug}.md`);
        const pulled = await pullPost(p.id, mirror, { file: f });
        await fs.writeFile(f, pulled.text);
        files.push(f);
      }
      const clone = await fs.mkdtemp(path.join(os.tmpdir(), 'ga-trust2-clone-'));
      try {
        const history = new Map<string, string[]>();
        for (const f of files) {
          const text = await fs.readFile(f, 'utf8');
          await fs.writeFile(path.join(clone, path.basename(f)), text);
          history.set(path.basename(f), [text]);
        }
        const ci = () => ctxFor(clone, { history: async (x: string) => history.get(path.basename(x)) ?? [] });
        const st = await folderStatus(clone, ci());
        assert.deepEqual(st.entries.filter((e) => e.file).map((e) => e.state), ['in-sync', 'in-sync'], JSON.stringify(st.entries));
        const f0 = path.join(clone, path.basename(files[0] as string));
        const edited = `${await fs.readFile(f0, 'utf8')}\nA new paragraph.\n`;
        await fs.writeFile(f0, edited);
        const st2 = await folderStatus(clone, ci());
        assert.equal(st2.entries.find((e) => e.file === path.basename(f0))?.state, 'changed-here', JSON.stringify(st2.entries));
        const out = await publishFile(f0, edited, ci());
        assert.equal(out.kind, 'updated');
      } finally {
        await fs.rm(clone, { recursive: true, force: true });
      }
    });
  });

  describe('10: a create in doubt retried in the same clone, the file edited since', () => {
    const noRetry = () => GhostClient.withKey(parseSiteUrl(ghost.url), { id: ghost.adminKey.id, secret: ghost.adminKey.secret }, { userAgent: 't', sleep: async () => undefined, retries: 0 });
    /** A create whose answer is lost and whose search for what it made fails too: in doubt, no link written. */
    async function inDoubt(f: string, text: string) {
      await fs.writeFile(f, text);
      let sent = false;
      ghost.faults.push({ match: (r) => (sent = sent || (r.method === 'POST' && /\/posts\/$/.test(r.path))), reset: true, landed: true });
      ghost.faults.push({ match: (r) => sent && r.method === 'GET' && /\/posts\/$/.test(r.path), reset: true });
      await assert.rejects(publishFile(f, text, ctxFor(dir, { client: noRetry(), frontMatterStatus: true })), /may still have created/);
    }

    it('links the post that create made and sends the edit: Ghost was not edited since (its mark holds)', async () => {
      const f = path.join(dir, 'a.md');
      const text = '---\ntitle: Lost once\ntags: [one]\n---\nWords.\n';
      await inDoubt(f, text);
      // Its words and the tags it names, edited since.
      const edited = text.replace('Words.', 'Words, edited here.').replace('[one]', '[one, two]');
      await fs.writeFile(f, edited);
      const later = () => Date.now() + 61_000;
      const out = await publishFile(f, edited, ctxFor(dir, { frontMatterStatus: true, now: later }));
      assert.equal(out.kind, 'created');
      assert.ok(out.kind === 'created' && !out.incomplete, out.warnings.join('\n'));
      assert.equal(ghost.posts.filter((p) => p.title === 'Lost once').length, 1, 'a second post was made');
      const post = ghost.posts.find((p) => p.title === 'Lost once');
      assert.match(String(post?.lexical), /edited here/, 'the edit made since was not sent');
      assert.deepEqual((post?.tags as Array<{ name: string }>).map((t) => t.name), ['one', 'two']);
      if (out.kind !== 'created') { return; }
      await fs.writeFile(f, out.newText);
      assert.equal((await publishFile(f, out.newText, ctxFor(dir, { frontMatterStatus: true, now: later }))).kind, 'unchanged');
      const st = await folderStatus(dir, ctxFor(dir, { frontMatterStatus: true }));
      assert.equal(st.entries.find((e) => e.file === 'a.md')?.state, 'in-sync', JSON.stringify(st.entries));
      const again = out.newText.replace('edited here.', 'edited here, twice.');
      await fs.writeFile(f, again);
      assert.equal((await publishFile(f, again, ctxFor(dir, { frontMatterStatus: true, now: later }))).kind, 'updated');
    });

    it('edited in Ghost since that create: linked, shown as a conflict, nothing overwritten', async () => {
      const f = path.join(dir, 'b.md');
      const text = '---\ntitle: Lost twice\ntags: [one]\n---\nWords.\n';
      await inDoubt(f, text);
      const post = ghost.posts.find((p) => p.title === 'Lost twice');
      if (!post) { throw new Error('no post'); }
      // The tags the file names, edited there (the mark stays, but no longer holds).
      ghost.editInGhost(post, { tags: [{ name: 'one' }, { name: 'from-ghost' }] });
      const edited = text.replace('Words.', 'Words, edited here.');
      await fs.writeFile(f, edited);
      const out = await publishFile(f, edited, ctxFor(dir, { frontMatterStatus: true, now: () => Date.now() + 61_000 }));
      assert.ok(out.kind === 'created' && out.incomplete && readLink(out.newText)?.id === post.id, out.kind);
      assert.equal(ghost.posts.filter((p) => p.title === 'Lost twice').length, 1, 'a second post was made');
      assert.doesNotMatch(String(post.lexical), /edited here/);
      assert.deepEqual((post.tags as Array<{ name: string }>).map((t) => t.name), ['one', 'from-ghost']);
    });

    it('the CLI says what stopped it, not a status change nobody asked for', async () => {
      const f = path.join(dir, 'c.md');
      const text = '---\ntitle: Lost thrice\ntags: [one]\n---\nWords.\n';
      await inDoubt(f, text);
      const post = ghost.posts.find((p) => p.title === 'Lost thrice');
      if (!post) { throw new Error('no post'); }
      ghost.editInGhost(post, { tags: [{ name: 'one' }, { name: 'from-ghost' }] });
      await fs.writeFile(f, text.replace('Words.', 'Words, edited here.'));
      const cli = await runCli(dir, { GHOST_URL: ghost.url, GHOST_ADMIN_API_KEY: keyString(ghost.adminKey) }, 'publish', 'c.md');
      assert.equal(readLink(await fs.readFile(f, 'utf8'))?.id, post.id);
      assert.doesNotMatch(cli.err, /status change/, cli.err);
      assert.match(cli.err, /c\.md: draft [0-9a-f]{24} “Lost thrice” is linked to this file, but this push did not finish: Ghost holds a different version of it/, cli.err);
    });
  });

  describe('11: a clean clone of a pull --all mirror of posts pushed from another folder', () => {
    /** Posts pushed from folder A, pulled with their images into repository B (recorded there), and B cloned: no records. */
    async function mirrorOfA(): Promise<{ b: string; clone: string; history: Map<string, string[]>; ci: () => PublishContext }> {
      const a = path.join(dir, 'a');
      await fs.mkdir(path.join(a, 'src'), { recursive: true });
      await fs.writeFile(path.join(a, 'src', 'pic.png'), Buffer.from('89504e470d0a1a0a0000000d49484452000000020000000308060000009d', 'hex'));
      const files: Record<string, string> = {
        'q1.md': '---\ntitle: Q1\nstatus: published\ntags: [one]\n---\nHello one.\n\n![A picture](pic.png)\n',
        'q2.md': '---\ntitle: Q2\n---\nHello two.\n',
        'q3.md': '---\ntitle: Q3\nstatus: published\nfeature_image: pic.png\n---\nHello *three*.\n',
        'q4.md': '---\ntitle: Q4\nrender: markdown\nstatus: published\n---\nHello four, as **Markdown**.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n',
      };
      for (const [name, text] of Object.entries(files)) { await created(path.join(a, 'src', name), text, ctxFor(a, { frontMatterStatus: true })); }
      const b = path.join(dir, 'b');
      await fs.mkdir(b);
      const pulled = await pullAll(path.join(b, 'content'), ctxFor(b), { images: true });
      assert.equal(pulled.written.length, 4);
      assert.match(await fs.readFile(path.join(b, 'content', 'posts', 'q1.md'), 'utf8'), /\]\(\.\.\/images\/[^)]*pic\.png\)/, 'the image was not pulled');
      const st = await folderStatus(path.join(b, 'content'), ctxFor(b, { frontMatterStatus: true }));
      assert.deepEqual(st.entries.map((e) => e.state), ['in-sync', 'in-sync', 'in-sync', 'in-sync'], JSON.stringify(st.entries));
      // Committed, and cloned: the files as pulled, their history that one commit.
      const clone = path.join(dir, 'clone');
      await fs.cp(b, clone, { recursive: true, filter: (x) => path.basename(x) !== '.ghost-author' });
      const history = new Map<string, string[]>();
      for (const p of pulled.written) { history.set(path.join(clone, 'content', p.file), [await fs.readFile(path.join(b, 'content', p.file), 'utf8')]); }
      const ci = () => ctxFor(clone, { frontMatterStatus: true, history: async (x: string) => history.get(x) ?? [] });
      return { b, clone, history, ci };
    }

    it('is in sync (its committed version shows what Ghost holds), and a sync sends nothing', async () => {
      const { clone, ci } = await mirrorOfA();
      const content = path.join(clone, 'content');
      const st = await folderStatus(content, ci());
      assert.deepEqual(st.entries.map((e) => `${e.file} ${e.state}`).sort(), ['posts/q1.md in-sync', 'posts/q2.md in-sync', 'posts/q3.md in-sync', 'posts/q4.md in-sync'], JSON.stringify(st.entries));
      const writes = ghost.requests.filter((r) => r.method !== 'GET').length;
      const results = await applySync(content, syncPlan(st), { ...ci(), published: st.published }, { writeFile: (f, t) => fs.writeFile(f, t) });
      assert.deepEqual(results.filter((r) => r.error || r.outcome?.kind === 'conflict'), []);
      assert.equal(ghost.requests.filter((r) => r.method !== 'GET').length, writes, 'a sync of a mirror in sync wrote to Ghost');
      // Each file pushed on its own (without its images: a clean clone has no record of them): nothing to send either.
      for (const name of ['q2', 'q4']) {
        const f = path.join(content, 'posts', `${name}.md`);
        const out = await publishFile(f, await fs.readFile(f, 'utf8'), ci());
        assert.ok(out.kind === 'updated' || out.kind === 'unchanged', `${name}: ${out.kind}`);
      }
      assert.equal(ghost.requests.filter((r) => r.method !== 'GET').length, writes, 'a push of a pulled file wrote to Ghost');
    });

    it('an edit there afterwards is a change here, not a conflict, and is sent', async () => {
      const { clone, ci } = await mirrorOfA();
      const content = path.join(clone, 'content');
      for (const name of ['q1', 'q4']) {
        const f = path.join(content, 'posts', `${name}.md`);
        await fs.writeFile(f, `${await fs.readFile(f, 'utf8')}\nA new paragraph in ${name}.\n`);
      }
      const st = await folderStatus(content, ci());
      assert.deepEqual(st.entries.map((e) => `${e.file} ${e.state}`).sort(), ['posts/q1.md changed-here', 'posts/q2.md in-sync', 'posts/q3.md in-sync', 'posts/q4.md changed-here'], JSON.stringify(st.entries));
      const results = await applySync(content, syncPlan(st), { ...ci(), published: st.published }, { writeFile: (f, t) => fs.writeFile(f, t) });
      assert.deepEqual(results.filter((r) => r.step.action !== 'leave').map((r) => `${r.step.entry.file} ${r.outcome?.kind ?? r.error}`).sort(), ['posts/q1.md updated', 'posts/q4.md updated']);
      assert.match(String(ghost.posts.find((p) => p.title === 'Q4')?.lexical), /A new paragraph in q4/);
    });

    it('a draft pulled, published in Ghost since: an edit sent from the clean clone leaves it published', async () => {
      const { clone, ci } = await mirrorOfA();
      const post = ghost.posts.find((p) => p.title === 'Q2');
      if (!post) { throw new Error('no post'); }
      await changeStatus({ client: client() }, 'post', post.id, 'published');
      const f = path.join(clone, 'content', 'posts', 'q2.md');
      const edited = `${await fs.readFile(f, 'utf8')}\nMore.\n`;
      await fs.writeFile(f, edited);
      const out = await publishFile(f, edited, ci());
      assert.equal(out.kind, 'updated');
      assert.equal(post.status, 'published', 'the pulled status: draft, never changed since, unpublished the post');
    });
  });

  describe('12: a post edited only in Ghost, seen from a clean clone of the file pushed', () => {
    it('is changed in Ghost while its mark names the pushed file; saved in Ghost’s editor (no mark left), nothing shows what was pushed', async () => {
      const f = path.join(dir, 'a.md');
      const first = await created(f, '---\ntitle: Pushed\ntags: [one]\n---\nWords.\n', ctxFor(dir, { frontMatterStatus: true }));
      const post = ghost.posts.find((p) => p.id === first.post.id);
      if (!post) { throw new Error('no post'); }
      const clone = await fs.mkdtemp(path.join(os.tmpdir(), 'ga-trust2-clone-'));
      try {
        await fs.writeFile(path.join(clone, 'a.md'), first.newText);
        const ci = () => ctxFor(clone, { frontMatterStatus: true, history: async () => [first.newText] });
        const state = async () => (await folderStatus(clone, ci())).entries.find((e) => e.file === 'a.md')?.state;
        // Its title and tags edited there: the mark stays (and no longer holds); the file is the one it names.
        ghost.editInGhost(post, { title: 'Pushed, retitled in Ghost', tags: [{ name: 'one' }, { name: 'two' }] });
        assert.equal(await state(), 'changed-in-ghost');
        // Saved in Ghost's editor, which keeps no key of ours: no record, no mark, and no committed
        // version of the file shows what Ghost holds, so whether the file changed since the push
        // cannot be told here (README: it counts as an edit in Ghost; the file's is unknown).
        ghost.editInGhost(post, { html: '<p>Words, from Ghost.</p>' });
        assert.equal(readMark(post.lexical), undefined);
        assert.equal(await state(), 'conflict');
      } finally {
        await fs.rm(clone, { recursive: true, force: true });
      }
    });
  });

  describe('9: a post from Ghost’s older editor', () => {
    it('pulled here, is in sync in a folder status', async () => {
      ghost.seed('posts', 1, () => 'published');
      const p = ghost.posts[0] as { id: string; lexical?: unknown; mobiledoc?: string; html?: string; slug: string };
      delete p.lexical;
      p.mobiledoc = JSON.stringify({ version: '0.3.1', atoms: [], cards: [], markups: [], sections: [[1, 'p', [[0, [], 0, 'Old words.']]]] });
      p.html = '<p>Old words.</p>';
      const ctx = ctxFor(dir);
      const f = path.join(dir, 'old.md');
      const pulled = await pullPost(p.id, ctx, { file: f });
      await fs.writeFile(f, pulled.text);
      const st = await folderStatus(dir, ctxFor(dir));
      assert.equal(st.entries.find((e) => e.file === 'old.md')?.state, 'in-sync', JSON.stringify(st.entries));
    });
  });

  describe('2: two files naming one post', () => {
    it('the one owner rule: record, then mark, then the only file; never sort order, never content alone', () => {
      const c = (file: string, src?: string) => ({ file, ...(src ? { src } : {}) });
      assert.deepEqual(ownerOf({ claimants: [c('feb.md'), c('jan.md')], marked: { file: 'jan.md' } }), { owner: 'jan.md' });
      assert.deepEqual(ownerOf({ claimants: [c('feb.md'), c('jan.md')], recorded: 'jan.md', marked: { file: 'feb.md' } }), { owner: 'jan.md' });
      // Found at ten times the usual count: an exact Save As copy is as unchanged as the original.
      assert.deepEqual(ownerOf({ claimants: [c('posts/feb.md', 's'), c('archive/jan.md', 'x')], marked: { file: 'posts/jan.md', src: 's' } }), { ambiguous: ['archive/jan.md', 'posts/feb.md'] });
      assert.deepEqual(ownerOf({ claimants: [c('renamed.md', 'y')], marked: { file: 'old.md', src: 's' } }), { owner: 'renamed.md' });
      assert.deepEqual(ownerOf({ claimants: [c('b.md', 'x'), c('a.md', 'y')], marked: { file: 'gone.md', src: 's' } }), { ambiguous: ['a.md', 'b.md'] });
    });

    async function janAndFeb(): Promise<{ clone: string; jan: string; feb: string; id: string; history: Map<string, string[]> }> {
      await fs.mkdir(path.join(dir, 'posts'));
      const ctx = ctxFor(dir);
      const jan = path.join(dir, 'posts', 'jan.md');
      const first = await created(jan, '---\ntitle: January\nstatus: published\n---\nJanuary words.\n', ctxFor(dir, { frontMatterStatus: true }));
      void ctx;
      // Save As: the copy keeps the link; edited and committed. A fresh clone has no records.
      const febText = first.newText.replace('title: January', 'title: February').replace('January words.', 'February words.').replace('status: published', 'status: draft');
      const clone = await fs.mkdtemp(path.join(os.tmpdir(), 'ga-trust2-ci-'));
      await fs.mkdir(path.join(clone, 'posts'));
      await fs.writeFile(path.join(clone, 'posts', 'jan.md'), first.newText);
      await fs.writeFile(path.join(clone, 'posts', 'feb.md'), febText);
      // `git log --follow` walks feb.md back into jan.md's history.
      const history = new Map([['jan.md', [first.newText]], ['feb.md', [febText, first.newText]]]);
      return { clone, jan: path.join(clone, 'posts', 'jan.md'), feb: path.join(clone, 'posts', 'feb.md'), id: first.post.id, history };
    }

    it('a copy (Save As) published from a clean clone never takes the original’s live post', async () => {
      const { clone, feb, id, history } = await janAndFeb();
      try {
        const ci = ctxFor(clone, { frontMatterStatus: true, history: async (x: string) => history.get(path.basename(x)) ?? [] });
        const out = await publishFile(feb, await fs.readFile(feb, 'utf8'), ci);
        assert.equal(out.kind, 'owned-elsewhere', out.kind);
        assert.equal(out.kind === 'owned-elsewhere' && out.owner, 'posts/jan.md');
        const post = ghost.posts.find((p) => p.id === id);
        assert.equal(post?.title, 'January');
        assert.equal(post?.status, 'published');
        const st = await folderStatus(clone, ci);
        assert.equal(st.entries.find((e) => e.file === 'posts/feb.md')?.state, 'owned-elsewhere', JSON.stringify(st.entries));
        assert.equal(st.entries.find((e) => e.file === 'posts/jan.md')?.state, 'in-sync', JSON.stringify(st.entries));
      } finally {
        await fs.rm(clone, { recursive: true, force: true });
      }
    });

    it('a copy, then the original moved into archive/: neither takes the post until the writer says which', async () => {
      const { clone, jan, feb, id, history } = await janAndFeb();
      try {
        await fs.mkdir(path.join(clone, 'archive'));
        const moved = path.join(clone, 'archive', 'jan.md');
        await fs.rename(jan, moved);
        const ci = ctxFor(clone, { frontMatterStatus: true, history: async (x: string) => history.get(path.basename(x)) ?? [] });
        const out = await publishFile(feb, await fs.readFile(feb, 'utf8'), ci);
        assert.equal(out.kind, 'owned-elsewhere');
        assert.deepEqual(out.kind === 'owned-elsewhere' && out.ambiguous, ['archive/jan.md', 'posts/feb.md']);
        assert.equal(ghost.posts.find((p) => p.id === id)?.title, 'January');
        const st = await folderStatus(clone, ci);
        assert.equal(st.entries.find((e) => e.file === 'posts/feb.md')?.state, 'owned-elsewhere', JSON.stringify(st.entries));
        assert.equal(st.entries.find((e) => e.file === 'archive/jan.md')?.state, 'owned-elsewhere', JSON.stringify(st.entries));
        // The writer names the original: it keeps the post, and the copy is then a copy of it.
        const back = await publishFile(moved, await fs.readFile(moved, 'utf8'), ci, { ownership: 'take-over' });
        assert.notEqual(back.kind, 'owned-elsewhere');
        assert.equal(ghost.posts.find((p) => p.id === id)?.title, 'January');
      } finally {
        await fs.rm(clone, { recursive: true, force: true });
      }
    });

    /**
     * Pushed from content/alpha.md and committed; moved (git mv) to content/posts/alpha.md and
     * committed; then a copy of it written back to content/alpha.md, edited and committed. The
     * record and the mark name content/alpha.md, but the file there now is the copy. `counted`:
     * the push kept how many times its path had been vacated (else as records and marks made
     * before that was kept: the path's versions tell).
     */
    async function movedThenCopiedBack(counted = true): Promise<{ repo: string; copy: string; orig: string; id: string; git: (cwd: string, ...args: string[]) => void }> {
      const repo = await fs.mkdtemp(path.join(dir, 'repo-'));
      await fs.mkdir(path.join(repo, 'content', 'posts'), { recursive: true });
      const git = (cwd: string, ...args: string[]) => { execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=T', '-c', 'commit.gpgsign=false', ...args], { cwd, stdio: 'pipe' }); };
      git(repo, 'init', '-q');
      const copy = path.join(repo, 'content', 'alpha.md');
      const orig = path.join(repo, 'content', 'posts', 'alpha.md');
      const first = await created(copy, '---\ntitle: Alpha\n---\nAlpha words.\n', ctxFor(repo, { history: gitHistory(), ...(counted ? { pathHistory: gitPathHistory() } : {}) }));
      git(repo, 'add', '-A');
      git(repo, 'commit', '-qm', 'alpha');
      git(repo, 'mv', 'content/alpha.md', 'content/posts/alpha.md');
      git(repo, 'commit', '-qm', 'move');
      await fs.writeFile(copy, first.newText.replace('title: Alpha', 'title: Beta').replace('Alpha words.', 'Beta words.'));
      git(repo, 'add', '-A');
      git(repo, 'commit', '-qm', 'copy');
      return { repo, copy, orig, id: first.post.id, git };
    }

    it('a copy written back to the path its original moved away from never takes the post (a clone with state, and a clean clone)', async () => {
      for (const counted of [true, false]) {
        await copiedBackStaysACopy(counted);
      }
    });

    async function copiedBackStaysACopy(counted: boolean): Promise<void> {
      const { repo, copy, orig, id, git } = await movedThenCopiedBack(counted);
      const clean = `${repo}-clean`;
      git(dir, 'clone', '-q', repo, clean);
      for (const [root, what] of [[repo, 'with state'], [clean, 'clean clone']] as const) {
        const label = `${what}${counted ? '' : ', pushed without the count'}`;
        const ctx = ctxFor(root, { frontMatterStatus: true, history: gitHistory(), pathHistory: gitPathHistory() });
        const st = await folderStatus(path.join(root, 'content'), ctx);
        for (const f of ['alpha.md', 'posts/alpha.md']) {
          const e = st.entries.find((x) => x.file === f);
          assert.equal(e?.state, 'owned-elsewhere', `${label}: ${JSON.stringify(st.entries)}`);
          assert.match(e?.why ?? '', /2 files name its post/, label);
        }
        for (const f of [copy, orig].map((x) => path.join(root, path.relative(repo, x)))) {
          const out = await publishFile(f, await fs.readFile(f, 'utf8'), ctx);
          assert.equal(out.kind, 'owned-elsewhere', `${label}: ${f}`);
          assert.deepEqual(out.kind === 'owned-elsewhere' && out.ambiguous, ['content/alpha.md', 'content/posts/alpha.md'], label);
        }
        const post = ghost.posts.find((p) => p.id === id);
        assert.equal(post?.title, 'Alpha', label);
        assert.doesNotMatch(String(post?.lexical), /Beta/, label);
      }
      // The writer names the original: it keeps the post, and the copy is a copy of it from then on.
      const ctx = ctxFor(repo, { history: gitHistory(), pathHistory: gitPathHistory() });
      const back = await publishFile(orig, (await fs.readFile(orig, 'utf8')).replace('Alpha words.', 'Alpha words, moved.'), ctx, { ownership: 'take-over' });
      assert.equal(back.kind, 'updated');
      const after = await publishFile(copy, await fs.readFile(copy, 'utf8'), ctx);
      assert.equal(after.kind === 'owned-elsewhere' && after.owner, 'content/posts/alpha.md');
      assert.equal(ghost.posts.find((p) => p.id === id)?.title, 'Alpha');
    }

    it('a copy written back where its original moved away from, made the post’s file (--take-over), keeps it through later edits', async () => {
      const { repo, copy, orig, id } = await movedThenCopiedBack();
      const ctx = ctxFor(repo, { history: gitHistory(), pathHistory: gitPathHistory() });
      const taken = await publishFile(copy, await fs.readFile(copy, 'utf8'), ctx, { ownership: 'take-over' });
      assert.equal(taken.kind, 'updated');
      // Edited again, not committed: the record (and the mark) say it was pushed from this path
      // after the path was vacated, so it is still the post's file.
      const edited = (await fs.readFile(copy, 'utf8')).replace('Beta words.', 'Beta words, edited.');
      const again = await publishFile(copy, edited, ctx);
      assert.equal(again.kind, 'updated');
      assert.match(String(ghost.posts.find((p) => p.id === id)?.lexical), /Beta words, edited/);
      const other = await publishFile(orig, await fs.readFile(orig, 'utf8'), ctx);
      assert.equal(other.kind === 'owned-elsewhere' && other.owner, 'content/alpha.md');
    });

    it('without git, in the clone that pushed it: a copy written back where its original moved away from never takes the post', async () => {
      // As the CLI links a new file: written anew in its place (its identity is kept once linked).
      const ctx = ctxFor(dir, { writeLink: linkFile, pathHistory: gitPathHistory() });
      await fs.mkdir(path.join(dir, 'posts'));
      const copy = path.join(dir, 'alpha.md');
      const orig = path.join(dir, 'posts', 'alpha.md');
      const first = await created(copy, '---\ntitle: Alpha\n---\nAlpha words.\n', ctx);
      // Moved in the editor, then Save As back to the path it left, edited: nothing committed.
      await fs.rename(copy, orig);
      await fs.writeFile(copy, first.newText.replace('title: Alpha', 'title: Beta').replace('Alpha words.', 'Beta words.'));
      const st = await folderStatus(dir, ctx);
      for (const f of ['alpha.md', 'posts/alpha.md']) {
        assert.equal(st.entries.find((x) => x.file === f)?.state, 'owned-elsewhere', JSON.stringify(st.entries));
      }
      for (const f of [copy, orig]) {
        const out = await publishFile(f, await fs.readFile(f, 'utf8'), ctx);
        assert.deepEqual(out.kind === 'owned-elsewhere' && out.ambiguous, ['alpha.md', 'posts/alpha.md'], f);
      }
      assert.equal(ghost.posts.find((p) => p.id === first.post.id)?.title, 'Alpha');
      // Without the copy, the move alone carries the post.
      await fs.rm(copy);
      const moved = await publishFile(orig, (await fs.readFile(orig, 'utf8')).replace('Alpha words.', 'Alpha words, moved.'), ctx);
      assert.equal(moved.kind, 'updated');
    });

    it('a real rename still carries the post', async () => {
      const { clone, jan, feb, id, history } = await janAndFeb();
      try {
        await fs.rm(feb);
        const renamed = path.join(clone, 'posts', 'january.md');
        const text = (await fs.readFile(jan, 'utf8')).replace('January words.', 'January words, edited.');
        await fs.rm(jan);
        await fs.writeFile(renamed, text);
        const ci = ctxFor(clone, { history: async () => history.get('jan.md') ?? [] });
        const out = await publishFile(renamed, text, ci);
        assert.equal(out.kind, 'updated');
        assert.match(String(ghost.posts.find((p) => p.id === id)?.lexical), /edited/);
        assert.equal(readLink(text)?.id, id);
      } finally {
        await fs.rm(clone, { recursive: true, force: true });
      }
    });
  });

  it('“Overwrite Ghost’s version” overwrites only the version the writer was shown', async () => {
    const ctx = ctxFor(dir);
    const f = path.join(dir, 'a.md');
    const first = await created(f, '---\ntitle: Shown\n---\nMine.\n', ctx);
    const edit = (words: string) => {
      const p = ghost.posts.find((x) => x.id === first.post.id);
      if (p) { ghost.editInGhost(p, { html: `<p>${words}</p>` }); }
    };
    ghost.now = () => Date.now() + 5_000;
    edit('Seen in the diff.');
    const text = first.newText.replace('Mine.', 'Mine, edited.');
    const shown = await publishFile(f, text, ctx);
    assert.equal(shown.kind, 'conflict');
    const seen = shown.kind === 'conflict' && shown.server ? ghostFingerprint(shown.server) : '';
    // Ghost changes again before the writer clicks.
    ghost.now = () => Date.now() + 10_000;
    edit('Never seen.');
    const stale = await publishFile(f, text, ctx, { force: true, forceOver: seen });
    assert.equal(stale.kind, 'conflict');
    assert.match(String(ghost.posts.find((x) => x.id === first.post.id)?.lexical), /Never seen/);
    const now = stale.kind === 'conflict' && stale.server ? ghostFingerprint(stale.server) : '';
    const over = await publishFile(f, text, ctx, { force: true, forceOver: now });
    assert.equal(over.kind, 'updated');
    assert.match(String(ghost.posts.find((x) => x.id === first.post.id)?.lexical), /Mine, edited/);
  });

  it('a new file at a moved file’s old path makes its own post, whether or not the moved file was pushed since', async () => {
    for (const pushMoved of [true, false]) {
      const sub = await fs.mkdtemp(path.join(dir, 'm-'));
      const ctx = ctxFor(sub);
      const a = path.join(sub, 'a.md');
      const first = await created(a, `---\ntitle: Moved ${pushMoved}\n---\nWords.\n`, ctx);
      const b = path.join(sub, 'b.md');
      await fs.rename(a, b);
      if (pushMoved) { await publishFile(b, first.newText, ctx); }
      const fresh = await publishFile(a, `---\ntitle: Moved ${pushMoved}\n---\nOther words.\n`, ctx);
      assert.equal(fresh.kind, 'created');
      assert.notEqual(fresh.kind === 'created' && fresh.post.id, first.post.id, 'the new file took the moved file’s post');
      assert.doesNotMatch(String(ghost.posts.find((x) => x.id === first.post.id)?.lexical), /Other words/);
    }
  });

  it('a clean clone acts on a status or date change committed since the last push (the mark keeps what the file said)', async () => {
    ghost.timezone = 'America/New_York';
    const f = path.join(dir, 's.md');
    const first = await created(f, '---\ntitle: Later\nstatus: scheduled\npublished_at: 2031-03-01 09:00\n---\nWords.\n', ctxFor(dir, { frontMatterStatus: true }));
    assert.equal(first.post.published_at, '2031-03-01T14:00:00.000Z');
    const clone = await fs.mkdtemp(path.join(os.tmpdir(), 'ga-trust2-clone-'));
    try {
      const moved = first.newText.replace('2031-03-01 09:00', '2031-06-10 12:00');
      const cf = path.join(clone, 's.md');
      await fs.writeFile(cf, moved);
      const ci = () => ctxFor(clone, { frontMatterStatus: true, history: async () => [moved, first.newText] });
      const st = await folderStatus(clone, ci());
      assert.equal(st.entries.find((e) => e.file === 's.md')?.state, 'changed-here', JSON.stringify(st.entries));
      const out = await publishFile(cf, moved, ci());
      assert.equal(out.kind === 'updated' && out.post.published_at, '2031-06-10T16:00:00.000Z');
      // Unscheduled in the file, committed: a draft again, not left to go live.
      const draft = moved.replace('status: scheduled', 'status: draft');
      await fs.writeFile(cf, draft);
      const again = await publishFile(cf, draft, ctxFor(clone, { frontMatterStatus: true, history: async () => [draft, moved, first.newText] }));
      assert.equal(again.kind === 'updated' && again.post.status, 'draft');
    } finally {
      await fs.rm(clone, { recursive: true, force: true });
    }
  });

  it('the link is written into the file as it is on disk after the push: words typed meanwhile stay', async () => {
    const f = path.join(dir, 'typing.md');
    const text = '---\ntitle: Typing\n---\nFirst words.\n';
    await fs.writeFile(f, text);
    ghost.latencyMs = 30;
    const push = publishFile(f, text, { ...ctxFor(dir), writeLink: linkFile });
    await new Promise((r) => setTimeout(r, 10));
    await fs.appendFile(f, '\nTyped during the push.\n');
    const out = await push;
    assert.equal(out.kind, 'created');
    const now = await fs.readFile(f, 'utf8');
    assert.match(now, /Typed during the push\./);
    assert.equal(readLink(now)?.id, out.kind === 'created' ? out.post.id : '');
  });

  it('a committed link in .ghost-author (the folder, state.json or sites.json) never makes a run write outside the project', async () => {
    const outside = await fs.mkdtemp(path.join(os.tmpdir(), 'ga-outside-'));
    try {
      const victim = path.join(outside, 'victim.json');
      await fs.writeFile(victim, '{"keep":true}\n');
      for (const [name, make] of [
        ['state.json', async (p: string) => { await fs.mkdir(path.join(p, '.ghost-author')); await fs.symlink(victim, path.join(p, '.ghost-author', 'state.json')); }],
        ['the folder', async (p: string) => { await fs.symlink(outside, path.join(p, '.ghost-author')); }],
      ] as const) {
        const project = await fs.mkdtemp(path.join(dir, 'p-'));
        await make(project);
        const f = path.join(project, 'a.md');
        await fs.writeFile(f, '---\ntitle: Linked state\n---\nWords.\n');
        await assert.rejects(publishFile(f, await fs.readFile(f, 'utf8'), ctxFor(project)), /symbolic link/, name);
        assert.equal(await fs.readFile(victim, 'utf8'), '{"keep":true}\n', name);
        assert.deepEqual((await fs.readdir(outside)).sort(), ['victim.json'], name);
      }
      // The CLI's record of connections: a link there is left alone and nothing is written through it.
      const project = await fs.mkdtemp(path.join(dir, 'p-'));
      await fs.mkdir(path.join(project, '.ghost-author'));
      await fs.symlink(victim, path.join(project, '.ghost-author', 'sites.json'));
      const sites = KnownSites.under(project);
      await sites.set({ site: 'http://x.example/', keyId: 'k', checkedAt: new Date().toISOString(), info: { title: 'X', url: 'http://x.example/', version: '6.0' }, identity: { kind: 'integration' } as never });
      await sites.settled();
      assert.equal(await fs.readFile(victim, 'utf8'), '{"keep":true}\n');
    } finally {
      await fs.rm(outside, { recursive: true, force: true });
    }
  });

  it('the state folder ignores itself, so `git add -A` never commits it', async () => {
    const ctx = ctxFor(dir);
    await created(path.join(dir, 'a.md'), '---\ntitle: T\n---\nWords.\n', ctx);
    assert.match(await fs.readFile(path.join(dir, '.ghost-author', '.gitignore'), 'utf8'), /^\*$/m);
  });
});
