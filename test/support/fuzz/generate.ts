/**
 * Seeded generators of hostile input: front matter, keys, site URLs, Markdown and the HTML a
 * pull converts. The same seed gives the same inputs, so any failure can be replayed.
 */

/** mulberry32: small, fast, and good enough to spread inputs. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Gen {
  readonly next: () => number;
  constructor(seed: number) { this.next = rng(seed); }
  int(lo: number, hi: number): number { return lo + Math.floor(this.next() * (hi - lo + 1)); }
  chance(p: number): boolean { return this.next() < p; }
  pick<T>(xs: readonly T[]): T { return xs[Math.floor(this.next() * xs.length)] as T; }
  /** Mostly small, now and then huge. */
  size(small: number, huge: number): number { return this.chance(0.03) ? this.int(small, huge) : this.int(0, small); }

  char(): string {
    switch (this.int(0, 7)) {
      case 0: return String.fromCharCode(this.int(0, 31));
      case 1: return this.pick(['\u0000', '\uFEFF', '\u200B', '\u202E', '\uD800', '\uDFFF', '\uFFFF', '\u2028']);
      case 2: return String.fromCodePoint(this.int(0x80, 0x10ffff));
      case 3: return this.pick([':', '-', '#', '>', '|', '*', '&', '!', '%', '@', '`', '"', "'", '[', ']', '{', '}', ',', '?', '\\', '~', '^', '=', '<', '/']);
      default: return String.fromCharCode(this.int(32, 126));
    }
  }

  text(max = 40): string {
    let s = '';
    for (let i = this.size(max, Math.min(max * 20, 1_000_000)); i > 0; i--) { s += this.char(); }
    return s;
  }

  /** A word a reader would see: a few lower-case letters, unlikely to occur by chance. */
  word(): string {
    let w = '';
    for (let i = this.int(4, 8); i > 0; i--) { w += String.fromCharCode(this.int(97, 122)); }
    return w;
  }

  words(lo: number, hi: number): string {
    return Array.from({ length: this.int(lo, hi) }, () => this.word()).join(' ');
  }

  /** Random bytes read as UTF-8, invalid sequences and all. */
  junk(max = 200): string {
    const n = this.size(max, max * 100);
    const b = Buffer.alloc(n);
    for (let i = 0; i < n; i++) { b[i] = this.int(0, 255); }
    return b.toString(this.chance(0.5) ? 'utf8' : 'latin1');
  }

  /** A few random edits: characters inserted, deleted or swapped. */
  mutate(s: string, edits = this.int(1, 4)): string {
    let out = s;
    for (let i = 0; i < edits; i++) {
      const at = this.int(0, out.length);
      switch (this.int(0, 2)) {
        case 0: out = out.slice(0, at) + this.char() + out.slice(at); break;
        case 1: out = out.slice(0, at) + out.slice(at + this.int(1, 5)); break;
        default: out = out.slice(0, at) + out.slice(at, at + 10).split('').reverse().join('') + out.slice(at + 10);
      }
    }
    return out;
  }
}

const FIELDS = ['title', 'slug', 'status', 'published_at', 'tags', 'authors', 'custom_excerpt', 'excerpt', 'feature_image',
  'feature_image_alt', 'feature_image_caption', 'featured', 'visibility', 'canonical_url', 'meta_title', 'meta_description',
  'og_image', 'og_title', 'og_description', 'twitter_image', 'twitter_title', 'twitter_description', 'codeinjection_head',
  'codeinjection_foot', 'type', 'render', 'ghost_id', 'ghost_site', 'email_subject', 'newsletter', 'unknown_key', '__proto__',
  'constructor', 'toString', '', ' ', 'Title', 'TAGS', 'tags ', 'a'.repeat(300)];

const DATES = ['2026-11-23', '2026-11-23T10:00:00Z', '2026-11-23T10:00:00.123+05:30', '2026-11-23 10:00', '2026-11-23t10:00:00z',
  '23/11/2026', '11/23/2026', 'tomorrow', 'now', '2026-13-45', '2026-02-30', '0000-00-00', '+275760-09-13T00:00:00Z',
  '-000001-01-01T00:00:00Z', 'Mon, 23 Nov 2026 10:00:00 GMT', '1700000000', '1700000000000', '2026-W48-1', '2026-327',
  'P1D', '', '  2026-11-23  ', '2026-11-23T25:61:61Z', '9999-12-31T23:59:59Z', '1970-01-01T00:00:00Z'];

