/**
 * A fake Ghost Admin API on 127.0.0.1 for the faults a real Ghost cannot produce on demand.
 * It enforces Ghost's real rules where the client depends on them: JWT verification (jwt.ts),
 * trailing-slash redirects, `updated_at` collisions, page caps, the error body's shape.
 */
import { createHash, randomBytes } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyGhostJwt } from './jwt';
import { htmlToLexical, lexicalToHtml } from './lexicalHtml';

export interface FakeKey { id: string; secret: string; type: 'admin' | 'content'; user?: { name: string; email: string; slug: string; role: string } }

export interface FakePost {
  id: string; uuid: string; title: string; slug: string; status: string;
  updated_at: string; published_at: string | null; created_at: string; html: string; [k: string]: unknown;
}

export interface Fault {
  /** Which requests it applies to; all when absent. */
  match?: (req: { method: string; path: string }) => boolean;
  /** How many matching requests it affects (default 1). */
  times?: number;
  status?: number;
  body?: string;
  headers?: Record<string, string>;
  /** Destroy the socket after sending headers and part of the body. */
  reset?: boolean;
  /** Wait before answering (or forever, with reset, for timeouts). */
  delayMs?: number;
  /** Send a valid status with the first N bytes of a JSON body. */
  truncateAt?: number;
  /** Process the request as Ghost would first, then fail the answer (the change has landed). */
  landed?: boolean;
}

export interface FakeUser { email: string; password: string; name: string; slug: string; role: string }

export interface RequestRecord { method: string; path: string; query: URLSearchParams; token?: string; body?: string; status?: number; bytes?: number }

const hex = (n: number) => randomBytes(n).toString('hex');

export function makeKey(type: 'admin' | 'content' = 'admin', user?: FakeKey['user']): FakeKey {
  return { id: hex(12), secret: type === 'admin' ? hex(32) : hex(13), type, user };
}

export function keyString(k: FakeKey): string {
  return `${k.id}:${k.secret}`;
}

/**
 * The part of Ghost's NQL the client sends: terms joined by `+`, each `status:x`, `status:[a,b]`,
 * `tag:slug`, `id:[a,b]`, `title:~'text'` or `title:'exact'`, or a date comparison `created_at:>='YYYY-MM-DD HH:MM:SS'`.
 * Anything else is refused as Ghost refuses a filter it cannot parse.
 */
export function matchesFilter(filter: string): (p: FakePost) => boolean {
  const terms = filter.match(/(?:[^+']|'(?:[^'\\]|\\.)*')+/g) ?? [];
  const tests = terms.map((t) => {
    let m = /^status:(?:\[([\w,]+)\]|(\w+))$/.exec(t);
    if (m) { const allowed = (m[1] ?? m[2] ?? '').split(','); return (p: FakePost) => allowed.includes(p.status); }
    m = /^tags?:([\w-]+)$/.exec(t);
    if (m) { const slug = m[1]; return (p: FakePost) => ((p.tags as Array<{ slug: string }> | undefined) ?? []).some((x) => x.slug === slug); }
    m = /^title:(~?)'((?:[^'\\]|\\.)*)'$/.exec(t);
    if (m) {
      const text = (m[2] ?? '').replace(/\\(.)/g, '$1');
      return m[1] ? (p: FakePost) => p.title.toLowerCase().includes(text.toLowerCase()) : (p: FakePost) => p.title === text;
    }
    m = /^id:\[([0-9a-f,]+)\]$/.exec(t);
    if (m) { const ids = (m[1] ?? '').split(','); return (p: FakePost) => ids.includes(p.id); }
    m = /^uuid:'([0-9a-f-]+)'$/.exec(t);
    if (m) { const uuid = m[1]; return (p: FakePost) => p.uuid === uuid; }
    m = /^(created_at|updated_at|published_at):(>=|<=|>|<)'(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)'$/.exec(t);
    if (m) {
      const [, field = '', op, at = ''] = m;
      const limit = Date.parse(`${at.replace(' ', 'T')}Z`);
      return (p: FakePost) => {
        const v = Date.parse(String(p[field] ?? ''));
        if (Number.isNaN(v)) { return false; }
        const w = Math.floor(v / 1000) * 1000;
        return op === '>=' ? w >= limit : op === '<=' ? w <= limit : op === '>' ? w > limit : w < limit;
      };
    }
    throw new FilterError(`Error parsing filter: ${t}`);
  });
  return (p) => tests.every((f) => f(p));
}

export class FilterError extends Error {}

/**
 * Ghost's slug rule (@tryghost/string's slugify, as the post model applies it to a given slug or
 * to the title): URL-reserved characters and spaces become dashes, quotes go, lower case, runs of
 * dashes become one, no dash at either end; accents are dropped (Ghost transliterates).
 */
