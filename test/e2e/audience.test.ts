/**
 * The audience on real Ghost 6 and 5: newsletters with segments, a send that happens once,
 * email-only posts and tiers. Ghost's bulk email goes to a stand-in for Mailgun that records who
 * each message went to.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAdminKey } from '../../src/core/ghost/adminKey';
import { GhostClient } from '../../src/core/ghost/client';
import { parseSiteUrl } from '../../src/core/ghost/siteUrl';
import { writeFileAtomic } from '../../src/core/fsutil';
import { publishFile, type PublishContext } from '../../src/core/publish/engine';
import { previewEmail, previewLink, sendTestEmail, type EmailPlan } from '../../src/core/publish/email';
import { StateStore } from '../../src/core/publish/state';
import type { PostEmail, PostLike } from '../../src/core/ghost/types';
import { adminRequest } from '../support/ghost/adminHttp';
import { errorMessage } from '../../src/core/ghost/errors';
import { FakeMailgun } from '../support/fakeMailgun';
import { EXIT, main as cli } from '../../src/cli';
import { MAJORS, server } from './servers';

for (const major of MAJORS) {
  describe(`the audience, on real Ghost ${major}`, function () {
    this.timeout(120_000);
    let dir: string;
    let mailgun: FakeMailgun;
    let ctx: PublishContext;
    const client = () => GhostClient.withKey(parseSiteUrl(server(major).url), parseAdminKey(server(major).integrationKey), { userAgent: 'e2e' });
    const writes = () => (ctx.client as unknown as { http: { stats: { writes: number } } }).http.stats.writes;
    const vip = [`vip1-${major}@example.com`, `vip2-${major}@example.com`];

    before(async () => {
      mailgun = await new FakeMailgun().start();
      await mailgun.attach(server(major), server(major).owner.staffToken);
      // Members of the default newsletter: two with a label, one without.
      for (const email of [...vip, `plain-${major}@example.com`]) {
        await adminRequest(server(major), 'POST', 'members/', { key: server(major).integrationKey, body: { members: [{ email, ...(email.startsWith('vip') ? { labels: [{ name: 'VIP e2e' }] } : {}) }] } });
      }
    });
    after(async () => { await mailgun.stop(); });
    beforeEach(async () => {
      dir = await fs.mkdtemp(path.join(os.tmpdir(), `ga-audience${major}-`));
      ctx = { client: client(), state: new StateStore(dir), writeLink: writeFileAtomic };
    });
    afterEach(async () => { await fs.rm(dir, { recursive: true, force: true }); });

    const file = async (name: string, text: string) => { const f = path.join(dir, name); await fs.writeFile(f, text); return f; };
    const withEmail = async (id: string) => (await client().posts.read(id, { include: ['email'] })) as PostLike & { email?: PostEmail | null };
    /** Ghost sends in the background: until its email is no longer pending. */
    const settled = async (id: string) => {
      for (let i = 0; i < 100; i++) {
        const p = await withEmail(id);
        if (p.email && p.email.status !== 'pending' && p.email.status !== 'submitting') { return p; }
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error('the email is still pending');
    };

    it('a segmented send reaches exactly the segment, counted before it goes; a second send is refused, saying when', async () => {
      const f = await file('letter.md', '---\ntitle: For the VIPs\nnewsletter: default-newsletter\nemail_segment: label:vip-e2e\n---\nDear few.\n');
      // Saved (no explicit publish): no email, whatever the front matter says.
      const draft = await publishFile(f, await fs.readFile(f, 'utf8'), ctx);
      assert.equal(draft.kind, 'created');
      if (draft.kind !== 'created') { return; }
      assert.equal((await withEmail(draft.post.id)).email ?? null, null);
      let asked: EmailPlan | undefined;
      const out = await publishFile(f, await fs.readFile(f, 'utf8'), { ...ctx }, { status: 'published', confirmEmail: async (plan) => { asked = plan; return true; } });
      assert.equal(out.kind, 'updated');
      assert.deepEqual([asked?.newsletter.slug, asked?.segment, asked?.recipients], ['default-newsletter', 'label:vip-e2e', 2]);
      const sent = await settled(draft.post.id);
      assert.equal(sent.email?.status, 'submitted');
      assert.equal(sent.email?.recipient_filter, 'label:vip-e2e');
      const message = mailgun.messages.find((m) => m.emailId === sent.email?.id);
      assert.deepEqual(message?.to.sort(), [...vip].sort());
      // Published again with the newsletter (after an edit): refused before anything changes.
      await fs.writeFile(f, (await fs.readFile(f, 'utf8')).replace('Dear few.', 'Dear few, again.'));
      const before = writes();
      await assert.rejects(publishFile(f, await fs.readFile(f, 'utf8'), ctx, { status: 'published', confirmEmail: async () => true }), /already sent by email on .* to 2 member\(s\)/);
      assert.equal(writes(), before);
      assert.equal(mailgun.messages.filter((m) => m.emailId === sent.email?.id).length, 1);
    });

    it('an invalid segment, an unknown newsletter and an unknown tier are refused before any request that changes the site', async () => {
      const before = writes();
      const bad = await file('bad.md', '---\ntitle: Bad segment\nnewsletter: default-newsletter\nemail_segment: "foo:bar"\n---\nx\n');
      // As Publish… asks: the send is checked before the writer is asked to confirm it.
      const confirmEmail = async () => true;
      await assert.rejects(publishFile(bad, await fs.readFile(bad, 'utf8'), ctx, { status: 'published', confirmEmail }), /email_segment “foo:bar” is not a member filter Ghost accepts/);
      const none = await file('none.md', '---\ntitle: No such letter\n---\nx\n');
      await assert.rejects(publishFile(none, await fs.readFile(none, 'utf8'), ctx, { status: 'published', newsletter: 'no-such-letter', confirmEmail }), (e: unknown) => /no newsletter “no-such-letter”.*Its active newsletters: default-newsletter/s.test(errorMessage(e)));
      const tier = await file('tier.md', '---\ntitle: Tier\nvisibility: tiers\ntiers: [Nope]\n---\nx\n');
      await assert.rejects(publishFile(tier, await fs.readFile(tier, 'utf8'), ctx), /no tier “Nope”/);
      assert.equal(writes(), before, 'a refused publish changed the site');
    });

    it('the CLI: --dry-run names the newsletter, the segment and the members; without --yes where it cannot ask, nothing is sent; with --yes it is', async () => {
      const f = await file('cli.md', '---\ntitle: From CI\n---\nTo the VIPs.\n');
      const run = async (...args: string[]) => {
        let out = '';
        let err = '';
        const write = process.stderr.write.bind(process.stderr);
        process.stderr.write = ((c: string) => { err += c; return true; }) as typeof process.stderr.write;
        const cwd = process.cwd();
        try {
          process.chdir(dir);
          const code = await cli(args, { GHOST_URL: server(major).url, GHOST_ADMIN_API_KEY: server(major).integrationKey, CI: 'true' }, (s) => { out += s; });
          return { code, out, err };
        } finally {
          process.chdir(cwd);
          process.stderr.write = write;
        }
      };
      const dry = await run('publish', 'cli.md', '--status', 'published', '--newsletter', 'default-newsletter', '--segment', 'label:vip-e2e', '--dry-run');
      assert.equal(dry.code, EXIT.ok, dry.err);
      assert.match(dry.out, /would email: “From CI” will be emailed to the subscribers matching label:vip-e2e of “[^”]+” \(default-newsletter\): 2 member\(s\)/);
      assert.doesNotMatch(await fs.readFile(f, 'utf8'), /ghost_id/);
      const refused = await run('publish', 'cli.md', '--status', 'published', '--newsletter', 'default-newsletter', '--segment', 'label:vip-e2e');
      assert.notEqual(refused.code, EXIT.ok);
      assert.match(refused.err, /Not sent: the CLI cannot ask here, so sending email needs --yes/);
      assert.doesNotMatch(await fs.readFile(f, 'utf8'), /ghost_id/, 'a refused send created the post');
      const sent = await run('publish', 'cli.md', '--status', 'published', '--newsletter', 'default-newsletter', '--segment', 'label:vip-e2e', '--yes');
      assert.equal(sent.code, EXIT.ok, sent.err);
      const id = /ghost_id: (\w+)/.exec(await fs.readFile(f, 'utf8'))?.[1] ?? '';
      assert.equal((await settled(id)).email?.recipient_filter, 'label:vip-e2e');
    });

    it('email preview and test email: staff only (an integration key is told why), the preview holds the post\'s words, a test email goes to a staff user only; the draft\'s link is on the site', async () => {
      const f = await file('preview.md', '---\ntitle: Preview me\nnewsletter: default-newsletter\n---\nWords for the inbox.\n');
      const made = await publishFile(f, await fs.readFile(f, 'utf8'), ctx);
      assert.equal(made.kind, 'created');
      if (made.kind !== 'created') { return; }
      await assert.rejects(previewEmail(client(), made.post.id), (e: unknown) => /staff users only.*staff access token/s.test(errorMessage(e)));
      const staff = GhostClient.withKey(parseSiteUrl(server(major).url), parseAdminKey(server(major).owner.staffToken), { userAgent: 'e2e' });
      const p = await previewEmail(staff, made.post.id, { newsletter: 'default-newsletter', segment: 'status:free' });
      assert.equal(p.subject, 'Preview me');
      assert.match(p.html, /Words for the inbox\./);
      const before = mailgun.messages.length;
      await assert.rejects(sendTestEmail(staff, made.post.id, 'someone@example.com'), /not a staff user of this site/);
      assert.equal(mailgun.messages.length, before);
      await sendTestEmail(staff, made.post.id, server(major).owner.email, { newsletter: 'default-newsletter' });
      const test = mailgun.messages.at(-1);
      assert.deepEqual([test?.test, test?.to, test?.subject], [true, [server(major).owner.email], '[TEST] Preview me']);
      const draft = await client().posts.read(made.post.id, { fields: ['id', 'uuid', 'status', 'url'] });
      const site = (await client().siteInfo()).url;
      const link = previewLink(draft, site, 'free');
      assert.equal(link, `${site.replace(/\/?$/, '/')}p/${draft.uuid}/?member_status=free`);
      const page = await fetch(link);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /Words for the inbox\./);
    });

    it('tiers are applied by name; an email-only post ends sent, and is refused without a newsletter', async () => {
      const paid = (await client().tiers()).find((t) => t.type === 'paid');
      assert.ok(paid);
      const t = await file('tiers.md', `---\ntitle: For one tier\nvisibility: tiers\ntiers: [${paid.name}]\n---\nMembers of one tier.\n`);
      const made = await publishFile(t, await fs.readFile(t, 'utf8'), ctx);
      assert.equal(made.kind, 'created');
      if (made.kind !== 'created') { return; }
      const post = await client().posts.read(made.post.id, {}) as PostLike & { tiers?: Array<{ id: string }> };
      assert.equal(post.visibility, 'tiers');
      assert.deepEqual(post.tiers?.map((x) => x.id), [paid.id]);
      assert.equal((await publishFile(t, (made as { newText: string }).newText, ctx)).kind, 'unchanged');

      const e = await file('inbox.md', '---\ntitle: Inbox only\nemail_only: true\n---\nOnly in your inbox.\n');
      await assert.rejects(publishFile(e, await fs.readFile(e, 'utf8'), ctx, { status: 'published' }), /email-only: publishing it means sending it/);
      const out = await publishFile(e, await fs.readFile(e, 'utf8'), ctx, { status: 'published', newsletter: 'default-newsletter', confirmEmail: async () => true });
      assert.equal(out.kind, 'created');
      if (out.kind !== 'created') { return; }
      assert.equal(out.post.status, 'sent');
      assert.equal((await settled(out.post.id)).email?.status, 'submitted');
    });
  });
}
