import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { EXIT, main } from '../../src/cli';
import { FakeGhost, keyString } from '../support/fake/fakeGhost';

describe('ghost-author CLI against the fake Ghost', () => {
  let ghost: FakeGhost;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let stdout: string;
  const cwd = process.cwd();
  const run = (...args: string[]) => { stdout = ''; return main(args, env, (s) => { stdout += s; }); };

  beforeEach(async () => {
    ghost = await new FakeGhost().start();
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ga-cli-'));
    process.chdir(dir);
    env = { GHOST_URL: ghost.url, GHOST_ADMIN_API_KEY: keyString(ghost.adminKey) };
  });
  afterEach(async () => {
    process.chdir(cwd);
    await ghost.stop();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('checks the site and the key', async () => {
    assert.equal(await run('check'), EXIT.ok);
    assert.match(stdout, /Fake Ghost — Ghost 6\.65/);
    assert.match(stdout, /integration key/);
  });

  it('answers 2 for usage errors and missing credentials', async () => {
    assert.equal(await run(), EXIT.usage);
    assert.equal(await run('frobnicate'), EXIT.usage);
    assert.equal(await run('publish'), EXIT.usage);
    env = {};
    assert.equal(await run('check'), EXIT.usage);
  });

  it('answers 1 with a clear message for a bad key', async () => {
    env.GHOST_ADMIN_API_KEY = '0123456789abcdef0123456789';
    assert.equal(await run('check'), EXIT.error);
  });

  it('publishes, links the file, then reports unchanged; a conflict answers 3', async () => {
    await fs.writeFile('a.md', '---\ntitle: From CI\n---\nHello.\n');
    assert.equal(await run('publish', 'a.md'), EXIT.ok);
    assert.match(stdout, /created draft/);
    const linked = await fs.readFile('a.md', 'utf8');
    assert.match(linked, /ghost_id: [0-9a-f]{24}/);
    assert.equal(await run('publish', 'a.md'), EXIT.ok);
    assert.match(stdout, /unchanged/);
    const post = ghost.posts[0];
    if (!post) { throw new Error('no post'); }
    // Edited in Ghost since the push.
    ghost.editInGhost(post, { html: '<p>Hello, from Ghost.</p>' });
    await fs.writeFile('a.md', linked.replace('Hello.', 'Hello again.'));
    assert.equal(await run('publish', 'a.md'), EXIT.conflict);
    assert.equal(post.title, 'From CI');
    assert.equal(await run('publish', 'a.md', '--force', '--json'), EXIT.ok);
    assert.equal((JSON.parse(stdout) as Array<{ result: string }>)[0]?.result, 'updated');
  });

  it('checks every file before it connects: bad front matter and unchanged files cost no request', async () => {
    await fs.writeFile('ok.md', '---\ntitle: Fine\n---\nWords.\n');
    assert.equal(await run('publish', 'ok.md'), EXIT.ok);
    await fs.writeFile('bad.md', '---\ntitle: [unclosed\n---\nWords.\n');
    await fs.symlink('/etc/hostname', 'leak.png');
    await fs.writeFile('leak.md', '---\ntitle: Leak\nfeature_image: leak.png\n---\nWords.\n');
    const n = ghost.requests.length;
    assert.equal(await run('publish', 'bad.md', 'ok.md', 'leak.md'), EXIT.error);
    assert.equal(ghost.requests.length, n, 'a request was made');
    assert.match(stdout, /ok\.md: unchanged, nothing sent/);
  });

  it('renders without credentials or network', async () => {
    await fs.writeFile('r.md', '# T\n\n|a|\n|-|\n|1|\n');
    env = {};
    assert.equal(await run('render', 'r.md'), EXIT.ok);
    const out = JSON.parse(stdout) as { title: string; html: string; htmlCards: number };
    assert.equal(out.title, 'T');
    assert.equal(out.htmlCards, 1);
  });

  it('pulls a post to a file, never over an existing one', async () => {
    const [p] = ghost.seed('posts', 1, () => 'published');
    assert.equal(await run('pull', p?.slug ?? '', '-o', 'pulled.md'), EXIT.ok);
    assert.match(await fs.readFile('pulled.md', 'utf8'), /ghost_id: /);
    assert.equal(await run('pull', p?.slug ?? '', '-o', 'pulled.md'), EXIT.error);
    assert.equal(await run('publish', 'pulled.md'), EXIT.ok);
    assert.match(stdout, /unchanged/);
  });
});