export function ghostSlugify(s: string): string {
  return s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^\x20-\x7e]/g, '')
    .replace(/£/g, '-')
    .replace(/(\s|\.|@|:|\/|\?|#|\[|\]|!|\$|&|\(|\)|\*|\+|,|;|=|\\|%|<|>|\||\^|~|"|\{|\}|`|–|—)/g, '-')
    .replace(/'|‘|’|“|”/g, '').toLowerCase()
    .replace(/-+/g, '-').replace(/-$/, '').replace(/^-/, '').trim();
}

/** What a PUT may carry that is not a column the collision check compares. */
const NOT_COLUMNS = new Set(['html', 'updated_at', 'created_at', 'id', 'uuid', 'tags', 'authors', 'tiers', 'newsletter', 'email_segment', 'plaintext']);

export class FakeGhost {
  readonly keys = new Map<string, FakeKey>();
  readonly posts: FakePost[] = [];
  readonly pages: FakePost[] = [];
  readonly requests: RequestRecord[] = [];
  readonly faults: Fault[] = [];
  readonly users: FakeUser[] = [];
  /** The site's redirects, as the last upload gave them. */
  redirects: Array<{ from: string; to: string; permanent?: boolean }> = [];
  readonly sessions = new Map<string, { user: FakeUser; verified: boolean }>();
  /** Codes "emailed" for device verification, newest last. */
  readonly sentCodes: string[] = [];
  readonly uploads: Array<{ filename: string; type: string; bytes: number }> = [];
  /** The uploaded images' bytes, served at their addresses (`/content/images/…`) as Ghost serves them. */
  readonly images = new Map<string, { type: string; data: Buffer }>();
  deviceVerification = false;
  /** Answer only on this versioned path (`v4`), like Ghost 2–4. */
  legacyVersion: string | undefined;
  private failedLogins = 0;
  version = '6.65';
  /** The site's time zone setting. */
  timezone = 'Etc/UTC';
  /** The pages asked for through /oembed/, in order. */
  readonly oembedRequests: string[] = [];
  title = 'Fake Ghost';
  /** The site's newsletters, and how many members each reaches (every member subscribes to all). */
  readonly newsletters = [{ id: 'c'.repeat(24), name: 'Weekly', slug: 'weekly', status: 'active', visibility: 'members' }, { id: 'd'.repeat(24), name: 'Old', slug: 'old', status: 'archived', visibility: 'members' }];
  members = 3;
  /**
   * Ghost's normalisations of what it is sent (on by default): slugs made unique and slugified,
   * tags merged case-insensitively and matched to the site's tags by name, site-relative URLs
   * stored absolute, a published post dated when it is published, a schedule at least two minutes
   * ahead, and mobiledoc dropped once a post gets Lexical.
   */
  normalise = true;
  /** The site's tags (Ghost's tags table): a tag given by name is matched here, case aside. */
  readonly tags: Array<{ id: string; name: string; slug: string }> = [];
  /** Every request that could send email: a newsletter or segment in its query or its post. */
  readonly emailRequests: RequestRecord[] = [];
  /** Added to every answer, so that requests overlap as they would over a slow network. */
  latencyMs = 0;
  /** The most requests seen at once on each path (e.g. one post's): concurrency tests read it. */
  readonly maxInFlight = new Map<string, number>();
  private readonly inFlight = new Map<string, number>();
  /** Server clock in ms; tests move it to exercise token expiry. */
  now: () => number = Date.now;
  private server: http.Server | undefined;
  url = '';

  constructor() {
    const admin = makeKey('admin');
    this.keys.set(admin.id, admin);
  }

  get adminKey(): FakeKey {
    return [...this.keys.values()].find((k) => k.type === 'admin' && !k.user) as FakeKey;
  }

  addKey(k: FakeKey): FakeKey {
    this.keys.set(k.id, k);
    return k;
  }

  seed(type: 'posts' | 'pages', n: number, status: (i: number) => string = () => 'draft'): FakePost[] {
    const list = type === 'posts' ? this.posts : this.pages;
    const base = Date.parse('2026-01-01T00:00:00.000Z');
    for (let i = 0; i < n; i++) {
      const st = status(i);
      const at = new Date(base + i * 60_000).toISOString();
      list.push({
        id: hex(12), uuid: hex(16), title: `${type === 'posts' ? 'Post' : 'Page'} ${i + 1}`, slug: `${type}-${i + 1}`,
        status: st, updated_at: at, created_at: at, published_at: st === 'draft' ? null : at,
        html: `<p>Body of ${type} ${i + 1}. ${'Lorem ipsum dolor sit amet. '.repeat(20)}</p>`,
        lexical: htmlToLexical(`<p>Body of ${type} ${i + 1}. ${'Lorem ipsum dolor sit amet. '.repeat(20)}</p>`),
        feature_image: null, custom_excerpt: null, visibility: 'public', featured: false,
        url: `${this.url || 'http://fake'}/${type}-${i + 1}/`,
      });
    }
    return list.slice(-n);
  }

  /** Listens on 127.0.0.1, or on another address of this machine (a host that is not loopback). */
  async start(): Promise<this> {
    const host = '127.0.0.1';
    this.server = http.createServer((req, res) => { void this.handle(req, res); });
    await new Promise<void>((r) => this.server?.listen(0, host, r));
    this.url = `http://${host.includes(':') ? `[${host}]` : host}:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  /** Tokens seen, in order (distinct count = tokens the client signed and used). */
  get tokensSeen(): Set<string> {
    return new Set(this.requests.map((r) => r.token).filter((t): t is string => !!t));
  }

  private takeFault(method: string, path: string): Fault | undefined {
    const i = this.faults.findIndex((f) => !f.match || f.match({ method, path }));
    if (i < 0) { return undefined; }
    const f = this.faults[i] as Fault;
    f.times = (f.times ?? 1) - 1;
    if (f.times <= 0) { this.faults.splice(i, 1); }
    return f;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const method = req.method ?? 'GET';
    const chunks: Buffer[] = [];
    for await (const c of req) { chunks.push(c as Buffer); }
    const raw = Buffer.concat(chunks);
    const body = raw.toString('utf8');
    const token = /^ghost\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const record: RequestRecord = { method, path: url.pathname, query: url.searchParams, token, body };
    this.requests.push(record);
    if (url.searchParams.has('newsletter') || url.searchParams.has('email_segment') || /"(newsletter|newsletter_id|email_segment)"\s*:/.test(body)) { this.emailRequests.push(record); }
    let bytes = 0;
    const write = res.write.bind(res);
    const end = res.end.bind(res);
    res.write = ((chunk: unknown, ...rest: never[]) => { if (chunk) { bytes += Buffer.byteLength(chunk as string); } return write(chunk as string, ...rest); }) as typeof res.write;
    res.end = ((chunk?: unknown, ...rest: never[]) => { if (chunk && typeof chunk !== 'function') { bytes += Buffer.byteLength(chunk as string); } return end(chunk as string, ...rest); }) as typeof res.end;
    res.on('finish', () => { record.status = res.statusCode; record.bytes = bytes; });
    const now = (this.inFlight.get(url.pathname) ?? 0) + 1;
    this.inFlight.set(url.pathname, now);
    this.maxInFlight.set(url.pathname, Math.max(now, this.maxInFlight.get(url.pathname) ?? 0));
    res.on('close', () => { this.inFlight.set(url.pathname, (this.inFlight.get(url.pathname) ?? 1) - 1); });
    if (this.latencyMs) { await new Promise((r) => setTimeout(r, this.latencyMs)); }
    res.setHeader('Date', new Date(this.now()).toUTCString());
    res.setHeader('Content-Version', `v${this.version}`);

    const fault = this.takeFault(method, url.pathname);
    if (fault) {
      if (fault.landed && fault.truncateAt === undefined) { await this.answer(method, url, req, body); }
      if (fault.delayMs) { await new Promise((r) => setTimeout(r, fault.delayMs)); }
      if (fault.reset) {
        res.writeHead(fault.status ?? 200, { 'Content-Type': 'application/json' });
        res.write(fault.body?.slice(0, 10) ?? '{"posts":[');
        res.socket?.destroy();
        return;
      }
      if (fault.truncateAt !== undefined) {
        // Fall through to the real answer, cut short.
        const real = await this.answer(method, url, req, body);
        const text = JSON.stringify(real.json);
        res.writeHead(real.status, { 'Content-Type': 'application/json' });
        res.end(text.slice(0, fault.truncateAt));
        return;
      }
      res.writeHead(fault.status ?? 500, { 'Content-Type': 'application/json', ...fault.headers });
      res.end(fault.body ?? JSON.stringify({ errors: [{ message: 'Injected fault', type: 'InternalServerError' }] }));
      return;
    }
    if (method === 'GET' && url.pathname.startsWith('/content/images/')) {
      const img = this.images.get(url.pathname);
      res.writeHead(img ? 200 : 404, { 'Content-Type': img?.type ?? 'text/plain' });
      res.end(img?.data ?? 'Not found');
      return;
    }
    const out: { status: number; json?: unknown; location?: string; text?: string; cookie?: string } = await this.answer(method, url, req, body, raw);
    if (out.cookie) { res.setHeader('Set-Cookie', out.cookie); }
    if (out.text !== undefined) {
      res.writeHead(out.status, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(out.text);
      return;
    }
    if (out.location) {
      res.writeHead(out.status, { Location: out.location });
      res.end();
      return;
    }
    if (out.status === 204) {
      res.writeHead(204);
      res.end();
      return;
    }
    res.writeHead(out.status, { 'Content-Type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(out.json));
  }

  private err(status: number, type: string, message: string, extra: Record<string, unknown> = {}) {
    return { status, json: { errors: [{ message, context: null, type, details: null, property: null, help: null, code: null, id: hex(8), ghostErrorCode: null, ...extra }] } };
  }

  private async answer(method: string, url: URL, req: http.IncomingMessage, body: string, raw?: Buffer): Promise<{ status: number; json?: unknown; location?: string; text?: string; cookie?: string }> {
    const prefix = /^\/ghost\/api\/(?:(?:v\d+|canary)\/)?admin\//.exec(url.pathname)?.[0];
    if (!prefix) { return this.err(404, 'NotFoundError', 'Resource not found'); }
    if (this.legacyVersion && prefix !== `/ghost/api/${this.legacyVersion}/admin/`) { return this.err(404, 'NotFoundError', 'Resource not found'); }
    const rest = url.pathname.slice(prefix.length);
    if (rest === 'site/' || rest === 'site') {
      if (!url.pathname.endsWith('/')) { return { status: 301, location: `${url.pathname}/${url.search}` }; }
      return { status: 200, json: { site: { title: this.title, description: 'A fake', url: `${this.url}/`, version: this.version, icon: null } } };
    }
    if (rest.startsWith('session')) {
      return this.session(method, rest, req, body);
    }
    let key: FakeKey;
    if (req.headers.authorization) {
      const auth = verifyGhostJwt(req.headers.authorization, url.pathname, this.keys, Math.floor(this.now() / 1000));
      if (!auth.ok) {
        return this.err(auth.error.status, auth.error.type, auth.error.message, { code: auth.error.code });
      }
      key = this.keys.get(auth.keyId) as FakeKey;
    } else {
      const session = this.sessions.get(this.sid(req) ?? '');
      if (!session?.verified) {
        return this.err(403, 'NoPermissionError', 'Authorization failed', { context: 'Unable to determine the authenticated user or integration. Check that cookies are being passed through if using session authentication.' });
      }
      key = { id: session.user.slug, secret: '', type: 'admin', user: session.user };
    }
    if (!url.pathname.endsWith('/')) {
      if (['GET', 'HEAD', 'OPTIONS'].includes(method)) {
        return { status: 301, location: `${url.pathname}/${url.search}` };
      }
      return this.err(404, 'NotFoundError', 'Resource not found');
    }
    const parts = rest.split('/').filter(Boolean);
    const [resource, id, extra] = parts;
    if (resource === 'users' && id === 'me') {
      if (!key.user) { return this.err(403, 'NoPermissionError', 'You do not have permission to browse users'); }
      return { status: 200, json: { users: [{ id: key.id, name: key.user.name, email: key.user.email, slug: key.user.slug, roles: [{ name: key.user.role }] }] } };
    }
    if (resource === 'redirects') {
      // As Ghost: an integration's token may neither read nor replace the redirects; a staff user's may.
      if (!key.user) { return this.err(403, 'NoPermissionError', 'API tokens do not have permission to access this endpoint'); }
      if (id === 'download' && method === 'GET') {
        const lines = (code: string) => { const list = this.redirects.filter((r) => (r.permanent ? '301' : '302') === code); return list.length ? `${code}:\n${list.map((r) => `  ${r.from}: ${r.to}`).join('\n')}\n` : `${code}: {}\n`; };
        return { status: 200, text: `# See https://docs.ghost.org/themes/routing/#redirects\n${lines('301')}${lines('302')}` };
      }
      if (id === 'upload' && method === 'POST') {
        const json = /\r\n\r\n(\[[\s\S]*\])\r\n--/.exec(body)?.[1];
        if (!json) { return this.err(422, 'ValidationError', 'Please select a valid JSON or YAML file to import.'); }
        this.redirects = JSON.parse(json) as FakeGhost['redirects'];
        return { status: 200, json: {} };
      }
    }
    if (resource === 'users' && !id && method === 'GET') {
      // Staff users, as Ghost lists them to an integration: an email filter (`email:['a','b']`) honoured.
      const emails = /^email:\[(.*)\]$/.exec(url.searchParams.get('filter') ?? '')?.[1]?.split(',').map((e) => e.trim().replace(/^'|'$/g, '').toLowerCase());
      const users = this.users.filter((u) => !emails || emails.includes(u.email.toLowerCase()));
      return { status: 200, json: { users: users.map((u) => ({ id: createHash('sha1').update(u.email).digest('hex').slice(0, 24), name: u.name, slug: u.slug, email: u.email })) } };
    }
    if (resource === 'newsletters' && !id && method === 'GET') {
      const slug = /^slug:'([^']*)'$/.exec(url.searchParams.get('filter') ?? '')?.[1];
      return { status: 200, json: { newsletters: this.newsletters.filter((n) => slug === undefined ? n.status === 'active' : n.slug === slug) } };
    }
    if (resource === 'members' && !id && method === 'GET') {
      // As Ghost: an unknown filter key is a 400; here every member is subscribed and unlabelled.
      const filter = url.searchParams.get('filter') ?? '';
      if (/(^|[+(])(foo|bogus):/.test(filter)) { return this.err(400, 'BadRequestError', 'Request not understood error, cannot list members.'); }
      const n = /label:/.test(filter) ? 0 : this.members;
      return { status: 200, json: { members: [], meta: { pagination: { page: 1, limit: 1, pages: n, total: n, next: null, prev: null } } } };
    }
    if (resource === 'tiers' && !id && method === 'GET') {
      return { status: 200, json: { tiers: [{ id: 'a'.repeat(24), name: 'Free', slug: 'free', type: 'free', active: true }, { id: 'b'.repeat(24), name: 'Gold', slug: 'gold', type: 'paid', active: true }] } };
    }
    if (resource === 'images' && id === 'upload' && method === 'POST') {
      return this.upload(body, raw);
    }
    if (resource === 'oembed' && !id && method === 'GET') {
      // Ghost fetches the page itself; here, pages on bookmark.test exist and nothing else does.
      const target = url.searchParams.get('url') ?? '';
      this.oembedRequests.push(target);
      if (!url.searchParams.get('type') && /^https:\/\/www\.youtube\.com\/watch\?v=/.test(target)) {
        // As Ghost passes on YouTube's oEmbed answer.
        return { status: 200, json: { version: '1.0', type: 'video', title: 'A video', author_name: 'A channel', provider_name: 'YouTube', thumbnail_url: 'https://i.ytimg.com/vi/x/hqdefault.jpg', width: 200, height: 113, html: `<iframe width="200" height="113" src="https://www.youtube.com/embed/${new URL(target).searchParams.get('v') ?? ''}?feature=oembed" frameborder="0" allowfullscreen title="A video"></iframe>` } };
      }
      if (url.searchParams.get('type') === 'bookmark' && /^https?:\/\/bookmark\.test\//.test(target)) {
        return { status: 200, json: { type: 'bookmark', url: target, metadata: { url: target, title: `Title of ${target}`, description: 'A page.', author: 'An author', publisher: 'Bookmark Test', thumbnail: 'https://bookmark.test/thumb.png', icon: 'https://bookmark.test/icon.png' } } };
      }
      return this.err(422, 'ValidationError', 'Request failed', { context: `Unable to fetch requested embed: ${target}` });
    }
    if (resource === 'settings' && !id && method === 'GET') {
      return { status: 200, json: { settings: [{ key: 'title', value: this.title }, { key: 'timezone', value: this.timezone }] } };
    }
    if (resource !== 'posts' && resource !== 'pages') {
      return this.err(404, 'NotFoundError', 'Resource not found');
    }
    const list = resource === 'posts' ? this.posts : this.pages;
    if (method === 'GET' && !id) {
      try {
        return { status: 200, json: this.browse(resource, list, url.searchParams) };
      } catch (e) {
        if (e instanceof FilterError) { return this.err(400, 'BadRequestError', e.message); }
        throw e;
      }
    }
    if (method === 'GET' && id === 'slug' && extra) {
      const p = list.find((x) => x.slug === extra);
      return p ? { status: 200, json: { [resource]: [this.pick(p, url.searchParams)] } } : this.err(404, 'NotFoundError', `${resource === 'posts' ? 'Post' : 'Page'} not found.`);
    }
    const found = list.find((x) => x.id === id);
    if (method === 'GET') {
      return found ? { status: 200, json: { [resource]: [this.pick(found, url.searchParams)] } } : this.err(404, 'NotFoundError', `${resource === 'posts' ? 'Post' : 'Page'} not found.`);
    }
    const input = (() => { try { return (JSON.parse(body) as Record<string, Array<Partial<FakePost>>>)[resource]?.[0]; } catch { return undefined; } })();
    if (input) {
      // As Ghost: HTML is converted only with ?source=html (here kept whole as one HTML card) and
      // ignored otherwise; the HTML served is always rendered from the Lexical document.
      if (typeof input.html === 'string' && url.searchParams.get('source') === 'html') { input.lexical = htmlToLexical(input.html); }
      delete input.html;
      if (typeof input.lexical === 'string') { input.html = lexicalToHtml(input.lexical); }
      if (this.normalise) { this.normaliseInput(input, list, found); }
    }
    if (method === 'POST' && !id) {
      // Ghost's rule: a Contributor or Author may only add a post naming themselves as author,
      // and a Contributor only as a draft.
      const role = key.user?.role;
      if ((role === 'Contributor' || role === 'Author')
        && ((input?.authors as Array<{ id?: string }> | undefined)?.[0]?.id !== key.id || (role === 'Contributor' && input?.status && input.status !== 'draft'))) {
        return this.err(403, 'NoPermissionError', 'Permission error, cannot save post.', { context: 'You do not have permission to add posts' });
      }
      if (!input?.title) { return this.err(422, 'ValidationError', 'Validation error, cannot save post.', { context: 'Value in [posts.title] cannot be blank.' }); }
      const dateError = this.normalise ? this.dateRule(input, undefined) : undefined;
      if (dateError) { return dateError; }
      const at = this.stamp();
      const p: FakePost = {
        html: '', published_at: null, ...input, status: input.status ?? 'draft', id: hex(12), uuid: typeof input.uuid === 'string' ? input.uuid : hex(16),
        slug: String(input.slug ?? input.title).toLowerCase().replace(/\W+/g, '-'), created_at: at, updated_at: at, title: input.title,
      };
      list.push(p);
      return { status: 201, json: { [resource]: [this.pick(p, url.searchParams)] } };
    }
    if (method === 'PUT' && found && input) {
      if (!input.updated_at) { return this.err(422, 'ValidationError', 'Validation error, cannot edit post.', { context: 'Value in [posts.updated_at] cannot be blank.' }); }
      // Ghost's collision rule (bookshelf-collision): a stale updated_at is refused only when a
      // column of the post would change; html is derived, relations (tags, authors) are not columns.
      const changedFields = Object.entries(input).filter(([k, v]) => {
        if (NOT_COLUMNS.has(k)) { return false; }
        return JSON.stringify(v ?? null) !== JSON.stringify(found[k] ?? null);
      }).map(([k]) => (k === 'html' ? 'lexical' : k));
      if (changedFields.length && Date.parse(String(input.updated_at)) !== Date.parse(found.updated_at)) {
        return this.err(409, 'UpdateCollisionError', 'Saving failed! Someone else is editing this post.', { code: 'UPDATE_COLLISION', details: { changedFields, clientUpdatedAt: input.updated_at, serverUpdatedAt: found.updated_at } });
      }
      const dateError = this.normalise ? this.dateRule(input, found) : undefined;
      if (dateError) { return dateError; }
      // Ghost 6 leaves updated_at alone when no column changed (tags or authors alone); Ghost 5 moves it.
      const bump = changedFields.length > 0 || this.version.startsWith('5');
      // Ghost's updated_at has one-second resolution: an edit within the same second as the last
      // one leaves it as it was.
      Object.assign(found, input, { updated_at: bump ? this.stamp() : found.updated_at });
      return { status: 200, json: { [resource]: [this.pick(found, url.searchParams)] } };
    }
    if (method === 'DELETE' && found) {
      list.splice(list.indexOf(found), 1);
      return { status: 204 };
    }
    return this.err(404, 'NotFoundError', 'Resource not found');
  }

  /**
   * As Ghost's post model saves what it is sent: the slug slugified and made unique (`-2`, `-3`…),
   * tags merged case-insensitively (the first spelling kept) and matched to the site's tags by
   * name, site-relative links and images stored as absolute URLs, mobiledoc dropped once Lexical is set.
   */
  private normaliseInput(input: Partial<FakePost>, list: FakePost[], found: FakePost | undefined): void {
    const site = this.url;
    if (typeof input.lexical === 'string') {
      input.lexical = input.lexical.replace(/"(url|src|href)":"\/(?!\/)/g, `"$1":"${site}/`);
      input.html = lexicalToHtml(input.lexical);
      input.mobiledoc = null;
    }
    for (const k of ['feature_image', 'og_image', 'twitter_image', 'canonical_url']) {
      const v = input[k];
      if (typeof v === 'string' && /^\/(?!\/)/.test(v)) { input[k] = `${site}${v}`; }
    }
    if (input.slug !== undefined || !found) {
      const wanted = ghostSlugify(String(input.slug || input.title || '')) || 'untitled';
      if (found && wanted === found.slug) {
        input.slug = wanted;
      } else {
        let slug = wanted;
        for (let n = 2; list.some((x) => x !== found && x.slug === slug); n++) { slug = `${wanted}-${n}`; }
        input.slug = slug;
      }
    }
    if (Array.isArray(input.tags)) {
      const seen = new Set<string>();
      const out: Array<{ id: string; name: string; slug: string }> = [];
      for (const t of input.tags as Array<{ name?: string; slug?: string; id?: string }>) {
        const name = String(t.name ?? t.slug ?? '').trim();
        if (!name || seen.has(name.toLowerCase())) { continue; }
        seen.add(name.toLowerCase());
        let tag = this.tags.find((x) => x.name.toLowerCase() === name.toLowerCase() || (t.id !== undefined && x.id === t.id));
        if (!tag) {
          const base = ghostSlugify(name) || 'tag';
          let slug = base;
          for (let n = 2; this.tags.some((x) => x.slug === slug); n++) { slug = `${base}-${n}`; }
          tag = { id: hex(12), name, slug };
          this.tags.push(tag);
        }
        out.push({ ...tag });
      }
      input.tags = out;
    }
  }

  /** Ghost dates a post when it is published, and schedules only at least two minutes ahead. */
  private dateRule(input: Partial<FakePost>, found: FakePost | undefined): { status: number; json: unknown } | undefined {
    const status = input.status ?? found?.status ?? 'draft';
    const at = input.published_at !== undefined ? input.published_at : found?.published_at ?? null;
    if (status === 'scheduled') {
      if (!at) { return this.err(422, 'ValidationError', 'Validation error, cannot save post.', { context: 'Value in [posts.published_at] cannot be blank.' }); }
      if (Date.parse(at) < this.now() + 2 * 60_000 && (input.status === 'scheduled' || input.published_at !== undefined)) {
        return this.err(422, 'ValidationError', 'Validation error, cannot save post.', { context: 'Date must be at least 2 minutes in the future.' });
      }
    }
    if (input.published_at) { input.published_at = new Date(Date.parse(input.published_at)).toISOString(); }
    if ((status === 'published' || status === 'sent') && !at) { input.published_at = this.stamp(); }
    return undefined;
  }

  /** An edit made in Ghost's editor: the fields changed, the body written as Lexical, the clock moved. */
  editInGhost(post: FakePost, change: { html?: string; title?: string; tags?: Array<{ name: string }> }): void {
    if (change.html !== undefined) {
      post.lexical = htmlToLexical(change.html);
      post.html = lexicalToHtml(post.lexical);
    }
    if (change.title !== undefined) { post.title = change.title; }
    if (change.tags !== undefined) { post.tags = change.tags; }
    post.updated_at = this.stamp();
  }

  /** Ghost's clock as it stores it: whole seconds. */
  stamp(): string {
    return new Date(Math.floor(this.now() / 1000) * 1000).toISOString();
  }

  private sid(req: http.IncomingMessage): string | undefined {
    return /ghost-admin-api-session=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
  }

  /** Ghost's session routes: sign-in (brute-force limited), device verification, sign-out. */
  private session(method: string, rest: string, req: http.IncomingMessage, body: string): { status: number; json?: unknown; text?: string; cookie?: string } {
    const sid = this.sid(req);
    if (rest === 'session/' && method === 'POST') {
      if (this.failedLogins >= 5) {
        return this.err(429, 'TooManyRequestsError', 'Too many login attempts.');
      }
      const { username, password } = JSON.parse(body || '{}') as { username?: string; password?: string };
      const user = this.users.find((u) => u.email === username);
      if (!user) { this.failedLogins++; return this.err(404, 'NotFoundError', 'There is no user with that email address.'); }
      if (user.password !== password) { this.failedLogins++; return this.err(422, 'ValidationError', 'Your password is incorrect.', { code: 'PASSWORD_INCORRECT' }); }
      const id = hex(16);
      this.sessions.set(id, { user, verified: !this.deviceVerification });
      const cookie = `ghost-admin-api-session=${id}; Path=/ghost; Expires=${new Date(Date.now() + 180 * 864e5).toUTCString()}; HttpOnly; SameSite=Lax`;
      if (this.deviceVerification) {
        this.sentCodes.push(String(Math.floor(100000 + Math.random() * 900000)));
        return { ...this.err(403, 'Needs2FAError', 'User must verify session to login.', { code: '2FA_NEW_DEVICE_DETECTED' }), cookie };
      }
      return { status: 201, text: 'Created', cookie };
    }
    const session = this.sessions.get(sid ?? '');
    if (rest === 'session/verify/' && method === 'PUT') {
      const { token } = JSON.parse(body || '{}') as { token?: string };
      if (!session || token !== this.sentCodes.at(-1)) { return { status: 401, text: 'Unauthorized' }; }
      session.verified = true;
      return { status: 200, text: 'OK' };
    }
    if (rest === 'session/verify/' && method === 'POST') {
      if (!session) { return { status: 401, text: 'Unauthorized' }; }
      this.sentCodes.push(String(Math.floor(100000 + Math.random() * 900000)));
      return { status: 200, text: 'OK' };
    }
    if (rest === 'session/' && method === 'DELETE') {
      this.sessions.delete(sid ?? '');
      return { status: 204, cookie: 'ghost-admin-api-session=; Path=/ghost; Expires=Thu, 01 Jan 1970 00:00:00 GMT' };
    }
    return this.err(404, 'NotFoundError', 'Resource not found');
  }

  /** Multipart upload: Ghost checks the file's extension and its part's MIME type. */
  private upload(body: string, raw?: Buffer): { status: number; json?: unknown } {
    const m = /name="file"; filename="([^"]*)"\r\nContent-Type: ([^\r]+)\r\n\r\n/.exec(body);
    if (!m) { return this.err(422, 'ValidationError', 'Please select an image.'); }
    const [, filename = '', type = ''] = m;
    const ext = filename.toLowerCase().split('.').pop() ?? '';
    const types: Record<string, string[]> = { jpg: ['image/jpeg'], jpeg: ['image/jpeg'], png: ['image/png'], gif: ['image/gif'], webp: ['image/webp'], svg: ['image/svg+xml'], svgz: ['image/svg+xml'], ico: ['image/x-icon', 'image/vnd.microsoft.icon'] };
    if (!types[ext]?.includes(type)) {
      return this.err(415, 'UnsupportedMediaTypeError', 'Please select a valid image.');
    }
    const start = (m.index ?? 0) + m[0].length;
    const bytes = body.indexOf('\r\n--', start) - start;
    this.uploads.push({ filename, type, bytes });
    const ref = /name="ref"\r\n\r\n([^\r]*)/.exec(body)?.[1] ?? null;
    const at = `/content/images/2026/11/${encodeURIComponent(filename)}`;
    if (raw) {
      // The part's bytes, found in the body read byte for byte.
      const bin = raw.toString('latin1');
      const from = (/name="file"; filename="[^"]*"\r\nContent-Type: [^\r]+\r\n\r\n/.exec(bin)?.index ?? 0) + Buffer.byteLength(m[0], 'latin1');
      this.images.set(at, { type, data: raw.subarray(from, bin.indexOf('\r\n--', from)) });
    }
    return { status: 201, json: { images: [{ url: `${this.url}${at}`, ref }] } };
  }

  private pick(stored: FakePost, q: URLSearchParams): Record<string, unknown> {
    // As Ghost: a published post is at its slug, any other at its preview address.
    const p: FakePost = { ...stored, url: stored.status === 'published' || stored.status === 'sent' ? `${this.url}/${stored.slug}/` : `${this.url}/p/${stored.uuid}/` };
    const fields = q.get('fields')?.split(',').filter(Boolean);
    if (!fields) {
      // As Ghost: the body comes in the formats asked for (mobiledoc and Lexical by default), only those.
      const formats = (q.get('formats') ?? 'mobiledoc,lexical').split(',');
      const out: Record<string, unknown> = { ...p };
      for (const f of ['html', 'mobiledoc', 'lexical', 'plaintext']) {
        if (!formats.includes(f) && (f === 'html' || this.normalise)) { delete out[f]; }
      }
      return out;
    }
    // Like Ghost, relations asked for with include come along whatever `fields` says.
    const include = (q.get('include') ?? '').split(',').filter((r) => r === 'tags' || r === 'authors');
    return Object.fromEntries([...fields.filter((f) => f in p).map((f) => [f, p[f]]), ...include.map((r) => [r, p[r] ?? []])]);
  }

  private browse(resource: string, list: FakePost[], q: URLSearchParams): unknown {
    const limitRaw = q.get('limit') ?? '15';
    const limit = limitRaw === 'all' ? 100 : Math.min(100, Math.max(1, Number(limitRaw) || 15));
    const page = Math.max(1, Number(q.get('page') ?? '1') || 1);
    const filter = q.get('filter');
    let items = filter ? list.filter(matchesFilter(filter)) : list;
    const order = /^(\w+)(?: (asc|desc))?$/i.exec(q.get('order') ?? '');
    if (order) {
      const [, field = '', dir = 'asc'] = order;
      const sign = dir.toLowerCase() === 'desc' ? -1 : 1;
      items = [...items].sort((a, b) => sign * String(a[field] ?? '').localeCompare(String(b[field] ?? '')));
    }
    const total = items.length;
    const pages = Math.max(1, Math.ceil(total / limit));
    const slice = items.slice((page - 1) * limit, page * limit).map((p) => this.pick(p, q));
    return {
      [resource]: slice,
      meta: { pagination: { page, limit, pages, total, next: page < pages ? page + 1 : null, prev: page > 1 ? page - 1 : null } },
    };
  }
}
