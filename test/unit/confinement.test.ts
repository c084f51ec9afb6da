/**
 * Hostile repositories and hostile posts: the confinement rule (one for every read and write),
 * pulled content that never becomes a local path, names from the server that are safe on every
 * system, and a pull --all that goes on past a post it cannot write. Each repository is built by
 * the test in a temporary folder and driven through the real CLI against the fake Ghost.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { EXIT, main } from '../../src/cli';
import { confine, isInside, safeFileName, safeRelativePath, truncateUtf8 } from '../../src/core/confine';
import { inertMarkdown, localLooking } from '../../src/core/content/pull';
import { pulledImagePath } from '../../src/core/publish/folder';
import { linkFile } from '../../src/core/publish/linkFile';
import { cliSession } from '../support/cliRun';
import { FakeGhost, keyString } from '../support/fake/fakeGhost';
import { HostileGhost, PNG_1x1 } from '../support/fake/hostileGhost';
import { htmlToLexical } from '../support/fake/lexicalHtml';

describe('names from the server are safe under POSIX and Windows alike', () => {
  const hostile = ['..', '.', '...', '..\\..\\x', '..%5C..%5Cwindows', '%2e%2e', 'C:\\Windows\\x', 'c:', 'CON', 'con.md', 'Nul', 'COM1', 'lpt9.txt', 'aux.', 'a. . ',
    ' lead', 'tab\there', 'nl\nhere', 'nul\u0000byte', 'a/b', 'a\\b', 'q?*<>|"', '\u202eevil', '', '   '];

  for (const impl of [path.posix, path.win32]) {
    it(`each name is one segment that stays in its folder (${impl === path.win32 ? 'path.win32' : 'path.posix'})`, () => {
      const base = impl === path.win32 ? 'C:\\out\\posts' : '/out/posts';
      for (const n of hostile) {
        const name = safeFileName(n, { suffix: '.md' });
        assert.ok(!/[\\/:*?"<>|\u0000-\u001f]/.test(name), `${JSON.stringify(n)} → ${JSON.stringify(name)}`);
        assert.ok(!/^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i.test(name), `${JSON.stringify(n)} → ${name} is a device on Windows`);
        assert.ok(!/[. ]$/.test(name.replace(/\.md$/, '')) && !name.startsWith('.'), `${JSON.stringify(n)} → ${name}`);
        const at = impl.resolve(base, name);
        assert.equal(impl.dirname(at), base, `${JSON.stringify(n)} → ${at}`);
      }
    });

    it(`an image address with ..%5C segments stays under images/ (${impl === path.win32 ? 'path.win32' : 'path.posix'})`, () => {
      const base = impl === path.win32 ? 'C:\\site\\images' : '/site/images';
      for (const p of ['2026/01/..%5C..%5C..%5Cevil.png', '..%5c..%5cevil.png', '%2e%2e/%2e%2e/evil.png', '2026/../../evil.png', 'a/..\\..\\evil.png', 'C:%5CWindows%5Cevil.png', '%252e%252e/evil.png', '//x.png']) {
        const rel = safeRelativePath(p, impl);
        const at = impl.resolve(base, rel);
        assert.ok(isInside(base, at, impl) && at !== base, `${p} → ${at}`);
        assert.ok(rel.split(impl.sep).every((s) => s !== '..' && s !== '.' && !s.includes(':')), `${p} → ${rel}`);
      }
      assert.equal(safeRelativePath('2026/01/photo%20one.png', impl), impl.join('2026', '01', 'photo one.png'));
    });
  }

  it('at most 255 bytes in UTF-8, a character never split, the suffix kept', () => {
    for (const ch of ['é', '語', '😀', 'a']) {
      const name = safeFileName(ch.repeat(300), { suffix: '-12.md' });
      assert.ok(Buffer.byteLength(name) <= 255, `${ch}: ${Buffer.byteLength(name)} bytes`);
      assert.ok(name.endsWith('-12.md'));
      assert.equal(Buffer.from(name, 'utf8').toString('utf8'), name);
      assert.ok(!name.includes('\ufffd'));
    }
    assert.equal(truncateUtf8('a😀', 4), 'a');
  });

  it('pull --all --images keeps an image address with ..%5C segments under its images folder, on Windows too (finding 5)', () => {
    for (const impl of [path.posix, path.win32]) {
      const root = impl === path.win32 ? 'C:\\site\\content' : '/site/content';
      for (const tail of ['2026/..%5C..%5C..%5Cevil.png', '2026/01/..%2F..%2F..%2Fevil.png', '..%5Cstartup%5Cx.png', '2026/C:%5Cwin.png']) {
        const abs = pulledImagePath(root, tail, impl);
        assert.ok(isInside(impl.join(root, 'images'), abs, impl), `${tail} → ${abs}`);
      }
      assert.equal(pulledImagePath(root, '2026/01/a%20b.png', impl), impl.join(root, 'images', '2026', '01', 'a b.png'));
    }
  });
});

describe('pulled content is inert', () => {
  const base = 'https://blog.example/p/1234/';

  it('links, images, thumbnails and embeds to local paths become addresses of the site; the web stays as it is', () => {
    const cases: Array<[string, RegExp]> = [
      ['[notes](../../secret-notes.txt)\n', /^\[notes\]\(https:\/\/blog\.example\/secret-notes\.txt\)\n$/],
      ['![](../../private/photo.png)\n', /^!\[\]\(https:\/\/blog\.example\/private\/photo\.png\)\n$/],
      ['[p](/etc/passwd)\n', /\(https:\/\/blog\.example\/etc\/passwd\)/],
      ['[w](C:\\Users\\me\\secret.txt)\n', /\(https:\/\/blog\.example\/p\/1234\/C:\/Users\/me\/secret\.txt\)/],
      ['[r][1]\n\n[1]: ../x.pdf\n', /\[1\]: https:\/\/blog\.example\/p\/x\.pdf/],
      ['![v](clip.mp4){thumbnail=../poster.jpg}\n', /thumbnail=https:\/\/blog\.example\/p\/poster\.jpg/],
      ['![[secret.png]]\n', /^!\\\[\[secret\.png\]\]\n$/],
    ];
    for (const [md, want] of cases) { assert.match(inertMarkdown(md, base) ?? 'undefined', want, md); }
    const web = '[a](https://x.example/) [b](mailto:a@x.example) [c](#top) ![d](https://x.example/i.png)\n';
    assert.equal(inertMarkdown(web, base), web);
    assert.equal(localLooking('file:///etc/passwd'), true);
    assert.equal(localLooking('vscode:extension/x'), false);
  });
});

describe('hostile repositories and hostile posts, through the CLI', () => {
  let ghost: FakeGhost;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const cwd = process.cwd();
  const cli = cliSession(() => env);
  const run = cli.run;
  const SECRET = 'extraheader = AUTHORIZATION: basic c2VjcmV0LXRva2Vu';
  const uploaded = () => ghost.uploads.map((u) => u.filename);
  const sentBodies = () => ghost.requests.map((r) => r.body ?? '').join('\n');

  /** A post as Ghost would hold it: Lexical from HTML (or HTML only, from the older editor). */
  const addPost = (p: { title: string; slug: string; html: string; lexical?: string | null }) => {
    const at = ghost.stamp();
    ghost.posts.push({
      id: Math.random().toString(16).slice(2).padEnd(24, '0').slice(0, 24), uuid: '00000000-0000-4000-8000-000000000000', title: p.title, slug: p.slug,
      status: 'draft', updated_at: at, created_at: at, published_at: null, html: p.html,
      lexical: p.lexical === undefined ? htmlToLexical(p.html) : p.lexical,
      feature_image: null, custom_excerpt: null, visibility: 'public', featured: false, url: `${ghost.url}/p/${p.slug}/`,
    } as never);
  };

  beforeEach(async () => {
    ghost = await new FakeGhost().start();
    dir = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'ga-confine-')));
    process.chdir(dir);
    env = { GHOST_URL: ghost.url, GHOST_ADMIN_API_KEY: keyString(ghost.adminKey) };
  });
  afterEach(async () => {
    process.chdir(cwd);
    await ghost.stop();
    await fs.rm(dir, { recursive: true, force: true });
  });

  /** A repository as actions/checkout leaves it: .git/config holding the token. */
  const repo = async () => {
    await fs.mkdir('.git', { recursive: true });
    await fs.writeFile('.git/config', `[http "https://github.com/"]\n\t${SECRET}\n`);
    await fs.writeFile('.git/leak.txt', SECRET);
    await fs.mkdir('content', { recursive: true });
  };

  it('finding 2: a committed link to .git/config (the file, or a folder on the way) uploads nothing, and the error names the file and line', async () => {
    await repo();
    await fs.symlink('../.git/config', 'content/notes.txt');
    await fs.symlink('../.git', 'content/docs');
    await fs.writeFile('content/release.md', '---\ntitle: Release\n---\nWhat is new.\n\n[Release notes](notes.txt)\n');
    await fs.writeFile('content/parent.md', '---\ntitle: Parent\n---\n[Leak](docs/leak.txt)\n');
    await fs.writeFile('content/hidden.md', '---\ntitle: Hidden\n---\n[Leak](../.git/leak.txt)\n');
    const code = await run('sync', 'content');
    assert.notEqual(code, EXIT.ok);
    assert.deepEqual(uploaded(), []);
    assert.ok(!sentBodies().includes('c2VjcmV0LXRva2Vu'), 'the token reached Ghost');
    const said = cli.stdout + cli.stderr;
    assert.match(said, /line 6: notes\.txt: .*notes\.txt is a symbolic link/);
    assert.match(said, /line 4: docs\/leak\.txt: .*through a symbolic link \(content\/docs\)/);
    assert.match(said, /line 4: \.\.\/\.git\/leak\.txt: .*hidden folder or is a hidden file \(\.git\)/);
  });

  it('finding 2: run from a home folder (no repository), ~/.docker/config.json is not "inside"', async () => {
    await fs.mkdir('.docker');
    await fs.writeFile('.docker/config.json', '{"auths":{"x":{"auth":"c2VjcmV0LXRva2Vu"}}}');
    await fs.mkdir('blog');
    await fs.writeFile('blog/a.md', '---\ntitle: A\n---\n[config](../.docker/config.json)\n');
    assert.equal(await run('publish', 'blog/a.md'), EXIT.error);
    assert.deepEqual(uploaded(), []);
    assert.equal(ghost.posts.length, 0);
    assert.match(cli.stderr, /\.docker\/config\.json: .*hidden/);
  });

  it('finding 3: a Markdown file that is a link (to /proc/self/environ, to a file outside) is neither read nor written', async () => {
    await repo();
    await fs.mkdir('posts');
    await fs.mkdir('outside');
    const bashrc = '---\ntitle: Outside\n---\nexport SECRET=1\n';
    await fs.writeFile('outside/bashrc', bashrc);
    await fs.symlink('/proc/self/environ', 'posts/env.md');
    await fs.symlink('../outside/bashrc', 'posts/rc.md');
    await fs.writeFile('posts/ok.md', '---\ntitle: Fine\n---\nWords.\n');
    env.GHOST_AUTHOR_PROBE = 'env-probe-value';
    assert.equal(await run('publish', 'posts/env.md', 'posts/rc.md', 'posts/ok.md'), EXIT.error);
    assert.match(cli.stderr, /posts\/env\.md: error: .*symbolic link/);
    assert.match(cli.stderr, /posts\/rc\.md: error: .*symbolic link/);
    assert.equal(ghost.posts.length, 1, 'only ok.md was published');
    assert.ok(!sentBodies().includes('GHOST_ADMIN_API_KEY') && !sentBodies().includes('PATH='), 'the environment reached Ghost');
    assert.equal(await fs.readFile('outside/bashrc', 'utf8'), bashrc);
    for (const cmd of [['render', 'posts/env.md'], ['preview-link', 'posts/rc.md']]) {
      assert.equal(await run(...cmd), EXIT.error, cmd.join(' '));
      assert.ok(!cli.stdout.includes('PATH='), cmd.join(' '));
    }
  });

  it('finding 3: the walk of a folder skips links and hidden files', async () => {
    await repo();
    await fs.mkdir('outside');
    await fs.writeFile('outside/x.md', '---\ntitle: Outside\n---\nOut.\n');
    await fs.symlink('../outside', 'content/linked');
    await fs.symlink('../outside/x.md', 'content/x.md');
    await fs.writeFile('content/.draft.md', '---\ntitle: Hidden\n---\nHidden.\n');
    await fs.writeFile('content/a.md', '---\ntitle: A\n---\nA.\n');
    assert.equal(await run('sync', 'content'), EXIT.ok);
    assert.deepEqual(ghost.posts.map((p) => p.title), ['A']);
  });

  it('finding 1: a pulled post with local links and images plans nothing to upload, is in sync, and sync uploads nothing', async () => {
    await repo();
    await fs.writeFile('secret-notes.txt', 'my secret notes');
    await fs.mkdir('private');
    await fs.writeFile('private/photo.png', Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex'));
    addPost({ title: 'Lexical', slug: 'lexical', html: '<p><a href="../../secret-notes.txt">notes</a></p><p><img src="../../private/photo.png" alt=""></p><p>See <a href="/etc/passwd">this</a>.</p>' });
    addPost({ title: 'Older editor', slug: 'older', html: '<p><a href="../../secret-notes.txt">notes</a></p><p><img src="../../private/photo.png"></p><p><a href="C:\\Users\\me\\secret.txt">w</a></p>', lexical: null });
    addPost({ title: 'Markdown card', slug: 'card', html: '<p>x</p>', lexical: JSON.stringify({ root: { type: 'root', version: 1, children: [{ type: 'markdown', version: 1, markdown: '[notes](../../secret-notes.txt)\n\n![](../../private/photo.png)\n' }] } }) });
    assert.equal(await run('pull', '--all', '-o', 'content'), EXIT.ok, cli.stderr);
    for (const f of await fs.readdir('content/posts')) {
      const text = await fs.readFile(path.join('content/posts', f), 'utf8');
      assert.doesNotMatch(text, /\]\((?!https?:)/, `${f} holds a local path:\n${text}`);
    }
    assert.equal(await run('status', 'content', '--json'), EXIT.ok);
    assert.deepEqual((JSON.parse(cli.stdout) as { summary: unknown }).summary, { 'in-sync': 3 });
    assert.equal(await run('sync', 'content', '--plan'), EXIT.ok);
    assert.doesNotMatch(cli.stdout, /upload/);
    assert.equal(await run('sync', 'content'), EXIT.ok);
    assert.deepEqual(uploaded(), []);
  });

  it('finding 9: pull --all goes on past a post it cannot write, names it, exits 1, and records only what it wrote', async () => {
    addPost({ title: 'Fine', slug: 'fine', html: '<p>Fine.</p>' });
    addPost({ title: 'Long', slug: '語'.repeat(100), html: '<p>Long.</p>' });
    addPost({ title: 'Two\nlines', slug: 'two-lines', html: '<p>Two.</p>' });
    addPost({ title: 'After', slug: 'after', html: '<p>After.</p>' });
    assert.equal(await run('pull', '--all', '-o', 'site'), EXIT.error);
    const files = (await fs.readdir('site/posts')).sort();
    assert.deepEqual(files.filter((f) => !f.startsWith('語')), ['after.md', 'fine.md']);
    const long = files.find((f) => f.startsWith('語'));
    assert.ok(long, `${files.join(', ')}\n${cli.stderr}`);
    assert.ok(long && Buffer.byteLength(long) <= 255, long);
    assert.match(cli.stderr, /two-lines .*was not written/, cli.stderr);
    const state = JSON.parse(await fs.readFile('.ghost-author/state.json', 'utf8')) as { posts: Record<string, { file?: string }> };
    const recorded = Object.values(state.posts).map((r) => r.file).sort();
    assert.deepEqual(recorded, files.map((f) => `site/posts/${f}`).sort());
  });

  it('pull -o never writes through a link, nor over one', async () => {
    addPost({ title: 'Fine', slug: 'fine', html: '<p>Fine.</p>' });
    await fs.mkdir('outside');
    await fs.mkdir('.git');
    await fs.symlink('outside', 'out');
    await fs.symlink('outside/gone.md', 'dangling.md');
    assert.equal(await run('pull', 'fine', '-o', 'out/fine.md'), EXIT.error);
    assert.match(cli.stderr, /symbolic link/);
    assert.equal(await run('pull', 'fine', '-o', 'dangling.md'), EXIT.error);
    assert.deepEqual(await fs.readdir('outside'), []);
  });

  it('F3: a folder argument that is a link, or is reached through one, is refused: nothing listed, created or written outside', async () => {
    await repo();
    await fs.rm('content', { recursive: true });
    await fs.mkdir('outside/deeper', { recursive: true });
    const secret = '---\ntitle: Secret\n---\nOutside words.\n';
    await fs.writeFile('outside/secret.md', secret);
    await fs.writeFile('outside/deeper/secret.md', secret);
    await fs.symlink('outside', 'content');
    assert.equal(await run('sync', 'content', '--plan'), EXIT.error);
    assert.doesNotMatch(cli.stdout, /secret/i);
    assert.match(cli.stderr, /content is a symbolic link/);
    assert.equal(await run('sync', 'content'), EXIT.error);
    assert.match(cli.stderr, /content is a symbolic link/);
    assert.equal(await run('sync', 'content/deeper'), EXIT.error);
    assert.match(cli.stderr, /content\/deeper is reached through a symbolic link \(content\)/);
    assert.equal(await run('status', 'content'), EXIT.error);
    assert.equal(ghost.posts.length, 0);
    assert.equal(await fs.readFile('outside/secret.md', 'utf8'), secret);
    assert.equal(await fs.readFile('outside/deeper/secret.md', 'utf8'), secret);
  });

  it('F3: a folder outside the project is refused', async () => {
    await repo();
    const elsewhere = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'ga-elsewhere-')));
    try {
      await fs.writeFile(path.join(elsewhere, 'a.md'), '---\ntitle: Elsewhere\n---\nA.\n');
      assert.equal(await run('sync', elsewhere), EXIT.error);
      assert.match(cli.stderr, /is outside the project/);
      assert.equal(ghost.posts.length, 0);
      assert.doesNotMatch(await fs.readFile(path.join(elsewhere, 'a.md'), 'utf8'), /ghost_id/);
    } finally {
      await fs.rm(elsewhere, { recursive: true, force: true });
    }
  });

  it('F3: the link is never written into a file that has become a symbolic link', async () => {
    await fs.mkdir('outside');
    const rc = '---\ntitle: Outside\n---\nexport SECRET=1\n';
    await fs.writeFile('outside/rc.md', rc);
    await fs.symlink('outside/rc.md', 'post.md');
    await assert.rejects(linkFile('post.md', `---\ntitle: Outside\nghost_id: ${'a'.repeat(24)}\nghost_site: ${ghost.url}\n---\nx\n`), /post\.md is a symbolic link/);
    assert.equal(await fs.readFile('outside/rc.md', 'utf8'), rc);
    assert.ok((await fs.lstat('post.md')).isSymbolicLink());
  });

  it('F4: pull --all into a folder that is a link, or outside the project, writes nothing there', async () => {
    await repo();
    await fs.rm('content', { recursive: true });
    addPost({ title: 'Fine', slug: 'fine', html: '<p>Fine.</p>' });
    await fs.mkdir('outside');
    await fs.symlink('outside', 'content');
    assert.equal(await run('pull', '--all', '-o', 'content', '--images'), EXIT.error);
    assert.match(cli.stderr, /content is a symbolic link/);
    assert.equal(await run('pull', '--all', '-o', 'content/site'), EXIT.error);
    assert.match(cli.stderr, /content\/site is reached through a symbolic link \(content\)/);
    assert.deepEqual(await fs.readdir('outside'), []);
    const elsewhere = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'ga-elsewhere-')));
    try {
      assert.equal(await run('pull', '--all', '-o', elsewhere), EXIT.error);
      assert.match(cli.stderr, /is outside the project/);
      assert.deepEqual(await fs.readdir(elsewhere), []);
    } finally {
      await fs.rm(elsewhere, { recursive: true, force: true });
    }
  });

  it('F5: a ghost-author.yml that is a link is refused, naming it, and shows nothing of the file it points to', async () => {
    await repo();
    await fs.mkdir('outside');
    await fs.writeFile('outside/config.yml', 'aws_secret_access_key: x\nprivate_token: y\n');
    await fs.symlink('../outside/config.yml', 'content/ghost-author.yml');
    await fs.writeFile('content/a.md', '---\ntitle: A\n---\nA.\n');
    assert.equal(await run('sync', 'content', '--plan'), EXIT.error);
    const said = cli.stdout + cli.stderr;
    assert.match(said, /content\/ghost-author\.yml is a symbolic link/);
    assert.doesNotMatch(said, /aws_secret_access_key|private_token/);
    assert.equal(await run('sync', 'content'), EXIT.error);
    assert.equal(ghost.posts.length, 0);
    // A plain one is read, and its unknown keys are named.
    await fs.rm('content/ghost-author.yml');
    await fs.writeFile('content/ghost-author.yml', 'colour: blue\n');
    assert.equal(await run('sync', 'content', '--plan'), EXIT.error);
    assert.match(cli.stdout + cli.stderr, /content\/ghost-author\.yml, line 1: colour is not among its keys/);
  });

  it('a committed .ghost-author/state.json (or sites.json) is not trusted: the run stops and says how to remove it from git', async () => {
    execFileSync('git', ['init', '-q'], { cwd: dir });
    await fs.mkdir('content');
    const png = PNG_1x1;
    await fs.writeFile('content/photo.png', png);
    await fs.writeFile('content/a.md', '---\ntitle: A\n---\n![](photo.png)\n');
    const hash = (await import('node:crypto')).createHash('sha256').update(png).digest('hex');
    await fs.mkdir('.ghost-author');
    await fs.writeFile('.ghost-author/state.json', JSON.stringify({ version: 1, posts: {}, uploads: { [`${ghost.url}/`]: { [hash]: 'https://attacker.example/x.png' }, [ghost.url]: { [hash]: 'https://attacker.example/x.png' } } }));
    execFileSync('git', ['add', '-f', '.ghost-author/state.json'], { cwd: dir });
    assert.equal(await run('sync', 'content', '--plan'), EXIT.error);
    assert.match(cli.stderr, /\.ghost-author\/state\.json is committed to the repository; a committed record is not trusted/);
    assert.match(cli.stderr, /git rm --cached \.ghost-author\/state\.json/);
    assert.equal(await run('sync', 'content'), EXIT.error);
    assert.equal(ghost.posts.length, 0);
    assert.ok(!sentBodies().includes('attacker.example'));
    // sites.json alike; once out of git, the run goes on (the state is then a local cache again).
    execFileSync('git', ['rm', '-q', '--cached', '.ghost-author/state.json'], { cwd: dir });
    await fs.rm('.ghost-author/state.json');
    await fs.writeFile('.ghost-author/sites.json', '{"version":1,"sites":{}}');
    execFileSync('git', ['add', '-f', '.ghost-author/sites.json'], { cwd: dir });
    assert.equal(await run('sync', 'content', '--plan'), EXIT.error);
    assert.match(cli.stderr, /\.ghost-author\/sites\.json is committed/);
    execFileSync('git', ['rm', '-q', '--cached', '.ghost-author/sites.json'], { cwd: dir });
    assert.equal(await run('sync', 'content', '--plan'), EXIT.ok, cli.stderr);
    assert.match(cli.stdout, /photo\.png/);
  });

  it('the rule itself: outside, hidden, links, and what is not a regular file', async () => {
    await fs.mkdir('a/.hidden', { recursive: true });
    await fs.writeFile('a/.hidden/x.txt', 'x');
    await fs.writeFile('a/f.txt', 'x');
    await fs.symlink('f.txt', 'a/l.txt');
    const root = path.join(dir, 'a');
    await assert.rejects(confine('../x.txt', { root }), /outside/);
    await assert.rejects(confine('.hidden/x.txt', { root }), /hidden/);
    assert.equal(await confine('.hidden/x.txt', { root, explicit: true }), path.join(root, '.hidden/x.txt'));
    await assert.rejects(confine('l.txt', { root, explicit: true }), /symbolic link/);
    await assert.rejects(confine('.hidden', { root, explicit: true }), /not a regular file/);
    assert.equal(await confine('f.txt', { root }), path.join(root, 'f.txt'));
  });
});

