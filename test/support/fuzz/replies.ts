/**
 * Seeded generators of hostile server replies for the reply fuzz: lists and posts of random shape
 * (fields missing, null, of the wrong type, deeply nested, huge), pagination that lies, bodies that
 * are not JSON or not UTF-8 or claim a compression they lack, any status and content type. The
 * same seed gives the same replies, in the order the requests come.
 */
import { gzipSync } from 'node:zlib';
import { Gen } from './generate';

export interface Reply { status: number; headers: Record<string, string>; body: Buffer }

const HEX = '0123456789abcdef';
const STATUSES = ['draft', 'published', 'scheduled', 'sent', 'DRAFT', '', 'deleted'];
const FIELDS = ['id', 'uuid', 'title', 'slug', 'status', 'updated_at', 'published_at', 'created_at', 'url', 'html', 'lexical', 'mobiledoc',
  'custom_excerpt', 'excerpt', 'feature_image', 'og_image', 'twitter_image', 'tags', 'authors', 'tiers', 'visibility', 'featured', 'email',
  'newsletter', 'canonical_url', 'codeinjection_head', 'meta_title', 'feature_image_caption', '__proto__', 'constructor'];

export class ReplyGen extends Gen {
  constructor(seed: number, readonly site: string) { super(seed); }

  id(): string {
    if (this.chance(0.02)) { return this.pick(['', '../../etc/passwd', 'ID WITH SPACE', 'x'.repeat(200), 'C:\\x', '%2e%2e', '00']); }
    let s = '';
    for (let i = 0; i < 24; i++) { s += HEX[this.int(0, 15)]; }
    return s;
  }

  /** Something of any type where a field was expected. */
  anything(depth = 0): unknown {
    switch (this.int(0, depth > 3 ? 5 : 8)) {
      case 0: return null;
      case 1: return this.int(-1e9, 1e9) * (this.chance(0.2) ? 1e300 : 1);
      case 2: return this.chance(0.5);
      case 3: return this.text(30);
      case 4: return this.junk(40);
      case 5: return this.hostileString();
      case 6: return Array.from({ length: this.int(0, 3) }, () => this.anything(depth + 1));
      case 7: return Object.fromEntries(Array.from({ length: this.int(0, 3) }, () => [this.pick(FIELDS), this.anything(depth + 1)]));
      default: return this.nested(this.int(1, 2000));
    }
  }

  nested(depth: number): unknown {
    let v: unknown = this.chance(0.5) ? 'deep' : {};
    for (let i = 0; i < depth; i++) { v = this.chance(0.5) ? [v] : { a: v }; }
    return v;
  }

  hostileString(): string {
    return this.pick([
      '../../../outside', '..\\..\\outside', 'CON', 'nul.txt', 'a/b/c', '/etc/passwd', 'C:\\Windows\\x', '.git/config', '.ghost-author/state.json',
      `${this.site}content/images/../../x.png`, `${this.site}content/images/%2e%2e/%2e%2e/x.png`, `${this.site}content/images/..%5C..%5Cx.png`,
      'javascript:alert(1)', 'file:///etc/passwd', 'http://169.254.169.254/latest/meta-data/', '\u202Egnp.exe', 'a\u0000b', 'line\nbreak: yes',
      '---\nghost_id: x\n---', 'x'.repeat(this.int(200, 5000)), 'é'.repeat(this.int(50, 300)), '%E0%A4%A', '\uD800', '',
    ]);
  }

  /** A post, mostly well formed, with a few fields made hostile. */
  post(n: number): unknown {
    if (this.chance(0.01)) { return this.anything(); }
    const at = new Date(Date.UTC(2026, 0, 1) + (n % 1e6) * 1000).toISOString();
    const img = () => (this.chance(0.5) ? `${this.site}content/images/2026/01/${this.pick(['a.png', 'b.jpg', 'c.svg', '../x.png', '%2e%2e/y.png', 'd%ZZ.png'])}` : this.hostileString());
    const p: Record<string, unknown> = {
      id: this.id(), uuid: `u-${n}`, title: this.chance(0.8) ? `Post ${n} ${this.words(1, 4)}` : this.text(80), slug: this.chance(0.7) ? `post-${n}` : this.hostileString(),
      status: this.pick(STATUSES), updated_at: this.chance(0.97) ? at : this.text(20), created_at: at, published_at: this.chance(0.5) ? null : at,
      url: `${this.site}p/${n}/`, html: this.chance(0.7) ? `<p>${this.words(2, 20)}</p>${this.chance(0.3) ? `<img src="${img()}">` : ''}` : this.junk(300),
      lexical: this.chance(0.5) ? null : this.chance(0.5) ? this.lexical() : this.text(100),
      feature_image: this.chance(0.4) ? img() : null, tags: this.chance(0.7) ? [{ id: this.id(), name: this.words(1, 2), slug: 'tag' }] : [],
      authors: [{ id: this.id(), name: 'A', slug: 'a', email: this.chance(0.9) ? 'a@example.com' : this.hostileString() }],
      visibility: this.pick(['public', 'members', 'paid', 'tiers', 'x']), featured: this.chance(0.5),
    };
    for (let k = this.chance(0.12) ? this.int(1, 3) : 0; k > 0; k--) {
      const f = this.pick(FIELDS);
      if (this.chance(0.3)) { delete p[f]; } else { p[f] = this.anything(); }
    }
    return p;
  }

