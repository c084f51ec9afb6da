/**
 * Trust II's regressions that touch Ghost's own behaviour, on real Ghost 6 and 5: a copy made
 * with Save As in a clean clone (real git), two pushes of one new file at once, a lost create on
 * a computer whose clock is ahead, and a `pull --all` mirror driven from a clean clone.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { EXIT, main as cli } from '../../src/cli';
import { parseAdminKey } from '../../src/core/ghost/adminKey';
import { GhostClient } from '../../src/core/ghost/client';
import { NetworkError } from '../../src/core/ghost/errors';
import { parseSiteUrl } from '../../src/core/ghost/siteUrl';
import { publishFile, pullPost, type PublishContext } from '../../src/core/publish/engine';
import { folderStatus } from '../../src/core/publish/folder';
import { gitHistory } from '../../src/core/publish/history';
import { StateStore } from '../../src/core/publish/state';
import { MAJORS, server } from './servers';

const FULL = { formats: ['html', 'lexical'], include: ['tags', 'authors'] };

for (const major of MAJORS) {
  describe(`Trust II on real Ghost ${major}`, function () {
    this.timeout(90_000);
    let dir: string;
    const g = () => server(major);
    const client = () => GhostClient.withKey(parseSiteUrl(g().url), parseAdminKey(g().integrationKey), { userAgent: 'e2e' });
    const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-c', 'user.email=ci@example.com', '-c', 'user.name=CI', ...args], { cwd }).toString();
    const cliIn = async (cwd: string, ...args: string[]): Promise<{ code: number; err: string }> => {
      const before = process.cwd();
      const write = process.stderr.write.bind(process.stderr);
      let err = '';
      process.stderr.write = ((s: string) => { err += s; return true; }) as typeof process.stderr.write;
      process.chdir(cwd);
      try {
        return { code: await cli(args, { GHOST_URL: g().url, GHOST_ADMIN_API_KEY: g().integrationKey }, () => undefined), err };
      } finally {
        process.chdir(before);
        process.stderr.write = write;
      }
    };

    beforeEach(async () => { dir = await fs.mkdtemp(path.join(os.tmpdir(), `ga-trust2-${major}-`)); });
    afterEach(async () => { await fs.rm(dir, { recursive: true, force: true }); });

    it('2: a Save As copy, committed and edited, published from a clean clone never takes the original’s live post', async () => {
      const repo = path.join(dir, 'repo');
      await fs.mkdir(path.join(repo, 'posts'), { recursive: true });
      git(repo, 'init', '-q');
      const jan = path.join(repo, 'posts', 'jan.md');
      const title = `January ${major} ${Date.now()}`;
      await fs.writeFile(jan, `---\ntitle: ${title}\nstatus: published\n---\nJanuary's words.\n`);
      assert.equal((await cliIn(repo, 'publish', 'posts/jan.md')).code, EXIT.ok);
      const id = /ghost_id: (\w+)/.exec(await fs.readFile(jan, 'utf8'))?.[1] ?? '';
      git(repo, 'add', '-A');
      git(repo, 'commit', '-qm', 'January');
      await fs.copyFile(jan, path.join(repo, 'posts', 'feb.md'));
      git(repo, 'add', '-A');
      git(repo, 'commit', '-qm', 'Save As');
      const feb = path.join(repo, 'posts', 'feb.md');
      await fs.writeFile(feb, (await fs.readFile(feb, 'utf8')).replace(title, `February ${major}`).replace("January's words.", "February's words.").replace('status: published', 'status: draft'));
      git(repo, 'commit', '-qam', 'February');
      const clone = path.join(dir, 'clone');
      git(dir, 'clone', '-q', repo, clone);
      const res = await cliIn(clone, 'sync', '.');
      assert.equal(res.code, EXIT.conflict, res.err);
      const pub = await cliIn(clone, 'publish', 'posts/feb.md', 'posts/jan.md');
      assert.equal(pub.code, EXIT.conflict, pub.err);
      assert.match(pub.err, /belongs to posts\/jan\.md/);
      const live = await client().posts.read(id, FULL);
      assert.equal(live.title, title);
      assert.equal(live.status, 'published');
      assert.match(String(live.html), /January's words/);
    });

    it('5: two pushes of one new file at once make one post', async () => {
      const f = path.join(dir, 'once.md');
      const title = `Once ${major} ${Date.now()}`;
      const text = `---\ntitle: ${title}\n---\nWords.\n`;
      await fs.writeFile(f, text);
      const ctx = (): PublishContext => ({ client: client(), state: new StateStore(dir) });
      const results = await Promise.allSettled([publishFile(f, text, ctx()), publishFile(f, text, ctx())]);
      const found = await client().posts.browse({ filter: `title:'${title}'`, fields: ['id'], limit: 5 });
      assert.equal(found.items.length, 1, JSON.stringify(results.map((r) => (r.status === 'fulfilled' ? r.value.kind : String(r.reason)))));
    });

    it('6: a lost create on a computer whose clock is 8 s ahead finds the post it made', async () => {
      const f = path.join(dir, 'lost.md');
      const title = `Lost ${major} ${Date.now()}`;
      const text = `---\ntitle: ${title}\n---\nWords.\n`;
      await fs.writeFile(f, text);
      const skew = 8_000;
      const lossy = client();
      const real = lossy.resource.bind(lossy);
      // Ghost makes the post; its answer never arrives.
      (lossy as unknown as { resource: typeof real }).resource = (type) => {
        const r = real(type);
        return Object.assign(Object.create(Object.getPrototypeOf(r) as object) as typeof r, r, {
          create: async (...a: Parameters<typeof r.create>) => { await r.create(...a); throw new NetworkError('ECONNRESET', 'The connection was reset.'); },
        });
      };
      const state = new StateStore(dir);
      await publishFile(f, text, { client: lossy, state, now: () => Date.now() + skew }).catch(() => undefined);
      const again = await publishFile(f, text, { client: client(), state, now: () => Date.now() + skew + 61_000 });
      assert.equal(again.kind, 'created');
      const found = await client().posts.browse({ filter: `title:'${title}'`, fields: ['id'], limit: 5 });
      assert.equal(found.items.length, 1);
    });

    it('8: a pull --all mirror committed and driven from a clean clone is in sync, and its edit is pushed', async () => {
      const title = `Mirror ${major} ${Date.now()}`;
      // Written in Ghost (converted by Ghost itself): no mark of ours.
      const made = await client().posts.create({ title, html: '<p>Written in Ghost.</p><h2>A heading</h2><p>More.</p>' }, { source: 'html' });
      const repo = path.join(dir, 'repo');
      await fs.mkdir(repo);
      git(repo, 'init', '-q');
      const f = path.join(repo, 'mirror.md');
      const pulled = await pullPost(made.id, { client: client(), state: new StateStore(repo) }, { file: f });
      await fs.writeFile(f, pulled.text);
      git(repo, 'add', 'mirror.md');
      git(repo, 'commit', '-qm', 'mirror');
      const clone = path.join(dir, 'clone');
      git(dir, 'clone', '-q', repo, clone);
      const ci = (): PublishContext => ({ client: client(), state: new StateStore(clone), history: gitHistory() });
      const st = await folderStatus(clone, ci());
      assert.equal(st.entries.find((e) => e.file === 'mirror.md')?.state, 'in-sync', JSON.stringify(st.entries.filter((e) => e.file)));
      const cf = path.join(clone, 'mirror.md');
      await fs.writeFile(cf, (await fs.readFile(cf, 'utf8')).replace('More.', 'More, edited in the mirror.'));
      git(clone, 'commit', '-qam', 'edit');
      const st2 = await folderStatus(clone, ci());
      assert.equal(st2.entries.find((e) => e.file === 'mirror.md')?.state, 'changed-here', JSON.stringify(st2.entries.filter((e) => e.file)));
      const out = await publishFile(cf, await fs.readFile(cf, 'utf8'), ci());
      assert.equal(out.kind, 'updated');
      assert.match(String((await client().posts.read(made.id, FULL)).html), /edited in the mirror/);
    });
  });
}
