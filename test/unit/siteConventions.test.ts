/**
 * Front matter as Jekyll and Hugo mean it (TOML and JSON front matter, dated file names, slugs
 * from files and bundles, categories, sections, permalinks, aliases) and site-root image paths,
 * on the small sites of test/fixtures/sites: read directly, then through the CLI against the fake Ghost.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { EXIT } from '../../src/cli';
import { prepareDocument, SkippedFileError } from '../../src/core/content/document';
import { parseFrontMatter, FrontMatterError } from '../../src/core/content/frontMatter';
import { readLink, removeLink, writeLink } from '../../src/core/content/link';
import { readMeta } from '../../src/core/content/meta';
import { forgetSiteTools, siteToolOf } from '../../src/core/content/siteTool';
import { readToml } from '../../src/core/content/toml';
import { linkFile } from '../../src/core/publish/linkFile';
import { cliSession } from '../support/cliRun';
import { FakeGhost, keyString, makeKey } from '../support/fake/fakeGhost';

const SITES = path.resolve(__dirname, '../../../test/fixtures/sites');
const LINK = { id: '0123456789abcdef01234567', site: 'https://example.ghost.io' };

/** A copy of a fixture site in a fresh folder (pushes write links into the files). */
async function copySite(name: string): Promise<string> {
  const dir = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), `ga-site-${name}-`)));
  await fs.cp(path.join(SITES, name), dir, { recursive: true });
  forgetSiteTools();
  return dir;
}

const read = (file: string, text: string) => {
  const { data, positions } = parseFrontMatter(text);
  return readMeta(data, positions, { file });
};

