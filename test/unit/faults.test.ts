/**
 * Every injected fault during every kind of work: it ends in a bounded retry or a message that
 * explains itself, the writer's file is unchanged byte for byte unless the work fully succeeded,
 * no post is created twice, and no file is left linked to a post that is not recorded (or
 * unlinked from a post that was made without a record to find it by).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { publishOne, pullToFile } from '../../src/cli';
import { GhostClient } from '../../src/core/ghost/client';
import { GhostAuthorError } from '../../src/core/ghost/errors';
import { parseSiteUrl } from '../../src/core/ghost/siteUrl';
import type { PublishContext } from '../../src/core/publish/engine';
import { StateStore } from '../../src/core/publish/state';
import { FakeGhost, type Fault } from '../support/fake/fakeGhost';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
const RETRIES = 3;

function readLink(text: string): { id: string } | undefined {
  const id = /^---\r?\n(?:.*\r?\n)*?ghost_id: *([0-9a-f]{24})\r?\n/.exec(text)?.[1];
  return id ? { id } : undefined;
}

interface FaultKind { name: string; fault: Omit<Fault, 'match' | 'times'> }

const html = (title: string) => `<html><head><title>${title}</title></head><body><center><h1>${title}</h1></center><hr><center>nginx</center></body></html>`;

export const FAULT_KINDS: FaultKind[] = [
  { name: '500 from Ghost', fault: { status: 500 } },
  { name: '502 from Ghost', fault: { status: 502 } },
  { name: '503 from Ghost', fault: { status: 503, body: JSON.stringify({ errors: [{ message: 'Site is starting up', type: 'MaintenanceError' }] }) } },
  { name: '429 without Retry-After', fault: { status: 429, body: JSON.stringify({ errors: [{ message: 'Too many requests', type: 'TooManyRequestsError' }] }) } },
  { name: 'connection reset mid-body', fault: { reset: true } },
  { name: 'connection reset after Ghost saved it', fault: { reset: true, landed: true } },
  { name: 'timeout', fault: { delayMs: 600 } },
  { name: 'timeout after Ghost saved it', fault: { delayMs: 600, landed: true } },
  { name: 'truncated JSON', fault: { truncateAt: 37 } },
  { name: 'HTML error page from a proxy', fault: { status: 502, headers: { 'Content-Type': 'text/html' }, body: html('502 Bad Gateway') } },
  { name: '301 to another host', fault: { status: 301, headers: { Location: 'https://elsewhere.example/ghost/api/admin/' }, body: '' } },
  { name: '413 from a proxy', fault: { status: 413, headers: { 'Content-Type': 'text/html' }, body: html('413 Request Entity Too Large') } },
];

type Op = 'browse' | 'create' | 'update' | 'upload' | 'pull';
const OPS: Array<{ op: Op; method: string; path: RegExp }> = [
  { op: 'browse', method: 'GET', path: /\/posts\/$/ },
  { op: 'create', method: 'POST', path: /\/posts\/$/ },
  { op: 'update', method: 'PUT', path: /\/posts\/[0-9a-f]{24}\/$/ },
  { op: 'upload', method: 'POST', path: /\/images\/upload\/$/ },
  { op: 'pull', method: 'GET', path: /\/posts\/[0-9a-f]{24}\/$/ },
];

interface Tally { cases: number; succeeded: number; explained: number; retried: number; lost: number; duplicates: number }
const tally: Tally = { cases: 0, succeeded: 0, explained: 0, retried: 0, lost: 0, duplicates: 0 };

describe('fault matrix: every fault during browse, create, update, upload and pull', function () {
  this.timeout(10_000);
  let ghost: FakeGhost;
  let dir: string;
  let ctx: PublishContext;

  beforeEach(async () => {
    ghost = await new FakeGhost().start();
    ghost.seed('posts', 30, (i) => (i % 3 ? 'published' : 'draft'));
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ga-faults-'));
    await fs.writeFile(path.join(dir, 'pic.png'), PNG);
    ctx = {
      client: GhostClient.withKey(parseSiteUrl(ghost.url), { id: ghost.adminKey.id, secret: ghost.adminKey.secret },
        { userAgent: 'fault-test', sleep: async () => undefined, timeoutMs: 250, retries: RETRIES }),
      state: new StateStore(dir),
    };
  });
  afterEach(async () => {
    await ghost.stop();
    await fs.rm(dir, { recursive: true, force: true });
  });

  after(() => {
    // The figures for the README's Reliability section.
    console.log(`      fault matrix: ${tally.cases} cases; ${tally.succeeded} succeeded after bounded retries, ${tally.explained} ended in an explained error; `
      + `${tally.lost} lost or half-written files, ${tally.duplicates} duplicate posts`);
  });

  const file = (n: string) => path.join(dir, n);
  const countTitled = (title: string) => ghost.posts.filter((p) => p.title === title).length;

  /** Sets up what the operation works on; returns the file it may write and its bytes before. */
  async function prepare(op: Op): Promise<{ target: string; before: Buffer | undefined; title: string }> {
    const title = `Faulted ${op}`;
    switch (op) {
      case 'create':
        await fs.writeFile(file('a.md'), `---\ntitle: ${title}\ntags: [news]\n---\nFirst words.\n`);
        return { target: file('a.md'), before: await fs.readFile(file('a.md')), title };
      case 'upload':
        await fs.writeFile(file('a.md'), `---\ntitle: ${title}\n---\n![A picture](pic.png)\n\nWords.\n`);
        return { target: file('a.md'), before: await fs.readFile(file('a.md')), title };
      case 'update': {
        await fs.writeFile(file('a.md'), `---\ntitle: ${title}\n---\nFirst words.\n`);
        const r = await publishOne(file('a.md'), ctx, {});
        assert.equal(r.code, 0, r.message);
        const linked = await fs.readFile(file('a.md'), 'utf8');
        await fs.writeFile(file('a.md'), linked.replace('First words.', 'Second words.'));
        return { target: file('a.md'), before: await fs.readFile(file('a.md')), title };
      }
      case 'pull':
        return { target: file('pulled.md'), before: undefined, title };
      case 'browse':
        return { target: '', before: undefined, title };
    }
  }

  async function run(op: Op, target: string): Promise<void> {
    switch (op) {
      case 'browse': {
        const res = await ctx.client.posts.browse({ limit: 15, fields: ['id', 'title', 'status'] });
        assert.equal(res.items.length, 15);
        return;
      }
      case 'pull': {
        const id = ghost.posts[3]?.id ?? '';
        await pullToFile(id, ctx, target);
        return;
      }
      default: {
        const r = await publishOne(target, ctx, {});
        if (r.code !== 0) { throw new GhostAuthorError(r.message); }
      }
    }
  }

  for (const kind of FAULT_KINDS) {
    for (const { op, method, path: where } of OPS) {
      for (const persistent of [false, true]) {
        it(`${kind.name} ${persistent ? 'on every attempt' : 'once'} during ${op}`, async () => {
          tally.cases++;
          const { target, before, title } = await prepare(op);
          const match = (r: { method: string; path: string }) => r.method === method && where.test(r.path);
          const sentBefore = ghost.requests.filter(match).length;
          ghost.faults.push({ ...kind.fault, match, times: persistent ? 1000 : 1 });

          let error: unknown;
          try { await run(op, target); } catch (e) { error = e; }
          ghost.faults.length = 0;

          // Bounded: never more than the first attempt and the allowed retries.
          const attempts = ghost.requests.filter(match).length - sentBefore;
          assert.ok(attempts >= 1 && attempts <= 1 + RETRIES, `${attempts} attempts`);
          if (attempts > 1) { tally.retried++; }

          if (error) {
            tally.explained++;
            assert.ok(GhostAuthorError.is(error), `not an explained error: ${String(error)}`);
            const text = error.explanation;
            assert.ok(text.length > 25 && !/undefined|\[object|^Error:/.test(text), `unclear: ${text}`);
          } else {
            tally.succeeded++;
          }

          // The writer's file: unchanged unless the push fully succeeded (then only the link added).
          if (op === 'create' || op === 'upload' || op === 'update') {
            const now = await fs.readFile(target);
            const link = readLink(now.toString('utf8'));
            if (error || op === 'update') {
              if (!now.equals(before as Buffer)) { tally.lost++; }
              assert.ok(now.equals(before as Buffer), 'the file changed although the push failed');
            } else {
              assert.ok(link, 'a created post left its file unlinked');
              assert.equal(now.toString('utf8').replace(/^ghost_id: .*\nghost_site: .*\n/m, ''), (before as Buffer).toString('utf8'));
            }
            // Never half-linked: a link names a recorded post; a post made without a link can be found again.
            await ctx.state.load();
            const site = ctx.client.site.adminUrl;
            if (link) {
              assert.ok(ghost.posts.some((p) => p.id === link.id), 'linked to a post Ghost does not have');
              assert.ok(ctx.state.post(site, link.id), 'linked without a record of the push');
            } else if (countTitled(title) > 0) {
              assert.ok(ctx.state.pendingCreate(site, target), 'a post was made, the file is unlinked and nothing records it');
            }
          }
          if (op === 'pull') {
            const exists = await fs.stat(target).then(() => true, () => false);
            assert.equal(exists, !error, error ? 'a failed pull left a file' : 'a pull that succeeded wrote nothing');
          }
          const leftovers = (await fs.readdir(dir, { recursive: true })).filter((n) => /\.tmp|~$|\.partial/.test(String(n)));
          assert.deepEqual(leftovers, [], 'temporary files were left behind');

          // Once the fault passes, the same work completes, and never with a second post.
          if (op !== 'pull' || error) { await run(op, target); }
          if (op !== 'browse' && op !== 'pull') {
            const final = await fs.readFile(target, 'utf8');
            const link = readLink(final);
            assert.ok(link, 'not linked after a clean push');
            const n = countTitled(title);
            if (n !== 1) { tally.duplicates++; }
            assert.equal(n, 1, `${n} posts titled “${title}”`);
            const post = ghost.posts.find((p) => p.id === link.id);
            assert.match(String(post?.html), op === 'update' ? /Second words\./ : /[Ww]ords\./);
            assert.equal((await publishOne(target, ctx, {})).message.includes('unchanged'), true, 'a third push sent something');
          }
        });
      }
    }
  }
});
