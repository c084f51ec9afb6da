// One door for connecting: every CLI command refuses plain http to a host that is not this
// computer before any request carrying a token, unless --allow-http says otherwise (then with a
// warning, and the probe without credentials first); keys come from the environment or standard
// input, and --key warns. The site is named by a host name that is not this computer's, which the
// test's resolver answers with 127.0.0.1 (test/support/remoteName.ts): a request the door let
// through would really arrive at the fake and be recorded.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { EXIT, main } from '../../src/cli';
import { checkTransport, connectWithKey, isInsecure, keyClient } from '../../src/core/ghost/connect';
import { parseAdminKey } from '../../src/core/ghost/adminKey';
import { InvalidInputError } from '../../src/core/ghost/errors';
import { parseSiteUrl } from '../../src/core/ghost/siteUrl';
import { USAGE } from '../../src/cli/shared';
import { Redactor } from '../../src/core/redact';
import { FakeGhost, keyString } from '../support/fake/fakeGhost';
import { answerRemoteName, REMOTE_NAME } from '../support/remoteName';


/** Runs f with stderr captured. */
async function capture<T>(f: () => Promise<T>): Promise<{ value: T; stderr: string }> {
  let stderr = '';
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string | Uint8Array) => { stderr += String(chunk); return true; }) as typeof process.stderr.write;
  try {
    return { value: await f(), stderr };
  } finally {
    process.stderr.write = write;
  }
}

describe('the transport rule', () => {
  it('lets https and this computer through, refuses plain http elsewhere unless allowed', () => {
    for (const ok of ['https://example.com', 'http://localhost:2368', 'http://127.0.0.1:2368', 'http://127.1.2.3', 'http://[::1]:2368']) {
      assert.doesNotThrow(() => checkTransport(parseSiteUrl(ok)), ok);
    }
    for (const bad of ['http://example.com', 'http://192.0.2.7:2368', 'http://localhost.example.com', 'http://127.0.0.1.example.com', 'http://[::2]']) {
      const site = parseSiteUrl(bad);
      assert.equal(isInsecure(site), true, bad);
      assert.throws(() => checkTransport(site), (e: unknown) => InvalidInputError.is(e) && /not encrypted \(http\)/.test(e.message) && /--allow-http/.test(e.hint ?? ''), bad);
      assert.doesNotThrow(() => checkTransport(site, { allowHttp: true }), bad);
    }
  });

  it('a key client is refused when made, before it can send anything', () => {
    const key = parseAdminKey(`${'a'.repeat(24)}:${'b'.repeat(64)}`);
    assert.throws(() => keyClient(parseSiteUrl('http://example.com'), key, { userAgent: 't' }), /not encrypted/);
  });
});

describe('one door for every CLI command', () => {
  let ghost: FakeGhost;
  let restore: () => void;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let stdout: string;
  const cwd = process.cwd();
  const run = (args: string[], stdin?: string) => { stdout = ''; return capture(() => main(args, env, (s) => { stdout += s; }, new Redactor(), async () => stdin ?? '')); };

  let remoteUrl: string;
  before(() => { restore = answerRemoteName(); });
  after(() => restore());
  beforeEach(async () => {
    ghost = await new FakeGhost().start();
    remoteUrl = ghost.url.replace('127.0.0.1', REMOTE_NAME);
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ga-door-'));
    process.chdir(dir);
    env = { GHOST_URL: remoteUrl, GHOST_ADMIN_API_KEY: keyString(ghost.adminKey) };
    await fs.mkdir('content');
    await fs.writeFile('content/a.md', '---\ntitle: Alpha\n---\nA.\n');
  });
  afterEach(async () => {
    process.chdir(cwd);
    await ghost.stop();
    await fs.rm(dir, { recursive: true, force: true });
  });

  const commands: string[][] = [
    ['status', 'content'], ['sync', 'content', '--plan'], ['publish', 'content/a.md', '--dry-run'], ['list'], ['check'],
    ['pull', 'some-slug'], ['sync', 'content'], ['publish', 'content/a.md'], ['preview-link', 'a'.repeat(24)],
  ];
  for (const args of commands) {
    it(`${args.join(' ')} against http://<a host not this computer> is refused with nothing sent`, async () => {
      assert.ok(!remoteUrl.includes('127.0.0.1'));
      const { value: code, stderr } = await run(args);
      assert.equal(code, EXIT.error);
      assert.match(stderr, /not encrypted \(http\) and is not this computer/);
      assert.match(stderr, /--allow-http/);
      assert.deepEqual(ghost.requests.map((r) => `${r.method} ${r.path}`), [], 'no request at all, and none with a token');
      assert.equal(stdout, '');
    });
  }

  it('--allow-http lets status through with a warning naming the risk, the probe without credentials first', async () => {
    const { value: code, stderr } = await run(['status', 'content', '--allow-http']);
    assert.equal(code, EXIT.ok, stderr);
    assert.match(stderr, /warn: --allow-http: .*plain http.*unencrypted/);
    const first = ghost.requests[0];
    assert.equal(first?.path, '/ghost/api/admin/site/');
    assert.equal(first?.token, undefined, 'the probe carries no token');
    assert.ok(ghost.requests.slice(1).every((r) => r.token), 'the reads after it are signed');
  });

  it('a site that is not Ghost never sees the token, even with --allow-http', async () => {
    ghost.faults.push({ match: ({ path: p }) => p.endsWith('/site/'), status: 200, body: '{"hello":"not Ghost"}', times: 100 });
    const { value: code } = await run(['sync', 'content', '--plan', '--allow-http']);
    assert.equal(code, EXIT.error);
    assert.ok(ghost.requests.length > 0, 'the probe was sent');
    assert.deepEqual(ghost.requests.filter((r) => r.token), []);
  });
});