  lexical(): string {
    const para = (t: string) => ({ type: 'paragraph', version: 1, children: [{ type: 'text', text: t, format: 0, version: 1 }] });
    const children: unknown[] = Array.from({ length: this.int(0, 4) }, () => (this.chance(0.8) ? para(this.words(1, 10)) : this.anything()));
    if (this.chance(0.3)) { children.push({ type: 'image', version: 1, src: `${this.site}content/images/2026/01/l.png`, width: 1, height: 1 }); }
    return JSON.stringify({ root: { type: 'root', version: 1, children } });
  }

  pagination(page: number): unknown {
    if (this.chance(0.04)) { return this.anything(); }
    const pick = <T>(xs: readonly T[]) => this.pick(xs);
    return {
      page, limit: pick([100, 1, 0, -1, 'all', null]), pages: pick([1, 2, 1e9, null]), total: pick([0, 1, 5, 150, 1e12, -3, '5', null]),
      next: this.chance(0.8) ? null : pick([page + 1, page, page - 1, 0, '2', 2.5, 1e15, -1, {}]), prev: null,
    };
  }

  /** A whole reply for a request on `path` (a list when it ends in `posts/` or `pages/`). */
  reply(path: string, page: number): Reply {
    const type = /\/pages\/(?:slug\/[^/]*\/|[^/]+\/)?$/.test(path) ? 'pages' : 'posts';
    const isList = /\/(posts|pages)\/$/.test(path);
    let status = 200;
    if (this.chance(0.05)) { status = this.pick([201, 204, 301, 302, 400, 401, 403, 404, 409, 413, 422, 429, 500, 502, 503]); }
    const headers: Record<string, string> = { 'Content-Type': this.chance(0.95) ? 'application/json; charset=utf-8' : this.pick(['text/html', 'image/png', 'application/octet-stream', '', 'application/json; charset=utf-16']) };
    if (status === 301 || status === 302) { headers.Location = this.pick([`${this.site}ghost/api/admin/posts/`, 'http://169.254.169.254/', '//elsewhere.example/x', '']); }
    let json: unknown;
    switch (this.int(0, 24)) {
      case 0: json = this.anything(); break;
      case 1: json = { errors: this.chance(0.5) ? [{ message: this.text(40), type: this.text(10), context: this.anything() }] : this.anything() }; break;
      default: {
        const n = this.chance(0.05) ? this.int(50, 300) : this.int(0, 4);
        const items = Array.from({ length: n }, (_, i) => this.post(page * 1000 + i));
        json = { [this.chance(0.95) ? type : this.pick(['posts', 'pages', 'post', 'data'])]: this.chance(0.95) ? items : this.anything(), ...(isList || this.chance(0.3) ? { meta: this.chance(0.9) ? { pagination: this.pagination(page) } : this.anything() } : {}) };
      }
    }
    let text: string;
    try { text = JSON.stringify(json) ?? 'undefined'; } catch { text = '{"posts":[]}'; }
    let body: Buffer;
    switch (this.int(0, 45)) {
      case 0: body = Buffer.from(text.slice(0, this.int(0, text.length))); break;
      case 1: body = Buffer.from(`\uFEFF${text}`); break;
      case 2: body = Buffer.from(text, 'utf16le'); break;
      case 3: body = Buffer.from(this.junk(500), 'latin1'); break;
      case 4: body = Buffer.from(text, 'latin1'); break;
      case 5: { body = gzipSync(text); headers['Content-Encoding'] = 'gzip'; break; }
      case 6: { body = Buffer.from(text); headers['Content-Encoding'] = this.pick(['gzip', 'br', 'deflate']); break; }
      case 7: body = Buffer.from(` ${'x'.repeat(this.int(1, 3) * 1024 * 1024)}`); break;
      default: body = Buffer.from(text);
    }
    return { status, headers, body };
  }
}