describe('pull --all --images never writes through a link on the way (F4)', () => {
  let h: HostileGhost;
  let dir: string;
  let stderr: string;
  const cwd = process.cwd();
  const run = async (...args: string[]) => {
    stderr = '';
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((c: string) => { stderr += c; return true; }) as typeof process.stderr.write;
    try { return await main(args, { GHOST_URL: h.url, GHOST_ADMIN_API_KEY: keyString(h.fake.adminKey) }, () => undefined); } finally { process.stderr.write = write; }
  };
  beforeEach(async () => {
    h = await new HostileGhost().start();
    dir = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'ga-confine-img-')));
    process.chdir(dir);
    await fs.mkdir('.git');
    h.on((r) => r.path.startsWith('/content/images/'), { kind: 'raw', contentType: 'image/png', body: PNG_1x1 });
  });
  afterEach(async () => {
    process.chdir(cwd);
    await h.stop();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('out/images -> elsewhere: the posts with images are not written and are named, the others are, exit 1, nothing outside', async () => {
    const [withImage, plain] = h.fake.seed('posts', 2);
    if (!withImage || !plain) { throw new Error('no posts'); }
    withImage.lexical = null;
    withImage.html = `<p><img src="${h.url}/content/images/2026/01/photo.png" alt="p"></p>`;
    await fs.mkdir('outside');
    await fs.mkdir('out');
    await fs.symlink('../outside', 'out/images');
    assert.equal(await run('pull', '--all', '-o', 'out', '--images'), EXIT.error);
    assert.deepEqual(await fs.readdir('outside'), [], 'an image was written outside');
    assert.match(stderr, new RegExp(`${withImage.slug} \\(${withImage.id}\\) was not written: .*images.* symbolic link`));
    assert.deepEqual(await fs.readdir('out/posts'), [`${plain.slug}.md`]);
  });
});
