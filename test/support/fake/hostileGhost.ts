/**
 * A hostile Ghost for the tests: a server on 127.0.0.1 in front of the fake Ghost that answers
 * what a compromised or broken site could — replies of any size (generated as they are sent, so
 * the server never holds them), lists whose `next` never ends or goes back, replies trickling a
 * byte at a time, redirects to other hosts and to internal addresses, images of the wrong type or
 * size — and passes every request no rule takes to the fake Ghost behind it, which then keeps
 * Ghost's rules (keys, posts, pages) for the rest.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeGhost } from './fakeGhost';

export interface HostileRequest { method: string; path: string; query: URLSearchParams }

/** What the server does for a request a rule takes. */
export type Answer =
  /** A JSON body of about `bytes` bytes: `{"<key>":[{post},{post}…],"meta":…}`, generated as it is sent. */
  | { kind: 'huge'; bytes: number; key?: string; status?: number; declareLength?: boolean }
  /** A list page with these items and this pagination (anything may be given, hostile or not). */
  | { kind: 'page'; key?: string; items: unknown[]; pagination?: unknown }
  /** Headers, then `body` one byte every `everyMs` (forever when `body` is absent). */
  | { kind: 'trickle'; everyMs: number; body?: string; contentType?: string }
  | { kind: 'redirect'; status?: number; location: string }
  /** Any bytes, any status and content type. */
  | { kind: 'raw'; status?: number; contentType?: string; body: Buffer | string; headers?: Record<string, string> }
  /** `bytes` bytes of a PNG-looking stream (a real PNG signature, then filler), generated as sent. */
  | { kind: 'bigImage'; bytes: number; contentType?: string; declareLength?: boolean };

export interface Rule {
  match: (r: HostileRequest) => boolean;
  answer: (r: HostileRequest, n: number) => Answer;
  /** How many requests it takes (forever when absent). */
  times?: number;
}

export const PNG_1x1 = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d4944415478da63f8cfc0f01f0005000201' + 'a2f5c8d20000000049454e44ae426082', 'hex');

const hex24 = (n: number) => n.toString(16).padStart(24, '0');

/** A post as the list sends it, with `pad` characters of body. */
export function fakePost(n: number, pad = 0): Record<string, unknown> {
  const at = new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString();
  return {
    id: hex24(n + 1), uuid: `00000000-0000-4000-8000-${hex24(n).slice(-12)}`, title: `Hostile ${n}`, slug: `hostile-${n}`, status: 'draft',
    updated_at: at, created_at: at, published_at: null, html: `<p>${'x'.repeat(pad)}</p>`, url: `http://127.0.0.1/p/${n}/`,
  };
}

export class HostileGhost {
  readonly fake = new FakeGhost();
  readonly rules: Rule[] = [];
  /** Every request, hostile or passed on. */
  readonly seen: HostileRequest[] = [];
  private server: http.Server | undefined;
  private inner = '';
  url = '';

  async start(): Promise<this> {
    await this.fake.start();
    this.inner = this.fake.url;
    this.server = http.createServer((req, res) => { void this.handle(req, res).catch(() => res.destroy()); });
    await new Promise<void>((r) => this.server?.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    // The fake names itself (site URL, post URLs, uploads) by the address clients use.
    this.fake.url = this.url;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
    await this.fake.stop();
  }

  /** Takes the requests `match` picks (GET of `posts/` by default: the list). */
  on(match: Rule['match'] | RegExp, answer: Rule['answer'] | Answer, times?: number): this {
    const m = match instanceof RegExp ? (r: HostileRequest) => match.test(`${r.method} ${r.path}`) : match;
    this.rules.push({ match: m, answer: typeof answer === 'function' ? answer : () => answer, times });
    return this;
  }

  /** A list that never ends: page n names page n+1, each with `perPage` new posts, and says it holds `total`. */
  endless(resource: 'posts' | 'pages' | 'tags' = 'posts', perPage = 1, total: number | null = null): this {
    return this.on((r) => r.method === 'GET' && r.path.endsWith(`/${resource}/`), (r) => {
      const page = Number(r.query.get('page') ?? 1);
      const items = Array.from({ length: perPage }, (_, i) => (resource === 'tags' ? { id: hex24(page * perPage + i), name: `t${page}-${i}`, slug: `t${page}-${i}` } : fakePost(page * perPage + i)));
      return { kind: 'page', key: resource, items, pagination: { page, limit: perPage, pages: page + 1, total: total ?? (page + 1) * perPage, next: page + 1, prev: page > 1 ? page - 1 : null } };
    });
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const r: HostileRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams };
    this.seen.push(r);
    const i = this.rules.findIndex((x) => x.match(r));
    if (i < 0) { await this.pass(req, res); return; }
    const rule = this.rules[i] as Rule;
    if (rule.times !== undefined && --rule.times <= 0) { this.rules.splice(i, 1); }
    req.resume();
    await this.send(rule.answer(r, this.seen.length), res);
  }