function scalar(g: Gen): string {
  switch (g.int(0, 14)) {
    case 0: return JSON.stringify(g.text());
    case 1: return String(g.int(-1e6, 1e6));
    case 2: return g.pick(['1e308', '-1e308', '.nan', '.inf', '-.inf', '0x1F', '0o17', '-0', '1_000', '3.14', '1e-400']);
    case 3: return g.pick(['true', 'false', 'yes', 'no', 'on', 'off', 'null', '~', 'Null', 'TRUE']);
    case 4: return g.pick(DATES);
    case 5: return JSON.stringify(g.pick(DATES));
    case 6: return g.pick(['draft', 'published', 'scheduled', 'sent', 'Published', 'public', 'members', 'paid', 'tiers', 'post', 'page', 'html', 'markdown']);
    case 7: return `[${Array.from({ length: g.size(4, 500) }, () => scalar(g)).join(', ')}]`;
    case 8: return `{${Array.from({ length: g.int(0, 4) }, () => `${JSON.stringify(g.text(8))}: ${scalar(g)}`).join(', ')}}`;
    case 9: return JSON.stringify('x'.repeat(g.int(200, 200_000)));
    case 10: return `|\n  ${g.text(60).replace(/\n/g, '\n  ')}`;
    case 11: return g.pick(['img/a.png', '../../etc/passwd', 'C:\\x.png', 'https://example.com/x.png', 'data:image/png;base64,AAAA', 'file:///x.png', '%zz.png', 'a b.png', 'ünï.png']);
    case 12: return g.pick(['someone@example.com', 'not-an-email', '[a@b.c, d@e.f]', '@', '"a@b.c"']);
    case 13: return g.pick(['*anchor', '&anchor value', '!!str 5', '!!binary aGk=', '!!js/function "x"', '!<tag:yaml.org,2002:int> 3', '!!timestamp 2001-12-14']);
    default: return g.text(20);
  }
}

