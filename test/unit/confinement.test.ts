/**
 * Hostile repositories and hostile posts: the confinement rule (one for every read and write),
 * pulled content that never becomes a local path, names from the server that are safe on every
 * system, and a pull --all that goes on past a post it cannot write. Each repository is built by
 * the test in a temporary folder and driven through the real CLI against the fake Ghost.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { EXIT, main } from '../../src/cli';
import { confine, isInside, safeFileName, safeRelativePath, truncateUtf8 } from '../../src/core/confine';
import { inertMarkdown, localLooking } from '../../src/core/content/pull';
import { pulledImagePath } from '../../src/core/publish/folder';
import { FakeGhost, keyString } from '../support/fake/fakeGhost';
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
  let stdout: string;
  let stderr: string;
  const cwd = process.cwd();
  const run = async (...args: string[]) => {
    stdout = '';
    stderr = '';
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((c: string) => { stderr += c; return true; }) as typeof process.stderr.write;
    try { return await main(args, env, (s) => { stdout += s; }); } finally { process.stderr.write = write; }
  };
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
    const said = stdout + stderr;
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
    assert.match(stderr, /\.docker\/config\.json: .*hidden/);
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
    assert.match(stderr, /posts\/env\.md: error: .*symbolic link/);
    assert.match(stderr, /posts\/rc\.md: error: .*symbolic link/);
    assert.equal(ghost.posts.length, 1, 'only ok.md was published');
    assert.ok(!sentBodies().includes('GHOST_ADMIN_API_KEY') && !sentBodies().includes('PATH='), 'the environment reached Ghost');
    assert.equal(await fs.readFile('outside/bashrc', 'utf8'), bashrc);
    for (const cmd of [['render', 'posts/env.md'], ['preview-link', 'posts/rc.md']]) {
      assert.equal(await run(...cmd), EXIT.error, cmd.join(' '));
      assert.ok(!stdout.includes('PATH='), cmd.join(' '));
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
    assert.equal(await run('pull', '--all', '-o', 'content'), EXIT.ok, stderr);
    for (const f of await fs.readdir('content/posts')) {
      const text = await fs.readFile(path.join('content/posts', f), 'utf8');
      assert.doesNotMatch(text, /\]\((?!https?:)/, `${f} holds a local path:\n${text}`);
    }
    assert.equal(await run('status', 'content', '--json'), EXIT.ok);
    assert.deepEqual((JSON.parse(stdout) as { summary: unknown }).summary, { 'in-sync': 3 });
    assert.equal(await run('sync', 'content', '--plan'), EXIT.ok);
    assert.doesNotMatch(stdout, /upload/);
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
    assert.ok(long, `${files.join(', ')}\n${stderr}`);
    assert.ok(long && Buffer.byteLength(long) <= 255, long);
    assert.match(stderr, /two-lines .*was not written/, stderr);
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
    assert.match(stderr, /symbolic link/);
    assert.equal(await run('pull', 'fine', '-o', 'dangling.md'), EXIT.error);
    assert.deepEqual(await fs.readdir('outside'), []);
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