  private async send(a: Answer, res: http.ServerResponse): Promise<void> {
    switch (a.kind) {
      case 'page': {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ [a.key ?? 'posts']: a.items, meta: { pagination: a.pagination } }));
        return;
      }
      case 'raw':
        res.writeHead(a.status ?? 200, { 'Content-Type': a.contentType ?? 'application/json', ...a.headers });
        res.end(a.body);
        return;
      case 'redirect':
        res.writeHead(a.status ?? 302, { Location: a.location });
        res.end();
        return;
      case 'trickle': {
        res.writeHead(200, { 'Content-Type': a.contentType ?? 'application/json' });
        res.flushHeaders();
        const body = a.body;
        for (let k = 0; body === undefined || k < body.length; k++) {
          await new Promise((ok) => setTimeout(ok, a.everyMs));
          if (res.destroyed || res.socket?.destroyed) { return; }
          res.write(body === undefined ? ' ' : body[k] as string);
        }
        res.end();
        return;
      }
      case 'huge': {
        const key = a.key ?? 'posts';
        const head = `{"${key}":[`;
        const tail = '],"meta":{"pagination":{"page":1,"limit":100,"pages":1,"total":1,"next":null,"prev":null}}}';
        const post = JSON.stringify(fakePost(0, 4000));
        const count = Math.max(1, Math.ceil((a.bytes - head.length - tail.length) / (post.length + 1)));
        const length = head.length + tail.length + count * post.length + (count - 1);
        res.writeHead(a.status ?? 200, { 'Content-Type': 'application/json', ...(a.declareLength ? { 'Content-Length': String(length) } : {}) });
        await this.stream(res, head, count, (k) => (k ? `,${post}` : post), tail);
        return;
      }
      case 'bigImage': {
        res.writeHead(200, { 'Content-Type': a.contentType ?? 'image/png', ...(a.declareLength ? { 'Content-Length': String(a.bytes) } : {}) });
        const block = Buffer.alloc(64 * 1024, 0x41);
        const head = PNG_1x1.subarray(0, 16);
        await this.stream(res, head, Math.ceil((a.bytes - head.length) / block.length), () => block, '');
        return;
      }
    }
  }

  /** Writes head, n parts and tail, waiting for the socket to drain: the server holds one part at a time. */
  private async stream(res: http.ServerResponse, head: string | Buffer, n: number, part: (k: number) => string | Buffer, tail: string): Promise<void> {
    res.write(head);
    for (let k = 0; k < n; k++) {
      if (res.destroyed) { return; }
      if (!res.write(part(k))) {
        await new Promise<void>((ok) => { const done = () => { res.off('drain', done); res.off('close', done); ok(); }; res.on('drain', done); res.on('close', done); });
      }
    }
    if (!res.destroyed) { res.end(tail); }
  }

  private async pass(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const target = new URL(req.url ?? '/', this.inner);
    await new Promise<void>((done) => {
      const out = http.request(target, { method: req.method, headers: { ...req.headers, host: target.host } }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
        up.on('end', done);
        up.on('error', () => { res.destroy(); done(); });
      });
      out.on('error', () => { res.destroy(); done(); });
      req.pipe(out);
    });
  }
}