/** YAML front matter, mostly plausible, often broken, sometimes malicious. */
export function frontMatterDoc(g: Gen): string {
  const lines: string[] = [];
  for (let i = g.int(0, 12); i > 0; i--) {
    const key = g.chance(0.8) ? g.pick(FIELDS) : g.text(10);
    lines.push(`${g.chance(0.9) ? key : JSON.stringify(key)}: ${scalar(g)}`);
  }
  if (g.chance(0.1)) { lines.push(`${g.pick(FIELDS)}: a`, `${lines.length ? lines[0]?.split(':')[0] : 'title'}: duplicate`); }
  if (g.chance(0.05)) {
    // A billion laughs: each alias multiplies the last.
    lines.push('a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]');
    for (let i = 1; i < g.int(3, 12); i++) { lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`); }
    lines.push(`tags: *${String.fromCharCode(96 + g.int(1, 3))}`);
  }
  if (g.chance(0.05)) { lines.push('title: &t Looped', 'meta_title: *t', 'og_title: *undefined_anchor'); }
  if (g.chance(0.03)) { lines.push(`${'  '.repeat(g.int(1, 400))}deep: [${'['.repeat(g.int(10, 3000))}`); }
  let yaml = lines.join(g.chance(0.1) ? '\r\n' : '\n');
  if (g.chance(0.3)) { yaml = g.mutate(yaml); }
  const open = g.pick(['---\n', '---\n', '---\r\n', '\uFEFF---\n', '--- \n', '---']);
  const close = g.pick(['\n---\n', '\n---\n', '\n...\n', '\n---', '', '\n-- \n']);
  return `${open}${yaml}${close}${g.chance(0.5) ? markdownDoc(g, 2) : g.text(80)}`.slice(0, MAX_INPUT);
}

/** Keys as pasted: right, truncated, quoted, of the wrong kind, or noise. */
export function keyInput(g: Gen): string {
  const hex = (n: number) => Array.from({ length: n }, () => '0123456789abcdefABCDEF'[g.int(0, 21)]).join('');
  switch (g.int(0, 9)) {
    case 0: return `${hex(24)}:${hex(64)}`;
    case 1: return `${hex(g.int(0, 30))}:${hex(g.int(0, 70))}`;
    case 2: return hex(26);
    case 3: return `${g.pick(['"', "'", '`', ' ', '\n', '\t'])}${hex(24)}:${hex(64)}${g.pick(['"', "'", '`', ' ', '\n', ''])}`;
    case 4: return `${hex(24)}::${hex(64)}`;
    case 5: return `Ghost ${g.text(30)}`;
    case 6: return `eyJ${g.text(60)}.${g.text(60)}.${g.text(20)}`;
    case 7: return g.mutate(`${hex(24)}:${hex(64)}`);
    case 8: return g.junk(120);
    default: return g.text(100);
  }
}

/** Site URLs as users paste them, and worse. */
export function urlInput(g: Gen): string {
  if (g.chance(0.15)) { return g.chance(0.5) ? g.text(60) : g.junk(80); }
  const scheme = g.pick(['https://', 'http://', 'HTTPS://', '', 'ftp://', 'javascript:', 'file://', '//', 'https:/', 'https:///']);
  const host = g.pick(['example.com', 'blog.example.co.uk', '127.0.0.1', 'localhost', '[::1]', '[fe80::1%25eth0]', 'xn--bcher-kva.example',
    'bücher.example', 'a..b', '-bad-.example', `${'a'.repeat(64)}.example`, `${'a.'.repeat(200)}com`, '', 'user:pass@example.com', '999.999.999.999', 'exa mple.com']);
  const port = g.chance(0.3) ? `:${g.pick(['0', '80', '443', '2368', '65535', '65536', '-1', 'abc', ''])}` : '';
  const pathPart = g.pick(['', '/', '/ghost', '/ghost/', '/ghost/#/dashboard', '/blog', '/blog/ghost/', '/ghost/api/admin/', '/ghost/api/v4/admin',
    '/%zz', '/a/../../ghost', '/ghost?x=1', '/ghost/#', `/${'x'.repeat(g.int(0, 5000))}`]);
  const url = `${scheme}${host}${port}${pathPart}`;
  return g.chance(0.2) ? g.mutate(url) : g.chance(0.1) ? ` ${url}\n` : url;
}

/** Inputs stop at 2 MB: larger ones measure the machine, not the code. */
const MAX_INPUT = 2_000_000;

/** Markdown: ordinary, deeply nested, with huge tables, junk, and very long lines. */
export function markdownDoc(g: Gen, depth = 0, defs: string[] = []): string {
  const body = markdownParts(g, depth, defs);
  if (depth || !defs.length) { return body.slice(0, MAX_INPUT); }
  // The definitions that reference links and footnotes elsewhere use: before or after the rest.
  const block = `\n\n${defs.join('\n\n')}\n\n`;
  return (g.chance(0.7) ? `${body}${block}` : `${block}${body}`).slice(0, MAX_INPUT);
}

/** Ghost's card markers, the card holding an HTML block, and Markdown right after the end marker (no blank line). */
function markedCard(g: Gen): string {
  const kind = g.chance(0.8) ? 'html' : 'markdown';
  const inner = `<${g.pick(['div', 'p', 'section', 'table'])}>${g.words(1, 4)}</${g.pick(['div', 'p', 'section', 'table'])}>`;
  const after = [
    () => g.words(1, 6), () => `- ${g.words(1, 3)}\n- ${g.words(1, 3)}`, () => `${g.int(1, 3)}. ${g.words(1, 3)}`,
    () => `${'#'.repeat(g.int(1, 6))} ${g.words(1, 4)}`, () => `> ${g.words(1, 3)}`, () => `*${g.words(1, 2)}* ${g.words(0, 3)}`, () => '',
  ];
  const lines = [`<!--kg-card-begin: ${kind}-->`, inner, ...(g.chance(0.2) ? [''] : []), `<!--kg-card-end: ${kind}-->`];
  for (let i = g.int(1, 3); i > 0; i--) { lines.push(g.pick(after)()); }
  return `\n${lines.join('\n')}\n`;
}

/** A GitHub alert whose words hold reference links and footnote references defined elsewhere in the document. */
function alertWithReferences(g: Gen, defs: string[]): string {
  const marker = g.chance(0.8) ? `[!${g.pick(['NOTE', 'TIP', 'IMPORTANT', 'WARNING', 'CAUTION', 'note'])}]` : `[!callout|${g.pick(['🔥', '💡', ''])}|${g.pick(['pink', 'blue', 'grey'])}]`;
  const ref = () => {
    const n = defs.length;
    switch (g.int(0, 3)) {
      case 0: defs.push(`[gref${n}]: https://example.com/${g.word()}${g.chance(0.3) ? ` "${g.words(1, 2)}"` : ''}`); return `[${g.words(1, 2)}][gref${n}]`;
      case 1: defs.push(`[gref${n}]: https://example.com/${g.word()}`); return `[gref${n}]`;
      case 2: defs.push(`[^gnote${n}]: ${g.words(1, 4)}`); return `[^gnote${n}]`;
      default: return `[${g.words(1, 2)}](https://example.com/${g.word()})`;
    }
  };
  const paragraph = () => Array.from({ length: g.int(1, 3) }, () => `${g.words(0, 3)} ${ref()}`).join(' ') + (g.chance(0.5) ? ` ${g.words(1, 3)}.` : '');
  const paragraphs = Array.from({ length: g.int(1, 3) }, paragraph);
  return `\n> ${marker}\n> ${paragraphs.join('\n>\n> ')}\n`;
}

/** Headings of level 1 anywhere: mid-body, in quotes and lists, and the other levels. */
function heading(g: Gen): string {
  const h = g.chance(0.2) ? `${g.words(1, 4)}\n${'='.repeat(g.int(1, 5))}` : `# ${g.words(1, 4)}`;
  return g.pick([h, h, `> ${h.replace(/\n/g, '\n> ')}`, `- ${h.replace(/\n/g, '\n  ')}`, `${g.words(1, 4)}\n\n${h}`, `${'#'.repeat(g.int(2, 6))} ${g.words(1, 3)}`]);
}

/** Emphasis nested in emphasis, which closes before the outer one. */
function nestedEmphasis(g: Gen): string {
  const w = () => g.word();
  return g.pick([
    `*(*${w()}*)*`, `**${w()} **${w()}** ${w()}**`, `_${w()} *${w()}* ${w()}_`, `***${w()}** ${w()}*`, `*${w()} **${w()}** ${w()}*`,
    `<u>*${w()}* ${w()}</u>`, `~~${w()} *${w()}* ${w()}~~`, `==${w()} **${w()}** ${w()}==`,
  ]);
}

/** A fence whose info string holds backslash escapes and entities, as CommonMark unescapes them. */
function escapedFence(g: Gen): string {
  const info = g.pick([`${g.word()}\\+${g.word()}`, `c\\+\\+`, `${g.word()}&#43;`, `${g.word()}\\-x caption="${g.words(1, 2)}"`, `\\${g.word()}`]);
  return `\`\`\`${info}\n${g.words(1, 5)}\n\`\`\``;
}

function markdownParts(g: Gen, depth: number, defs: string[]): string {
  const parts: string[] = [];
  for (let i = g.int(1, depth ? 3 : 10); i > 0; i--) {
    switch (g.int(0, 21)) {
      case 16: parts.push(markedCard(g)); break;
      case 17: parts.push(alertWithReferences(g, defs)); break;
      case 18: parts.push(heading(g)); break;
      case 19: parts.push(nestedEmphasis(g)); break;
      case 20: parts.push(escapedFence(g)); break;
      case 0: parts.push(`${'#'.repeat(g.int(1, 8))} ${g.text(30)}`); break;
      case 1: parts.push(`${'> '.repeat(g.size(5, 20_000))}${g.text(20)}`); break;
      case 2: parts.push(Array.from({ length: g.size(5, 3000) }, (_, k) => `${'  '.repeat(k % 200)}- ${g.text(10)}`).join('\n')); break;
      case 3: {
        const cols = g.int(1, g.chance(0.05) ? 200 : 8);
        const rows = g.size(6, 3000);
        parts.push([`|${' h |'.repeat(cols)}`, `|${'---|'.repeat(cols)}`, ...Array.from({ length: rows }, () => `|${Array.from({ length: cols }, () => ` ${g.text(6).replace(/[|\n]/g, '')} |`).join('')}`)].join('\n'));
        break;
      }
      case 4: parts.push(`\`\`\`${g.pick(['', 'js', 'python', '{.weird}', '<script>', 'a b c'])}\n${g.text(100)}\n${g.chance(0.8) ? '```' : ''}`); break;
      case 5: parts.push(`![${g.text(10)}](${g.pick(['img/a.png', '<a b.png>', 'https://x/y.png', '', '<', 'a.png "t', `${'('.repeat(g.int(1, 500))}`])}${g.chance(0.5) ? ` "${g.text(10)}"` : ''})`); break;
      case 6: parts.push(`${'*'.repeat(g.size(3, 50_000))}${g.text(10)}${'_'.repeat(g.size(3, 50_000))}`); break;
      case 7: parts.push(`${'['.repeat(g.size(3, 20_000))}x${']('.repeat(g.size(3, 5000))}`); break;
      case 8: parts.push(`<${g.pick(['div', 'script', 'details', 'table', 'iframe', 'style', '!--', 'x-y'])}>${g.text(40)}${g.chance(0.5) ? '</div>' : ''}`); break;
      case 9: parts.push(g.junk(300)); break;
      case 10: parts.push(g.text(g.chance(0.05) ? 50_000 : 200)); break;
      case 11: parts.push(`- [${g.pick([' ', 'x', 'X', '', 'xx'])}] ${g.text(20)}\n\n${g.text(10)}[^${g.text(5)}]\n\n[^${g.text(5)}]: ${g.text(20)}`); break;
      case 12: parts.push(`==${g.text(10)}== H~${g.text(3)}~O x^${g.text(3)}^ ~~${g.text(5)}~~`); break;
      case 13: parts.push('<'.repeat(g.size(3, 20_000)) + '>'.repeat(g.size(3, 20_000))); break;
      case 14: if (depth < 3) { parts.push(markdownDoc(g, depth + 1, defs).replace(/^/gm, g.pick(['> ', '    ', '- ', '1. ']))); } break;
      default: parts.push(g.text(80));
    }
  }
  return parts.join(g.pick(['\n\n', '\n', '\r\n\r\n', '']));
}

/** HTML as a pull might receive it: nested, unclosed, with scripts and junk. */
export function htmlDoc(g: Gen): string {
  const tags = ['p', 'div', 'span', 'em', 'strong', 'a', 'ul', 'li', 'ol', 'table', 'tr', 'td', 'th', 'pre', 'code', 'blockquote', 'figure', 'figcaption', 'img', 'h2', 'script', 'style', 'iframe', 'br', 'hr', 'sup', 'sub', 'del', 'mark'];
  let out = '';
  const open: string[] = [];
  for (let i = g.size(40, 20_000); i > 0; i--) {
    const r = g.next();
    if (r < 0.45) {
      const t = g.pick(tags);
      out += `<${t}${g.chance(0.2) ? ` class="${g.pick(['language-js', 'kg-card', 'x" onload="y', ''])}"` : ''}${g.chance(0.1) ? ` src="${g.text(10)}"` : ''}>`;
      open.push(t);
    } else if (r < 0.7 && open.length) {
      out += `</${g.chance(0.9) ? open.pop() : g.pick(tags)}>`;
    } else if (r < 0.75) {
      out += g.pick(['<!--kg-card-begin: html-->', '<!--kg-card-end: html-->', '<!--', '-->', '&amp;', '&#0;', '&#x110000;', '&bogus;', '<![CDATA[x]]>']);
    } else {
      out += g.text(20);
    }
  }
  return (g.chance(0.1) ? g.junk(500) + out : out).slice(0, MAX_INPUT);
}

/** A Lexical document as Ghost's editor or importer might store it: every node kind, hostile text, odd shapes. */
export function lexicalDoc(g: Gen): string {
  const el = () => ({ direction: g.pick([null, 'ltr', 'rtl']), format: g.chance(0.9) ? '' : g.pick(['center', 'left', 'justify']), indent: g.chance(0.95) ? 0 : 1, version: 1 });
  // Prose with Markdown's punctuation in it, the text a pull meets most.
  const prose = () => Array.from({ length: g.int(1, 15) }, () => (g.chance(0.3) ? g.pick(['*', '_', '`', '[', ']', '<', '>', '#', '-', '=', '~', '^', '|', '\\', '&', '!', '(', ')', '.', ':', '@', '1', ' ', ' ']) : String.fromCharCode(g.int(97, 122)))).join('');
  const text = () => ({ type: g.pick(['extended-text', 'text']), text: g.chance(0.4) ? prose() : g.chance(0.3) ? g.pick(['*a*', '# h', '1. x', '---', 'a_b', 'x.md', 'http://x.co', '==m==', '<b>', '&amp;', '\\', '`', ' lead', 'trail ', '']) : g.text(20), format: g.chance(0.5) ? 0 : g.chance(0.8) ? g.pick([1, 2, 3, 4, 8, 16, 32, 64, 128, 5, 17]) : g.int(0, 300), detail: g.chance(0.95) ? 0 : 1, mode: 'normal', style: g.chance(0.97) ? '' : 'color: red', version: 1 });
  const inline = (n: number): unknown[] => Array.from({ length: n }, () => {
    const r = g.next();
    if (r < 0.75) { return text(); }
    if (r < 0.85) { return { type: 'linebreak', version: 1 }; }
    if (r < 0.97) { return { type: 'link', url: g.pick(['https://example.com/a', 'https://x.y/(p)', 'a b', '', 'mailto:a@b.c', g.text(10)]), rel: null, target: null, title: g.chance(0.8) ? null : g.text(5), children: [text()], ...el() }; }
    return { type: g.pick(['tab', 'autolink', 'zwnj']), version: 1 };
  });
  const list = (depth: number): unknown => ({
    type: 'list', listType: g.pick(['bullet', 'number', 'number', 'check']), start: g.pick([1, 1, 3, 0]), tag: 'ul', ...el(),
    children: Array.from({ length: g.int(0, 4) }, (_, i) => ({ type: 'listitem', value: i + 1, ...el(), children: depth < 2 && g.chance(0.2) ? [list(depth + 1)] : inline(g.int(0, 3)) })),
  });
  const html = () => g.pick(['<p>a</p>', '<span style="white-space: pre-wrap;">x</span>', 'a<br><br>b', '<strong>b</strong> &amp; <em>i</em>', '<a href="https://x.y">l</a>', g.text(20), '']);
  const node = (): unknown => {
    switch (g.int(0, 16)) {
      case 0: case 1: case 2: return { type: 'paragraph', children: inline(g.int(0, 6)), ...el() };
      case 3: return { type: g.pick(['extended-heading', 'heading']), tag: g.pick(['h1', 'h2', 'h6', 'h7']), children: inline(g.int(0, 3)), ...el() };
      case 4: return { type: g.pick(['extended-quote', 'quote', 'aside']), children: inline(g.int(0, 4)), ...el() };
      case 5: return list(0);
      case 6: return { type: 'codeblock', version: 1, code: g.text(40), language: g.pick(['', 'js', 'a b', '`']), caption: g.chance(0.8) ? '' : html() };
      case 7: return { type: g.pick(['horizontalrule', 'paywall']), version: 1 };
      case 8: return { type: 'image', version: 1, src: g.pick(['https://x.y/a.png', 'https://x.y/a b.png', '', 'a(b).png']), width: g.pick([null, 10, 2000]), height: g.pick([null, 20]), title: g.chance(0.9) ? '' : 't', alt: g.text(8), caption: html(), cardWidth: g.pick(['regular', 'wide', 'full']), href: g.pick(['', 'https://x.y/']) };
      case 9: return { type: 'callout', version: 1, calloutText: html(), calloutEmoji: g.pick(['💡', 'ℹ️', '', '|', g.text(2)]), backgroundColor: g.pick(['grey', 'blue', 'green', 'Bad!', '']) };
      case 10: return { type: 'toggle', version: 1, heading: html(), content: html() };
      case 11: return { type: 'html', version: 1, html: g.pick(['<div>x</div>', '<!--kg-card-end: html-->', g.text(30), '']), ...(g.chance(0.2) ? { visibility: { web: { nonMember: false, memberSegment: '' }, email: { memberSegment: 'status:free' } } } : {}) };
      case 12: return { type: 'markdown', version: 1, markdown: g.chance(0.5) ? markdownDoc(g, 2) : g.text(30) };
      case 13: return { type: g.pick(['bookmark', 'gallery', 'button', 'video', 'audio', 'file', 'product', 'header', 'signup', 'call-to-action', 'embed', 'email', 'transistor']), version: g.pick([1, 2]), data: g.text(10), nested: { a: [1, g.text(3)] } };
      case 14: return { type: g.text(8) || 'x', version: 1 };
      default: return { type: 'paragraph', children: inline(g.int(1, 12)), ...el() };
    }
  };
  // Ghost keeps the key order a node was written in (its importer puts children first): any order.
  const reorder = (v: unknown): unknown => {
    if (Array.isArray(v)) { return v.map(reorder); }
    if (!v || typeof v !== 'object') { return v; }
    const entries = Object.entries(v).map(([k, x]) => [k, reorder(x)] as const);
    return Object.fromEntries(g.chance(0.5) ? entries.reverse() : entries);
  };
  return JSON.stringify({ root: { children: Array.from({ length: g.int(1, 12) }, () => reorder(node())), direction: null, format: '', indent: 0, type: 'root', version: 1 } });
}
