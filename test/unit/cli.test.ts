import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { EXIT, main } from '../../src/cli';
import { FakeGhost, keyString, makeKey } from '../support/fake/fakeGhost';
import { readYaml } from '../../src/core/content/yaml';

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
    const write = process.stderr.write.bind(process.stderr);
    let err = '';
    process.stderr.write = ((c: string) => { err += c; return true; }) as typeof process.stderr.write;
    try {
      assert.equal(await run('check'), EXIT.usage);
    } finally {
      process.stderr.write = write;
    }
    // The one line that says what is missing, not the whole help under it.
    assert.equal(err, 'Set GHOST_URL and GHOST_ADMIN_API_KEY (or pass --url, and the key with --key-stdin).\nRun ghost-author --help for every command and option.\n');
  });

  it('status counts the Markdown files it leaves out for having no front matter', async () => {
    await fs.mkdir('content');
    await fs.writeFile('content/README.md', '# Notes\n');
    await fs.writeFile('content/post.md', '---\ntitle: Post\n---\nWords.\n');
    assert.equal(await run('status', 'content'), EXIT.ok);
    assert.match(stdout, /^1 Markdown file without front matter left out \(content\/README\.md\): give one a front matter block/m);
    assert.equal(await run('status', 'content', '--json'), EXIT.ok);
    assert.deepEqual((JSON.parse(stdout) as { withoutFrontMatter: string[] }).withoutFrontMatter, ['content/README.md']);
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

  it('sync says under each file what its push said: a newsletter left unsent, a link sent as words (a review found sync silent where publish spoke)', async () => {
    await fs.mkdir('content');
    await fs.writeFile('content/letter.md', '---\ntitle: Letter\nstatus: published\nnewsletter: weekly\n---\nSee [the next one](next.md).\n');
    assert.equal(await run('sync', 'content'), EXIT.ok);
    assert.match(stdout, /^content\/letter\.md: created published [0-9a-f]{24}\n {2}warning: line 6: The link to next\.md names no file of the project: sent as its words only\.\n {2}warning: The file names the newsletter “weekly”, but no email was sent/);
    assert.equal(ghost.emailRequests.length, 0);
  });

  it('status, sync --plan and sync over a folder: the plan writes nothing, sync creates and links, a second sync writes nothing; list --all pages through everything', async () => {
    await fs.mkdir('content');
    await fs.writeFile('content/a.md', '---\ntitle: Alpha\nstatus: published\n---\nA.\n');
    await fs.writeFile('content/b.md', '---\ntitle: Beta\n---\nB.\n');
    ghost.seed('posts', 120);
    const summary = path.join(dir, 'summary.md');
    env.GITHUB_STEP_SUMMARY = summary;
    assert.equal(await run('status', 'content', '--json'), EXIT.ok);
    const status = JSON.parse(stdout) as { summary: Record<string, number>; requests: number };
    assert.deepEqual(status.summary, { 'new': 2, 'only-in-ghost': 120 });
    assert.equal(status.requests, 4, 'the probe without credentials, two pages of posts, one of pages');
    const writes = () => ghost.requests.filter((r) => r.method !== 'GET').length;
    assert.equal(await run('sync', 'content', '--plan'), EXIT.ok);
    // a.md asks to be published: the plan says so (uploadPlan.test.ts checks every kind).
    assert.match(stdout, /would create content\/a\.md  “Alpha” \(publishes it\)\nwould create content\/b\.md  “Beta”\n/);
    assert.match(stdout, /2 to create, 0 to update, 120 left alone, 0 in sync\. Nothing was sent\./);
    assert.equal(writes(), 0);
    assert.match(await fs.readFile(summary, 'utf8'), /### Ghost Author sync plan\n\n\| file \| title \| state \| action \|\n\|---\|---\|---\|---\|\n\| content\/a\.md \| Alpha \| new \(not published\) \| create \(publishes it\) \|/);
    assert.equal(await run('sync', 'content'), EXIT.ok);
    assert.match(stdout, /content\/a\.md: created published/);
    assert.match(stdout, /2 created, 0 updated, 0 in conflict, 0 failed, 120 left alone, 0 in sync\./);
    assert.match(await fs.readFile('content/b.md', 'utf8'), /ghost_id: /);
    const w = writes();
    assert.equal(await run('sync', 'content'), EXIT.ok);
    assert.equal(writes(), w, 'a second sync wrote');
    assert.match(stdout, /0 created, 0 updated, 0 in conflict, 0 failed, 120 left alone, 2 in sync\./);
    // Edited in Ghost and here: left alone, and the exit code says conflict.
    const b = ghost.posts.find((p) => p.title === 'Beta');
    ghost.editInGhost(b as never, { html: '<p>Changed in Ghost.</p>' });
    await fs.writeFile('content/b.md', (await fs.readFile('content/b.md', 'utf8')).replace('B.', 'B, edited.'));
    await new Promise((r) => setTimeout(r, 1100));
    assert.equal(await run('sync', 'content'), EXIT.conflict);
    assert.match(stdout, /content\/b\.md: left alone: edited on both sides/);
    assert.equal(await run('list', '--all', '--json'), EXIT.ok);
    assert.equal((JSON.parse(stdout) as { posts: unknown[] }).posts.length, 122);
    assert.equal(await run('status', 'nowhere'), EXIT.usage);
  });

  it('pull --all writes every post and page by slug, linked; a taken name gets -2, a post already here is left; then status is all in sync and sync --plan has nothing to do', async () => {
    ghost.seed('posts', 4);
    ghost.seed('pages', 2);
    await fs.mkdir('site/posts', { recursive: true });
    await fs.writeFile('site/posts/posts-1.md', 'A note of my own, not a post.\n');
    assert.equal(await run('pull', ghost.posts[1]?.id ?? '', '-o', 'site/mine.md'), EXIT.ok);
    assert.equal(await run('pull', '--all', '-o', 'site'), EXIT.ok);
    assert.match(stdout, /Wrote 5 file\(s\); 1 already here, left as they are\./);
    assert.equal(await fs.readFile('site/posts/posts-1.md', 'utf8'), 'A note of my own, not a post.\n');
    assert.match(await fs.readFile('site/posts/posts-1-2.md', 'utf8'), new RegExp(`ghost_id: ${ghost.posts[0]?.id}`));
    assert.match(await fs.readFile('site/pages/pages-2.md', 'utf8'), /type: page/);
    await assert.rejects(fs.stat('site/posts/posts-2.md'), 'the post already linked was pulled again');
    assert.equal(await run('status', 'site', '--json'), EXIT.ok);
    // The note has no front matter: it is not part of the site.
    assert.deepEqual((JSON.parse(stdout) as { summary: unknown }).summary, { 'in-sync': 6 });
    const writes = ghost.requests.filter((r) => r.method !== 'GET').length;
    assert.equal(await run('sync', 'site', '--plan'), EXIT.ok);
    assert.match(stdout, /0 to create, 0 to update, 0 left alone, 6 in sync\./);
    assert.equal(ghost.requests.filter((r) => r.method !== 'GET').length, writes);
    assert.equal(await run('pull', '--all', '-o', 'site'), EXIT.ok);
    assert.match(stdout, /Wrote 0 file\(s\); 6 already here/);
  });

  it('the example GitHub workflow runs commands the CLI accepts, and the README shows it as it is', async () => {
    const repo = path.resolve(__dirname, '../../..');
    const text = await fs.readFile(path.join(repo, 'examples/ghost-sync.yml'), 'utf8');
    assert.ok((await fs.readFile(path.join(repo, 'README.md'), 'utf8')).includes(text), 'the README\'s copy of the workflow differs from examples/ghost-sync.yml');
    const wf = readYaml(text) as { jobs: Record<string, { steps: Array<{ run?: string; env?: Record<string, string> }> }> };
    const commands = Object.values(wf.jobs).flatMap((j) => j.steps).filter((st) => st.run?.includes('ghost-author')).map((st) => {
      const args = (st.run ?? '').trim().replace(/^npx --yes ghost-author /, '').split(/\s+/);
      // The check reads files only: it is given no key.
      assert.deepEqual(Object.keys(st.env ?? {}).sort(), args[0] === 'lint' ? [] : ['GHOST_ADMIN_API_KEY', 'GHOST_URL']);
      return args;
    });
    assert.deepEqual(commands, [['lint', 'content'], ['sync', 'content', '--plan'], ['sync', 'content']]);
    await fs.mkdir('content');
    await fs.writeFile('content/a.md', '---\ntitle: From the workflow\n---\nHello.\n');
    for (const args of commands) { assert.equal(await run(...args), EXIT.ok, args.join(' ')); }
    assert.match(await fs.readFile('content/a.md', 'utf8'), /ghost_id: /);
  });

  it('preview-link gives the draft\'s address on the site, as the reader asked', async () => {
    await fs.writeFile('d.md', '---\ntitle: Draft\n---\nWords.\n');
    assert.equal(await run('publish', 'd.md'), EXIT.ok);
    const uuid = ghost.posts[0]?.uuid;
    assert.equal(await run('preview-link', 'd.md', '--as', 'paid'), EXIT.ok);
    assert.equal(stdout, `${ghost.url}/p/${uuid}/?member_status=paid\n`);
    assert.equal(await run('preview-link', 'd.md', '--as', 'vip'), EXIT.usage);
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

  describe('what connecting learns is kept per site and key', () => {
    const sitesFile = () => path.join(dir, '.ghost-author', 'sites.json');
    const readSites = async () => JSON.parse(await fs.readFile(sitesFile(), 'utf8')) as { sites: Record<string, { checkedAt: string; keyId: string; info: { version: string } }> };
    /** The requests of one run, as `METHOD path` after the API's base. */
    const during = async (args: string[]): Promise<{ code: number; requests: string[] }> => {
      const n = ghost.requests.length;
      const code = await run(...args);
      return { code, requests: ghost.requests.slice(n).map((r) => `${r.method} ${r.path.replace(/^\/ghost\/api\/admin\//, '')}`) };
    };
    /** A linked file, pushed once; the cache of that first push is removed unless kept. */
    const linkedFile = async (front = ''): Promise<{ id: string; text: string }> => {
      await fs.writeFile('a.md', `---\ntitle: Cached\n${front}---\nFirst words.\n`);
      assert.equal(await run('publish', 'a.md'), EXIT.ok);
      const text = await fs.readFile('a.md', 'utf8');
      const id = /ghost_id: ([0-9a-f]{24})/.exec(text)?.[1];
      if (!id) { throw new Error('not linked'); }
      return { id, text };
    };
    const connecting = ['GET site/', 'GET users/me/', 'GET posts/'];

    it('a second run on an edited file costs one read and one write; the file holds no secret', async () => {
      const { id, text } = await linkedFile();
      await fs.rm(sitesFile(), { force: true });
      await fs.writeFile('a.md', text.replace('First words.', 'Second words.'));
      const first = await during(['publish', 'a.md']);
      assert.equal(first.code, EXIT.ok);
      // As before the cache: the site probed, the key's identity (an integration: refused `me`, then a post listed), the post read and written.
      assert.deepEqual(first.requests, [...connecting, `GET posts/${id}/`, `PUT posts/${id}/`]);
      await fs.writeFile('a.md', text.replace('First words.', 'Third words.'));
      const second = await during(['publish', 'a.md']);
      assert.equal(second.code, EXIT.ok);
      assert.deepEqual(second.requests, [`GET posts/${id}/`, `PUT posts/${id}/`]);
      assert.match(ghost.posts[0]?.html ?? '', /Third words\./);
      const raw = await fs.readFile(sitesFile(), 'utf8');
      assert.ok(!raw.includes(ghost.adminKey.secret), 'the secret is in the cache file');
      assert.ok(raw.includes(ghost.adminKey.id));
      assert.match(await fs.readFile(path.join(dir, '.ghost-author', '.gitignore'), 'utf8'), /^\*$/m);
      // check always asks the site.
      const check = await during(['check']);
      assert.deepEqual(check.requests, connecting);
    });

    it('a zone-less published_at is read on the site\'s clock as it is now: the time zone is asked again, never kept', async () => {
      ghost.timezone = 'Europe/Berlin';
      const { id, text } = await linkedFile();
      await fs.rm(sitesFile(), { force: true });
      await fs.writeFile('a.md', text.replace('title: Cached', 'title: Cached\npublished_at: 2026-03-01 10:00').replace('First words.', 'Second words.'));
      const first = await during(['publish', 'a.md']);
      assert.equal(first.code, EXIT.ok);
      assert.deepEqual(first.requests, [...connecting, `GET posts/${id}/`, 'GET settings/', `PUT posts/${id}/`]);
      assert.equal(ghost.posts[0]?.published_at, '2026-03-01T09:00:00.000Z');
      assert.doesNotMatch(JSON.stringify(await readSites()), /timezone/);
      // The site moved to another zone meanwhile: the date is read on its clock now.
      ghost.timezone = 'Asia/Tokyo';
      await fs.writeFile('a.md', (await fs.readFile('a.md', 'utf8')).replace('2026-03-01 10:00', '2026-07-01 10:00').replace('Second words.', 'Third words.'));
      const second = await during(['publish', 'a.md']);
      assert.equal(second.code, EXIT.ok);
      assert.deepEqual(second.requests, [`GET posts/${id}/`, 'GET settings/', `PUT posts/${id}/`]);
      assert.equal(ghost.posts[0]?.published_at, '2026-07-01T01:00:00.000Z', 'the zone of the first run was used');
    });

    it('a refused key drops what was kept and connects again once: transparently when the key works, with a clear error when it is still refused', async () => {
      const { id, text } = await linkedFile();
      // Refused once (a key Ghost no longer knew, say): connected again, the read sent again.
      ghost.faults.push({ match: (r) => r.path.endsWith(`/posts/${id}/`), status: 401, body: JSON.stringify({ errors: [{ message: 'Unknown Admin API Key', type: 'UnauthorizedError', code: 'UNKNOWN_ADMIN_API_KEY' }] }) });
      await fs.writeFile('a.md', text.replace('First words.', 'Second words.'));
      const again = await during(['publish', 'a.md']);
      assert.equal(again.code, EXIT.ok);
      assert.deepEqual(again.requests, [`GET posts/${id}/`, ...connecting, `GET posts/${id}/`, `PUT posts/${id}/`]);
      const entry = Object.values((await readSites()).sites)[0];
      assert.ok(entry && Date.now() - Date.parse(entry.checkedAt) < 60_000);
      // The key is regenerated in Ghost: the old one is refused by the post and by the new connect.
      const k = ghost.adminKey;
      const old = keyString(k);
      k.secret = randomBytes(32).toString('hex');
      await fs.writeFile('a.md', text.replace('First words.', 'Third words.'));
      const refused = await during(['publish', 'a.md', '--json']);
      assert.equal(refused.code, EXIT.error);
      assert.deepEqual(refused.requests, [`GET posts/${id}/`, 'GET site/', 'GET users/me/']);
      const error = (JSON.parse(stdout) as Array<{ error?: string }>)[0]?.error ?? '';
      assert.match(error, /invalid signature.*The key's secret does not match: copy the whole key again from Ghost Admin\./);
      assert.deepEqual((await readSites()).sites, {}, 'the refused entry was kept');
      assert.match(ghost.posts[0]?.html ?? '', /Second words\./);
      // With the new key: a first connect again, then kept.
      env.GHOST_ADMIN_API_KEY = keyString(k);
      assert.notEqual(env.GHOST_ADMIN_API_KEY, old);
      const renewed = await during(['publish', 'a.md']);
      assert.equal(renewed.code, EXIT.ok);
      assert.deepEqual(renewed.requests, [...connecting, `GET posts/${id}/`, `PUT posts/${id}/`]);
    });

    it('an entry older than a day, or for another site or key, is asked again; a redirect or a version mismatch drops it', async () => {
      const { id, text } = await linkedFile();
      const data = await readSites();
      const [name, entry] = Object.entries(data.sites)[0] ?? [];
      if (!name || !entry) { throw new Error('nothing kept'); }
      entry.checkedAt = new Date(Date.now() - 25 * 3600_000).toISOString();
      await fs.writeFile(sitesFile(), JSON.stringify(data));
      await fs.writeFile('a.md', text.replace('First words.', 'Second words.'));
      const old = await during(['publish', 'a.md']);
      assert.equal(old.code, EXIT.ok);
      assert.deepEqual(old.requests, [...connecting, `GET posts/${id}/`, `PUT posts/${id}/`]);
      assert.ok(Date.now() - Date.parse((await readSites()).sites[name]?.checkedAt ?? '') < 60_000, 'the entry was not refreshed');
      // Kept for this key only: another key of the site connects first.
      const other = ghost.addKey(makeKey('admin'));
      env.GHOST_ADMIN_API_KEY = keyString(other);
      await fs.writeFile('a.md', text.replace('First words.', 'Third words.'));
      const otherKey = await during(['publish', 'a.md']);
      assert.deepEqual(otherKey.requests.slice(0, 3), connecting);
      assert.equal(Object.keys((await readSites()).sites).length, 2);
      // A redirect, then Ghost saying the request does not suit its version: each connects again once.
      for (const fault of [{ status: 301, headers: { Location: 'https://elsewhere.example/ghost/api/admin/posts/' } }, { status: 406, body: JSON.stringify({ errors: [{ message: 'Request not acceptable for provided Accept-Version header.', type: 'RequestNotAcceptableError' }] }) }]) {
        ghost.faults.push({ match: (r) => r.method === 'GET' && r.path.endsWith(`/posts/${id}/`), ...fault });
        await fs.writeFile('a.md', text.replace('First words.', `Words after ${fault.status}.`));
        const res = await during(['publish', 'a.md']);
        assert.equal(res.code, EXIT.ok, String(fault.status));
        assert.deepEqual(res.requests, [`GET posts/${id}/`, ...connecting, `GET posts/${id}/`, `PUT posts/${id}/`], String(fault.status));
      }
    });

    it('a cache file that cannot be read is no cache: the site is asked and the file written anew', async () => {
      const { id, text } = await linkedFile();
      await fs.writeFile(sitesFile(), '{ not json');
      await fs.writeFile('a.md', text.replace('First words.', 'Second words.'));
      const res = await during(['publish', 'a.md']);
      assert.equal(res.code, EXIT.ok);
      assert.deepEqual(res.requests, [...connecting, `GET posts/${id}/`, `PUT posts/${id}/`]);
      assert.equal(Object.keys((await readSites()).sites).length, 1);
    });

    it('over plain http to another host, nothing kept is used: the key is refused before any request', async () => {
      await fs.mkdir('.ghost-author');
      const keyId = ghost.adminKey.id;
      const site = 'http://ghost.example/';
      await fs.writeFile(sitesFile(), JSON.stringify({ version: 1, sites: { [`${site} ${keyId}`]: { site, keyId, checkedAt: new Date().toISOString(), info: { title: 'T', url: site, version: '6.0' }, identity: { kind: 'integration' } } } }));
      env.GHOST_URL = 'http://ghost.example';
      await fs.writeFile('p.md', '---\ntitle: P\n---\nWords.\n');
      const n = ghost.requests.length;
      // Refused by the door, before any file is read (connectDoor.test.ts checks the message).
      assert.equal(await run('publish', 'p.md', '--json'), EXIT.error);
      assert.equal(stdout, '');
      assert.equal(ghost.requests.length, n);
    });
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
