/**
 * Real sites on real Ghost 6 and 5: a Jekyll site and a Hugo site (small ones written here, with
 * the patterns real sites have) published as their tools meant them — templates read and never
 * sent raw, links between files as the posts' addresses, authors named by slug, TOML front
 * matter — and a clean clone of what was committed in sync with Ghost, which stores site-relative
 * links as absolute addresses.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { EXIT, main as cli } from '../../src/cli';
import { parseAdminKey } from '../../src/core/ghost/adminKey';
import { GhostClient } from '../../src/core/ghost/client';
import { parseSiteUrl } from '../../src/core/ghost/siteUrl';
import { MAJORS, server } from './servers';

const SITES = path.resolve(__dirname, '../../../test/fixtures/sites');
const FULL = { formats: ['html', 'lexical'], include: ['tags', 'authors'] };
/** What readers see outside code: no template syntax may be there. */
const outsideCode = (html: string | null | undefined) => (html ?? '').replace(/<pre[\s\S]*?<\/pre>/g, '').replace(/<code[\s\S]*?<\/code>/g, '');

for (const major of MAJORS) {
  describe(`real sites on real Ghost ${major}`, function () {
    this.timeout(120_000);
    let dir: string;
    const g = () => server(major);
    const client = () => GhostClient.withKey(parseSiteUrl(g().url), parseAdminKey(g().integrationKey), { userAgent: 'e2e' });
    const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-c', 'user.email=ci@example.com', '-c', 'user.name=CI', ...args], { cwd }).toString();
    const run = async (cwd: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> => runAs(g().integrationKey, cwd, ...args);
    const runAs = async (key: string, cwd: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> => {
      const before = process.cwd();
      const write = process.stderr.write.bind(process.stderr);
      let err = '';
      let out = '';
      process.stderr.write = ((s: string) => { err += s; return true; }) as typeof process.stderr.write;
      process.chdir(cwd);
      try {
        return { code: await cli(args, { GHOST_URL: g().url, GHOST_ADMIN_API_KEY: key }, (s) => { out += s; }), out, err };
      } finally {
        process.chdir(before);
        process.stderr.write = write;
      }
    };
    const idOf = async (file: string) => /ghost_id\s*[:=]\s*"?([0-9a-f]{24})/.exec(await fs.readFile(file, 'utf8'))?.[1] ?? '';

    beforeEach(async () => { dir = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), `ga-sites-${major}-`))); });
    afterEach(async () => { await fs.rm(dir, { recursive: true, force: true }); });

    it('Jekyll: Liquid read, a post_url link to a published post, an author by slug, a site-relative link; a clean clone is in sync', async () => {
      const repo = path.join(dir, 'jekyll');
      await fs.cp(path.join(SITES, 'jekyll'), repo, { recursive: true });
      git(repo, 'init', '-q');
      const stamp = `${major}-${Date.now()}`;
      const staff = await client().staffUsers();
      const owner = staff[0];
      assert.ok(owner, 'the site has a staff user');
      await fs.writeFile(path.join(repo, '_posts', '2024-01-10-launch.md'), `---\ntitle: Launch ${stamp}\nstatus: published\n---\nWe launched.\n`);
      await fs.writeFile(path.join(repo, '_posts', '2024-02-01-next.md'), [
        '---', `title: Next ${stamp}`, `author: ${owner.slug}`, 'category: news', '---',
        'Code lives at {{ site.repository }}; see [the launch]({% post_url 2024-01-10-launch %}) and [the archive](/archive/).',
        '', '{% raw %}{{ not read }}{% endraw %}', '', '{% highlight ruby %}', 'puts "hi"', '{% endhighlight %}', '',
      ].join('\n'));
      // The target first: published, so the link has its address.
      assert.equal((await run(repo, 'publish', '_posts/2024-01-10-launch.md')).code, EXIT.ok);
      const sync = await run(repo, 'sync', '_posts');
      assert.equal(sync.code, EXIT.ok, sync.err);
      const c = client();
      const next = await c.posts.read(await idOf(path.join(repo, '_posts', '2024-02-01-next.md')), FULL);
      const launch = await c.posts.read(await idOf(path.join(repo, '_posts', '2024-01-10-launch.md')), FULL);
      assert.match(next.slug, /^next(-\d+)?$/, 'the slug from the file name');
      assert.deepEqual((next.tags ?? []).map((t) => t.name), ['news']);
      assert.deepEqual((next.authors ?? []).map((a) => a.slug), [owner.slug]);
      // What {% raw %} holds is shown as written, as Jekyll shows it; nothing else of Liquid reaches readers.
      assert.doesNotMatch(outsideCode(next.html).replace('{{ not read }}', ''), /\{\{|\{%/);
      assert.match(String(next.html), /Code lives at <a href="https:\/\/example\.com\/teapot">/);
      assert.match(String(next.html), new RegExp(`<a href="${launch.url?.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}">the launch</a>`));
      assert.match(String(next.html), /\{\{ not read \}\}/);
      assert.match(String(next.lexical), /"type":"codeblock"[^}]*"language":"ruby"|"language":"ruby"[^}]*"type":"codeblock"/);
      // Committed, cloned clean (as CI runs): every file Ghost holds is in sync, site-relative links and all.
      git(repo, 'add', '-A');
      git(repo, 'commit', '-qm', 'site');
      const clone = path.join(dir, 'clone');
      git(dir, 'clone', '-q', repo, clone);
      const status = await run(clone, 'status', '_posts', '--json');
      const entries = (JSON.parse(status.out) as { entries: Array<{ file?: string; state: string; why: string }> }).entries.filter((e) => e.file);
      assert.deepEqual(entries.filter((e) => e.state !== 'in-sync').map((e) => `${e.file}: ${e.state} (${e.why})`), []);
    });

    it('Hugo: TOML front matter, a relref to a published page with its heading, a figure and a bundle image uploaded; a clean clone is in sync', async () => {
      const repo = path.join(dir, 'hugo');
      await fs.cp(path.join(SITES, 'hugo'), repo, { recursive: true });
      git(repo, 'init', '-q');
      const stamp = `${major}-${Date.now()}`;
      await fs.writeFile(path.join(repo, 'content', 'posts', 'target.md'), `+++\ntitle = "Target ${stamp}"\nstatus = "published"\n+++\n\n## A part\n\nHere.\n`);
      await fs.writeFile(path.join(repo, 'content', 'posts', 'linking.md'), [
        '+++', `title = "Linking ${stamp}"`, '+++', '',
        'See [its part]({{< relref "target.md#a-part" >}}).', '',
        '{{< figure src="/img/lamp.png" alt="A lamp" caption="Lit" >}}', '',
        '{{< unknown-shortcode >}}', '',
      ].join('\n'));
      assert.equal((await run(repo, 'publish', 'content/posts/target.md')).code, EXIT.ok);
      const pushed = await run(repo, 'publish', 'content/posts/linking.md');
      assert.equal(pushed.code, EXIT.ok, pushed.err);
      assert.match(pushed.err + pushed.out, /unknown-shortcode/);
      const c = client();
      const linking = await c.posts.read(await idOf(path.join(repo, 'content', 'posts', 'linking.md')), FULL);
      const target = await c.posts.read(await idOf(path.join(repo, 'content', 'posts', 'target.md')), FULL);
      assert.doesNotMatch(outsideCode(linking.html), /\{\{|\{%|unknown-shortcode/);
      assert.ok(String(linking.html).includes(`href="${target.url}#a-part"`), String(linking.html));
      assert.match(String(linking.html), /<figure[^>]*>.*<img[^>]*src="[^"]*\/content\/images\/[^"]*lamp[^"]*\.png"[^>]*alt="A lamp".*<figcaption>.*Lit/s);
      git(repo, 'add', '-A');
      git(repo, 'commit', '-qm', 'site');
      const clone = path.join(dir, 'clone');
      git(dir, 'clone', '-q', repo, clone);
      const status = await run(clone, 'status', 'content', '--json');
      const entries = (JSON.parse(status.out) as { entries: Array<{ file?: string; state: string; why: string }> }).entries.filter((e) => e.file && /target|linking/.test(e.file));
      assert.deepEqual(entries.map((e) => `${e.file}: ${e.state}`), ['content/posts/linking.md: in-sync', 'content/posts/target.md: in-sync']);
    });

    it('redirects --upload: refused to an integration with what to do; a staff token adds the aliases, keeping the site\'s own, and Ghost serves them', async () => {
      const repo = path.join(dir, 'hugo');
      await fs.cp(path.join(SITES, 'hugo'), repo, { recursive: true });
      git(repo, 'init', '-q');
      const refused = await run(repo, 'redirects', 'content', '--upload', '--yes');
      assert.equal(refused.code, EXIT.error);
      assert.match(refused.err, /Ghost lets staff users do it, not integrations/);
      const owner = g().owner.staffToken;
      const first = await runAs(owner, repo, 'redirects', 'content', '--upload', '--yes');
      assert.ok(first.code === EXIT.ok || first.code === EXIT.conflict, first.err);
      const res = await fetch(`${g().url}/old/oil-lamps/`, { redirect: 'manual' });
      assert.equal(res.status, 301);
      assert.match(res.headers.get('location') ?? '', /\/toml-front-matter\/$/);
      const again = await runAs(owner, repo, 'redirects', 'content', '--upload', '--yes');
      assert.match(again.out, /nothing to upload/);
    });
  });
}