describe('TOML and JSON front matter (Hugo)', () => {
  const toml = '+++\ntitle = "Oil lamps"\ndate = 2023-04-01T09:30:00Z\ntags = ["lamps"]\n\n[params]\n  mood = "warm"\n+++\n\nWicks.\n';
  const json = '{\n  "title": "Paper lanterns",\n  "tags": ["lanterns"],\n  "params": {"a": "}"}\n}\n\nFolded {paper}.\n';

  it('reads TOML between +++ like YAML: fields, dates as text, positions, and the body without it', () => {
    const p = parseFrontMatter(toml);
    assert.equal(p.split.format, 'toml');
    assert.deepEqual(p.data, { title: 'Oil lamps', date: '2023-04-01T09:30:00.000Z', tags: ['lamps'], params: { mood: 'warm' } });
    assert.equal(p.split.body, '\nWicks.\n');
    assert.equal(p.split.bodyLine, 9);
    assert.deepEqual(p.positions.get('tags'), { line: 4, column: 1, endColumn: 5 });
    const doc = prepareDocument('/nowhere/oil.md', toml);
    assert.equal(doc.title, 'Oil lamps');
    assert.equal(doc.meta.publishedAt, '2023-04-01T09:30:00.000Z');
    assert.doesNotMatch(doc.body, /\+\+\+|title =/);
  });

  it('reads a JSON object that opens the file, and leaves {{< shortcodes >}} and {% tags %} at the top as body', () => {
    const p = parseFrontMatter(json);
    assert.equal(p.split.format, 'json');
    assert.deepEqual(p.data, { title: 'Paper lanterns', tags: ['lanterns'], params: { a: '}' } });
    assert.equal(p.split.body, '\nFolded {paper}.\n');
    assert.equal(p.split.bodyLine, 6);
    assert.deepEqual(p.positions.get('params'), { line: 4, column: 3, endColumn: 9 });
    assert.equal(parseFrontMatter('{{< note >}}\nHi\n').split.yaml, undefined);
    assert.equal(parseFrontMatter('{% raw %}\nHi\n').split.yaml, undefined);
  });

  it('names the line of a TOML or JSON mistake, and an unclosed fence', () => {
    const cases: Array<[string, number, RegExp]> = [
      ['+++\ntitle = "x"\ndate = \n+++\n', 3, /TOML/],
      ['{\n  "title": "x",\n}\n', 3, /JSON/],
      ['+++\ntitle = "x"\n', 1, /\+\+\+/],
      ['{\n  "title": "x"\n', 1, /\}/],
    ];
    for (const [text, line, hint] of cases) {
      assert.throws(() => parseFrontMatter(text), (e: unknown) => FrontMatterError.is(e) && e.line === line && hint.test(`${e.message} ${e.hint ?? ''}`), text);
    }
    assert.throws(() => readToml('a = 1\na = 2\n'));
  });

  it('writes the link in the file\'s own format: TOML before its first table, JSON as a field; rewritten in place; removed cleanly', () => {
    const t = writeLink(toml, LINK);
    assert.match(t, /^\+\+\+\ntitle = "Oil lamps"\ndate = 2023-04-01T09:30:00Z\ntags = \["lamps"\]\nghost_id = "0123456789abcdef01234567"\nghost_site = "https:\/\/example.ghost.io"\n\n\[params\]/);
    assert.deepEqual(parseFrontMatter(t).data.params, { mood: 'warm' }, 'the link keys stay out of [params]');
    assert.deepEqual(readLink(t), LINK);
    const moved = writeLink(t, { ...LINK, id: 'fedcba9876543210fedcba98' });
    assert.equal(moved, t.replace(LINK.id, 'fedcba9876543210fedcba98'));
    assert.equal(removeLink(t), toml);
    const j = writeLink(json, LINK);
    assert.equal(JSON.parse(j.slice(0, j.indexOf('\n}\n') + 2)).ghost_id, LINK.id);
    assert.match(j, /\n {2}"ghost_id": "0123456789abcdef01234567",\n {2}"ghost_site": "https:\/\/example.ghost.io"\n\}\n/);
    assert.deepEqual(readLink(j), LINK);
    assert.equal(writeLink(j, LINK), j);
    assert.equal(removeLink(j), json);
    const one = '{"title": "x"}\nBody\n';
    assert.equal(writeLink(one, LINK), `{"title": "x", "ghost_id": "${LINK.id}", "ghost_site": "${LINK.site}"}\nBody\n`);
    assert.equal(removeLink(writeLink(one, LINK)), one);
    const crlf = '+++\r\ntitle = "x"\r\n+++\r\nBody\r\n';
    assert.equal(writeLink(crlf, LINK), `+++\r\ntitle = "x"\r\nghost_id = "${LINK.id}"\r\nghost_site = "${LINK.site}"\r\n+++\r\nBody\r\n`);
  });

  it('linkFile keeps a TOML file TOML when the words changed during the push', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ga-linkfile-'));
    try {
      const file = path.join(dir, 'a.md');
      await fs.writeFile(file, toml.replace('Wicks.', 'Wicks, edited.'));
      await linkFile(file, writeLink(toml, LINK));
      const now = await fs.readFile(file, 'utf8');
      assert.match(now, /^\+\+\+\n/);
      assert.match(now, /Wicks, edited\./);
      assert.deepEqual(readLink(now), LINK);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

describe('Jekyll conventions', () => {
  const posts = path.join(SITES, 'jekyll', '_posts');
  const file = (name: string) => path.join(posts, name);

  it('is told by _config.yml beside _posts', () => {
    assert.equal(siteToolOf(file('2019-03-08-brewing-at-altitude.md'))?.name, 'jekyll');
    assert.equal(siteToolOf(path.join(SITES, 'hugo', 'content', 'posts', 'bundle', 'index.md'))?.name, 'hugo');
    assert.equal(siteToolOf(path.join(SITES, 'hugo', 'hugo.toml')), undefined, 'Hugo only for files under content/');
  });

  it('the file name gives the date and the slug when the front matter does not; category becomes a tag; a name as author is reported, not sent', () => {
    const { meta, issues } = read(file('2019-03-08-brewing-at-altitude.md'), '---\ntitle: Brewing at altitude\ncategory: kitchen\nauthor: maud\n---\n');
    assert.equal(meta.publishedAtLocal, '2019-03-08T00:00:00', 'the day, read in the site\'s zone');
    assert.equal(meta.fields.slug, 'brewing-at-altitude');
    assert.deepEqual(meta.tags, ['kitchen']);
    assert.equal(meta.authors, undefined);
    assert.deepEqual(meta.authorNames, ['maud']);
    assert.ok(issues.some((i) => i.key === 'author' && i.line === 4 && /a push sends the email of the staff user of that slug or name/.test(i.message)));
    assert.ok(issues.some((i) => i.key === 'file name' && /slug is taken from the file name/.test(i.message)));
    assert.deepEqual(issues.filter((i) => i.severity !== 'info'), []);
  });

  it('the front matter wins over the file name; categories as words or a list join the tags; a one-segment permalink is the slug', () => {
    const text = '---\ntitle: A kettle\ndate: "2020-11-22 08:30:00 +0100"\ncategories: kitchen gear\ntags: [reviews, Kitchen]\npermalink: /kettle-review/\nversion: 2.1\n---\n';
    const { meta } = read(file('2020-11-21-Kettle_Review.markdown'), text);
    assert.equal(meta.publishedAt, '2020-11-22T07:30:00.000Z');
    assert.deepEqual(meta.tags, ['reviews', 'Kitchen', 'gear']);
    assert.equal(meta.fields.slug, 'kettle-review');
    assert.deepEqual(meta.ignored, ['version']);
    // Without the permalink, the file name's slug, in Ghost's form.
    assert.equal(read(file('2020-11-21-Kettle_Review.markdown'), text.replace(/permalink.*\n/, '')).meta.fields.slug, 'kettle-review');
    // slug: in the front matter wins over both.
    assert.equal(read(file('2020-11-21-Kettle_Review.markdown'), text.replace('version: 2.1', 'slug: mine')).meta.fields.slug, 'mine');
    // Outside a Jekyll site, categories as a string are comma-separated, as before.
    assert.deepEqual(read('/nowhere/a.md', '---\ncategories: a b, c\n---\n').meta.tags, ['a b', 'c']);
  });

  it('a permalink of several segments is reported and not sent; the slug then comes from the file name', () => {
    const { meta, issues } = read(file('2021-01-05-list-of-categories.md'), '---\ntitle: x\ncategories: [Kitchen, news]\npermalink: /2021/01/categories/\nlayout: post\n---\n');
    assert.equal(meta.fields.slug, 'list-of-categories');
    assert.deepEqual(meta.tags, ['Kitchen', 'news']);
    assert.deepEqual(meta.ignored.sort(), ['layout', 'permalink']);
    assert.ok(issues.some((i) => i.key === 'permalink' && i.line === 4 && /not one path segment/.test(i.message)));
  });

  it('an email as author is sent as authors; redirect_from is kept for the redirects file', () => {
    const { meta } = read(file('2019-03-08-brewing-at-altitude.md'), '---\nauthor: maud@example.com\nredirect_from: /old/\n---\n');
    assert.deepEqual(meta.authors, ['maud@example.com']);
    assert.deepEqual(meta.redirectFrom, ['/old/']);
    assert.deepEqual(meta.ignored, []);
  });
});

describe('Hugo conventions', () => {
  const content = path.join(SITES, 'hugo', 'content');

  it('the slug is the file\'s name, or the bundle\'s folder for index.md', () => {
    assert.equal(read(path.join(content, 'posts', 'toml-front-matter.md'), '---\ntitle: x\n---\n').meta.fields.slug, 'toml-front-matter');
    assert.equal(read(path.join(content, 'posts', 'bundle', 'index.md'), '---\ntitle: x\n---\n').meta.fields.slug, 'bundle');
    assert.equal(read(path.join(content, 'posts', 'bundle', 'index.md'), '---\ntitle: x\nslug: own\n---\n').meta.fields.slug, 'own');
    assert.equal(read('/nowhere/plain.md', '---\ntitle: x\n---\n').meta.fields.slug, undefined, 'no tool, no slug from the name');
  });

  it('_index.md is a section: skipped with its reason, unless ghost: true', () => {
    assert.throws(() => prepareDocument(path.join(content, 'posts', '_index.md'), '---\ntitle: Posts\n---\n'), (e: unknown) => SkippedFileError.is(e) && /Hugo section/.test(e.message) && /ghost: true/.test(e.hint ?? ''));
    const doc = prepareDocument(path.join(content, 'notes', '_index.md'), '+++\ntitle = "Shop notes"\nghost = true\n+++\nWords.\n');
    assert.equal(doc.title, 'Shop notes');
    assert.deepEqual(doc.warnings, []);
  });

  it('lists every key not sent, unknown ones too; aliases go to the redirects', () => {
    const { meta } = read(path.join(content, 'posts', 'toml-front-matter.md'), '---\ntitle: x\nkeywords: [a]\nweight: 3\nlinkTitle: X\nmood: warm\naliases: [/a/]\n---\n');
    assert.deepEqual(meta.ignored.sort(), ['keywords', 'linkTitle', 'mood', 'weight']);
    assert.deepEqual(meta.redirectFrom, ['/a/']);
    const empty = read(path.join(content, 'posts', 'toml-front-matter.md'), '---\ntitle: x\ncategories: []\n---\n').meta;
    assert.deepEqual([empty.imported.map((i) => i.key), empty.ignored, empty.tags], [['file name'], [], undefined], 'an empty categories list is neither read nor reported');
  });
});

describe('real-site conventions through the CLI against the fake Ghost', () => {
  let ghost: FakeGhost;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const cwd = process.cwd();
  const cli = cliSession(() => env);
  const run = cli.run;
  const post = (title: string) => {
    const p = ghost.posts.find((x) => x.title === title);
    if (!p) { throw new Error(`no post "${title}" among ${ghost.posts.map((x) => x.title).join(', ')}`); }
    return p;
  };

  beforeEach(async () => { ghost = await new FakeGhost().start(); env = { GHOST_URL: ghost.url, GHOST_ADMIN_API_KEY: keyString(ghost.adminKey) }; });
  afterEach(async () => {
    process.chdir(cwd);
    await ghost.stop();
    if (dir) { await fs.rm(dir, { recursive: true, force: true }); }
  });

  it('an author named by slug or name is the staff user of that slug or name, asked once and then known; a name that is nobody is reported and not sent', async () => {
    dir = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'ga-authors-')));
    await fs.mkdir(path.join(dir, '.git'));
    process.chdir(dir);
    ghost.users.push({ email: 'maud@example.com', password: 'x', name: 'Maud Lee', slug: 'maud', role: 'Author' });
    await fs.writeFile('by-slug.md', '---\ntitle: By slug\nauthor: maud\n---\nWords.\n');
    await fs.writeFile('by-name.md', '---\ntitle: By name\nauthor: Maud Lee\n---\nWords.\n');
    await fs.writeFile('nobody.md', '---\ntitle: By nobody\nauthor: ghostwriter\n---\nWords.\n');
    assert.equal(await run('publish', 'by-slug.md', 'by-name.md', 'nobody.md'), EXIT.ok, cli.stderr);
    assert.deepEqual((post('By slug').authors as Array<{ email: string }>).map((a) => a.email), ['maud@example.com']);
    assert.deepEqual((post('By name').authors as Array<{ email: string }>).map((a) => a.email), ['maud@example.com']);
    assert.equal((post('By nobody').authors as unknown[] | undefined)?.length ?? 0, 0);
    assert.match(cli.stdout + cli.stderr, /author ghostwriter: no staff user of the site has that slug or name/);
    // Known since: an edited file is pushed without asking for the staff again.
    const asked = () => ghost.requests.filter((r) => r.method === 'GET' && /\/users\/$/.test(r.path) && !r.query.get('filter')).length;
    const before = asked();
    await fs.writeFile('by-slug.md', (await fs.readFile('by-slug.md', 'utf8')).replace('Words.', 'More words.'));
    assert.equal(await run('publish', 'by-slug.md'), EXIT.ok, cli.stderr);
    assert.equal(asked(), before, 'the staff were asked again');
    assert.match(String(post('By slug').lexical), /More words/);
  });

  it('a link to a draft is sent once its target is published: the next sync sends it, in this clone and in a clean clone', async () => {
    dir = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'ga-waiting-')));
    const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=T', ...args], { cwd }).toString();
    const repo = path.join(dir, 'repo');
    await fs.mkdir(path.join(repo, 'content'), { recursive: true });
    git(repo, 'init', '-q');
    await fs.writeFile(path.join(repo, 'content/a.md'), '---\ntitle: A\n---\nSee [b](b.md).\n');
    await fs.writeFile(path.join(repo, 'content/b.md'), '---\ntitle: B\n---\nB words.\n');
    process.chdir(repo);
    assert.equal(await run('sync', 'content'), EXIT.ok, cli.stderr);
    assert.match(cli.stdout, /b\.md is not on the site yet: the link is sent as its words only/);
    const b = path.join(repo, 'content/b.md');
    await fs.writeFile(b, (await fs.readFile(b, 'utf8')).replace('title: B', 'title: B\nstatus: published'));
    assert.equal(await run('publish', 'content/b.md'), EXIT.ok, cli.stderr);
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'site');
    const clone = path.join(dir, 'clone');
    git(dir, 'clone', '-q', repo, clone);
    for (const where of [clone, repo]) {
      process.chdir(where);
      assert.equal(await run('status', 'content', '--json'), EXIT.ok, cli.stderr);
      const a = (JSON.parse(cli.stdout) as { entries: Array<{ file?: string; state: string; why: string }> }).entries.find((e) => e.file === 'content/a.md');
      assert.equal(a?.state, 'changed-here', where);
      if (where === clone) { assert.match(a?.why ?? '', /a link it names can be sent now/); }
    }
    process.chdir(clone);
    assert.equal(await run('sync', 'content'), EXIT.ok, cli.stderr);
    assert.match(cli.stdout, /content\/a\.md: updated/);
    assert.match(String(post('A').lexical), /"url":"http:\/\/127\.0\.0\.1:\d+\/b\/"/);
    // Sent: in sync from then on.
    assert.equal(await run('status', 'content'), EXIT.ok);
    assert.match(cli.stdout, /2 in sync/);
  });

  it('a TOML file publishes its fields, not its front matter as words; the link is written as TOML; the next push changes nothing', async () => {
    dir = await copySite('hugo');
    process.chdir(dir);
    const file = 'content/posts/toml-front-matter.md';
    assert.equal(await run('publish', file), EXIT.ok, cli.stderr);
    const p = post('Oil lamps');
    assert.equal(p.slug, 'toml-front-matter');
    assert.doesNotMatch(String(p.html) + String(p.lexical), /\+\+\+|title =|mood/);
    assert.match(String(p.lexical), /Wicks, chimneys/);
    assert.deepEqual((p.tags as Array<{ name: string }>).map((t) => t.name), ['lamps', 'history', 'shop']);
    // The site-root image came from static/ and went up.
    assert.deepEqual(ghost.uploads.map((u) => u.filename), ['lamp.png']);
    assert.doesNotMatch(String(p.lexical), /"src":"\/img\/lamp\.png"/);
    const text = await fs.readFile(file, 'utf8');
    assert.match(text, /^\+\+\+\n/);
    assert.match(text, /\nghost_id = "[0-9a-f]{24}"\nghost_site = "[^"]+"\n\n\[params\]/);
    assert.equal(await run('publish', file), EXIT.ok, cli.stderr);
    assert.match(cli.stdout, /unchanged/);
  });

  it('status and sync over a Hugo site: sections skipped with their reason (not an error), a section with ghost: true and a JSON file published, bundle slugs', async () => {
    dir = await copySite('hugo');
    process.chdir(dir);
    assert.equal(await run('status', 'content', '--json'), EXIT.ok, cli.stderr);
    const status = JSON.parse(cli.stdout) as { entries: Array<{ file: string; state: string; why: string }>; summary: Record<string, number>; frontMatter: { ignored: Array<[string, number]> } };
    assert.deepEqual(status.summary, { 'new': 4, 'skipped': 1 });
    assert.match(status.entries.find((e) => e.file === 'content/posts/_index.md')?.why ?? '', /Hugo section/);
    assert.deepEqual(Object.fromEntries(status.frontMatter.ignored), { keywords: 1, weight: 1, params: 1, draft: 1 }, 'draft: false publishes nothing by itself: not sent');
    assert.equal(await run('status', 'content'), EXIT.ok);
    assert.match(cli.stdout, /not a post \(skipped\) \(1\):\n {2}content\/posts\/_index\.md {2}“_index\.md”: _index\.md is a Hugo section/);
    assert.equal(await run('sync', 'content'), EXIT.ok, cli.stderr);
    assert.deepEqual(ghost.posts.map((p) => p.slug).sort(), ['bundle', 'json-front-matter', 'notes', 'toml-front-matter'].sort().map((s) => (s === 'notes' ? 'shop-notes' : s)).sort());
    assert.ok(ghost.uploads.some((u) => u.filename === 'fern.png'));
    assert.match(await fs.readFile('content/posts/json-front-matter.md', 'utf8'), /^\{\n {2}"title": "Paper lanterns",[\s\S]*\n {2}"ghost_id": "[0-9a-f]{24}",\n/);
    assert.equal(await run('status', 'content', '--json'), EXIT.ok);
    assert.deepEqual((JSON.parse(cli.stdout) as { summary: unknown }).summary, { 'in-sync': 4, 'skipped': 1 });
  });

  it('a Jekyll site syncs with the dates, slugs and tags of its conventions; a site-root path and a raw <img> upload the same file', async () => {
    dir = await copySite('jekyll');
    process.chdir(dir);
    assert.equal(await run('sync', '.'), EXIT.ok, cli.stderr);
    const brewing = post('Brewing at altitude');
    assert.equal(brewing.slug, 'brewing-at-altitude');
    // (Ghost knows a tag by its name whatever its case: one post wrote it Kitchen.)
    assert.deepEqual((brewing.tags as Array<{ name: string }>).map((t) => t.name.toLowerCase()), ['kitchen']);
    const kettle = post('A kettle, reviewed');
    assert.equal(kettle.slug, 'kettle-review');
    assert.deepEqual((kettle.tags as Array<{ name: string }>).map((t) => t.name.toLowerCase()), ['reviews', 'kitchen', 'gear']);
    // The one file for both (a sync uploads it for each post that needs it; its bytes are the same).
    assert.deepEqual([...new Set(ghost.uploads.map((u) => u.filename))], ['kettle.png']);
    assert.doesNotMatch(String(brewing.lexical), /"src":"\/img\/kettle\.png"/);
    // The raw <img>'s HTML card shows the uploaded file (its source, kept beside it, as written).
    assert.match(String(kettle.lexical), /"html":"<img src=\\"http[^"\\]+kettle\.png\\" alt=\\"The kettle\\">"/);
    assert.equal(post('Categories as a list').slug, 'list-of-categories');
    assert.equal(await run('status', '.', '--json'), EXIT.ok);
    assert.deepEqual((JSON.parse(cli.stdout) as { summary: unknown }).summary, { 'in-sync': 3 });
  });

  it('a site-root path that is nowhere, or that climbs out of the project, is refused with the file and the line; nothing is sent', async () => {
    dir = await copySite('jekyll');
    process.chdir(dir);
    await fs.mkdir('outside-site', { recursive: true });
    await fs.writeFile('_posts/2022-02-02-missing.md', '---\ntitle: Missing\n---\n\nWords.\n\n![gone](/img/gone.png)\n');
    assert.equal(await run('publish', '_posts/2022-02-02-missing.md'), EXIT.error);
    assert.match(cli.stderr, /2022-02-02-missing\.md refers to images that cannot be uploaded: line 7: \/img\/gone\.png: no such file \(a path from the site's root, looked for in the project root\)/);
    await fs.writeFile('_posts/2022-02-03-climb.md', '---\ntitle: Climb\n---\n\n<img src="/../../../etc/hostname.png">\n');
    assert.equal(await run('publish', '_posts/2022-02-03-climb.md'), EXIT.error);
    assert.match(cli.stderr, /line 5: \/\.\.\/\.\.\/\.\.\/etc\/hostname\.png: .* is outside the project folder/);
    assert.deepEqual(ghost.posts, []);
    assert.deepEqual(ghost.uploads, []);
  });

  it('redirects writes Ghost\'s redirects.yaml (or .json) from aliases and redirect_from', async () => {
    dir = await copySite('hugo');
    process.chdir(dir);
    assert.equal(await run('redirects', 'content'), EXIT.ok, cli.stderr);
    assert.equal(cli.stdout, '301:\n  "^/lanterns/?$": "/json-front-matter/"\n  "^/old/oil-lamps/?$": "/toml-front-matter/"\n');
    assert.equal(await run('redirects', 'content', '-o', 'out/redirects.json'), EXIT.ok, cli.stderr);
    assert.deepEqual(JSON.parse(await fs.readFile('out/redirects.json', 'utf8')), [
      { from: '^/lanterns/?$', to: '/json-front-matter/', permanent: true },
      { from: '^/old/oil-lamps/?$', to: '/toml-front-matter/', permanent: true },
    ]);
    assert.equal(ghost.requests.length, 0, 'no request');
    assert.equal(await run('redirects', 'a', 'b'), EXIT.usage);
  });

  it('an old address may not take the home page, Ghost\'s own addresses or another post\'s address (a review made /, /rss/ and a live post redirect to one post)', async () => {
    dir = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'ga-aliases-')));
    await fs.mkdir(path.join(dir, '.git'));
    process.chdir(dir);
    await fs.writeFile('alpha.md', '---\ntitle: Alpha\n---\nA.\n');
    await fs.writeFile('evil.md', '---\ntitle: Evil\naliases: ["/", "/rss/", "/ghost/", "/alpha/", "/tag/news/", "/old-evil/"]\n---\nE.\n');
    assert.equal(await run('redirects', '.'), EXIT.ok, cli.stderr);
    assert.equal(cli.stdout, '301:\n  "^/old-evil/?$": "/evil/"\n');
    for (const p of [/\/ is the site's home page/, /\/rss\/ is one of Ghost's own addresses/, /\/ghost\/ is one of Ghost's own addresses/, /\/alpha\/ is the address of alpha\.md's post/, /\/tag\/news\/ is one of Ghost's own addresses/]) {
      assert.match(cli.stderr, p);
    }
  });

  it('redirects --upload adds the files\' redirects to the site\'s, keeping every one the site has, after a yes; an integration\'s key is told why not', async () => {
    dir = await copySite('hugo');
    process.chdir(dir);
    // The site's /lanterns/ written unanchored, as Ghost Admin's editor lets one write it: the same old address.
    ghost.redirects = [{ from: '^/kept/?$', to: '/elsewhere/', permanent: true }, { from: '/lanterns/', to: '/paper/', permanent: true }];
    // An integration: Ghost refuses it both ways; the writer is told what to use instead.
    assert.equal(await run('redirects', 'content', '--upload', '--yes'), EXIT.error);
    assert.match(cli.stderr, /does not let this key read or change its redirects .*Ghost lets staff users do it, not integrations/s);
    const admin = ghost.addKey(makeKey('admin', { name: 'Ada', email: 'ada@example.com', slug: 'ada', role: 'Administrator' }));
    env = { ...env, GHOST_ADMIN_API_KEY: keyString(admin) };
    // No terminal to ask and no --yes: nothing uploaded.
    assert.equal(await run('redirects', 'content', '--upload'), EXIT.error);
    assert.match(cli.stderr, /Not uploaded: the CLI cannot ask here, so uploading needs --yes/);
    assert.equal(ghost.redirects.length, 2);
    // With --yes: the site's two kept (its /lanterns/ untouched, the file's clash reported), the new one added.
    assert.equal(await run('redirects', 'content', '--upload', '--yes'), EXIT.conflict, cli.stderr);
    assert.match(cli.stderr, /\/lanterns\/ already redirects to \/paper\/ on the site; content\/posts\/json-front-matter\.md asks for \/json-front-matter\/: left as the site has it/);
    assert.deepEqual(ghost.redirects, [
      { from: '^/kept/?$', to: '/elsewhere/', permanent: true },
      { from: '/lanterns/', to: '/paper/', permanent: true },
      { from: '^/old/oil-lamps/?$', to: '/toml-front-matter/', permanent: true },
    ]);
    assert.match(cli.stdout, /Uploaded: 1 redirect added, the site's 2 kept/);
    // Again: nothing to add.
    assert.equal(await run('redirects', 'content', '--upload', '--yes'), EXIT.conflict);
    assert.match(cli.stdout, /nothing to upload/);
    assert.equal(ghost.requests.filter((r) => r.method === 'POST').length, 1);
  });
});