describe('the key never on the command line', () => {
  let ghost: FakeGhost;
  let stdout: string;
  let dir: string;
  const cwd = process.cwd();
  beforeEach(async () => {
    ghost = await new FakeGhost().start();
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ga-key-'));
    process.chdir(dir);
  });
  afterEach(async () => {
    process.chdir(cwd);
    await ghost.stop();
    await fs.rm(dir, { recursive: true, force: true });
  });
  const run = (args: string[], env: NodeJS.ProcessEnv, stdin = '') => { stdout = ''; return capture(() => main(args, env, (s) => { stdout += s; }, new Redactor(), async () => stdin)); };

  it('--key-stdin reads the key from standard input, without a warning', async () => {
    const { value: code, stderr } = await run(['check', '--key-stdin'], { GHOST_URL: ghost.url }, `${keyString(ghost.adminKey)}\n`);
    assert.equal(code, EXIT.ok, stderr);
    assert.match(stdout, /Fake Ghost/);
    assert.doesNotMatch(stderr, /warning/);
  });

  it('--key-stdin with nothing piped is a usage error; with --key too as well', async () => {
    assert.equal((await run(['check', '--key-stdin'], { GHOST_URL: ghost.url }, '')).value, EXIT.usage);
    assert.equal((await run(['check', '--key-stdin', '--key', keyString(ghost.adminKey)], { GHOST_URL: ghost.url })).value, EXIT.usage);
  });

  it('--key still works, and warns on stderr that the process list shows it', async () => {
    const { value: code, stderr } = await run(['check', '--key', keyString(ghost.adminKey)], { GHOST_URL: ghost.url });
    assert.equal(code, EXIT.ok);
    assert.match(stderr, /warning: --key .*process list/);
    assert.ok(!stderr.includes(ghost.adminKey.secret), 'the warning does not repeat the key');
  });

  it('the environment needs no flag and gives no warning', async () => {
    const { value: code, stderr } = await run(['check'], { GHOST_URL: ghost.url, GHOST_ADMIN_API_KEY: keyString(ghost.adminKey) });
    assert.equal(code, EXIT.ok);
    assert.equal(stderr, '');
  });

  it('--help names --key-stdin and --allow-http', () => {
    assert.match(USAGE, /--key-stdin/);
    assert.match(USAGE, /--allow-http/);
    assert.match(USAGE, /process list/);
  });

  it('connectWithKey still asks before plain http, and allowHttp stands for the answer', async () => {
    const raw = `${'a'.repeat(24)}:${'b'.repeat(64)}`;
    let asked = 0;
    await assert.rejects(connectWithKey('http://example.invalid', raw, { userAgent: 't', confirmInsecure: async () => { asked++; return false; } }), /not encrypted/);
    assert.equal(asked, 1);
  });
});
