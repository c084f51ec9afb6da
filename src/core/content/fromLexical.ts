/**
 * Lexical → Markdown, for pulling a post: every node Markdown can say is written as Markdown that
 * reads back into the same node (checked, node by node and for the whole document); every other
 * node — a card with no Markdown form, a paragraph with an alignment, a node this version does not
 * know — is kept as a ```ghost-card block holding its JSON, which reads back byte for byte.
 * Nothing is dropped or flattened.
 */
import { CALLOUTS, CARD_FENCE, cardBegin, cardEnd, FORMAT, markdownToLexical, PAYWALL, SOURCE_KEY, sourceOf, type LexNode } from './lexical';
import { codeInfoString, VISIBILITY, type Audience } from './cards';
import { parser, type LinkCard } from './render';


export interface PulledBody {
  markdown: string;
  /** Top-level nodes kept as ghost-card blocks (no faithful Markdown form). */
  exact: number;
  /** Their types, in order. */
  exactTypes: string[];
}

type Json = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const kids = (n: Json): LexNode[] => (Array.isArray(n.children) ? n.children as LexNode[] : []);

// ---------------------------------------------------------------------------------------------
// Comparison: two documents are the same when they differ only in what neither Ghost's renderer
// nor its editor shows (defaults, editor-only keys, whitespace in HTML, how text is split into nodes).

const TYPE_ALIAS: Record<string, string> = { text: 'extended-text', heading: 'extended-heading', quote: 'extended-quote' };
const DEFAULT_VISIBILITY = { web: { nonMember: true, memberSegment: 'status:free,status:-free' }, email: { memberSegment: 'status:free,status:-free' } };
const HTML_FIELDS = new Set(['caption', 'calloutText', 'heading', 'content']);
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', '#39': "'" };

/** Text with HTML entities decoded. */
export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+\d*);/gi, (m, e: string) => {
    const lower = e.toLowerCase();
    if (lower.startsWith('#x')) { return safeChar(parseInt(lower.slice(2), 16)) ?? m; }
    if (lower.startsWith('#')) { return safeChar(Number(lower.slice(1))) ?? m; }
    return ENTITIES[lower] ?? m;
  });
}
const safeChar = (n: number) => (Number.isFinite(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : undefined);

/** HTML as it shows: editor wrappers and whitespace between tags aside, entities written one way. */
export function canonHtml(html: string): string {
  const s = lightHtml(html).replace(/<(\/?)b>/g, '<$1strong>').replace(/<(\/?)i>/g, '<$1em>').replace(/<br\s*\/?>/g, '<br>');
  // Text between tags: entities decoded, then & < > written as entities.
  return s.replace(/(^|>)([^<]*)/g, (_m, gt: string, text: string) => gt + decodeEntities(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
}

/** Where white space is collapsed when shown: between block tags, at the ends of a block. */
const BLOCK = 'p|div|ul|ol|li|h[1-6]|blockquote|figure|figcaption|section|hr|table|thead|tbody|tr|td|th';
const AROUND_BLOCK = new RegExp(`[ \\t\\n\\r\\f]*(<\\/?(?:${BLOCK})\\b[^>]*>)[ \\t\\n\\r\\f]*`, 'gi');

/**
 * HTML written the way it shows, and no further: the editor's pre-wrap spans around text that has
 * no run of spaces, `dir="ltr"`, and runs of white space (which a browser collapses) made one
 * space; none at the ends of blocks. Spaces between inline tags, non-breaking spaces, and white
 * space inside pre-formatted text stay.
 */
export function lightHtml(html: string): string {
  let s = html
    .replace(/<span style="white-space: ?pre-wrap;?">([^<]*)<\/span>/g, (m, text: string) => (/[ \t\n\r\f]{2}|^[ \t\n\r\f]|[ \t\n\r\f]$/.test(text) && text.trim() ? m : text))
    .replace(/ dir="ltr"/g, '');
  if (/<(pre|textarea|code)\b|white-space/i.test(s)) { return s.trim() === s ? s : s.replace(/^[ \t\n\r\f]+|[ \t\n\r\f]+$/g, ''); }
  s = s.replace(/[ \t\n\r\f]+/g, ' ').replace(AROUND_BLOCK, '$1');
  return s.replace(/^ | $/g, '');
}

/** Inline children as one list of runs: adjacent text of one format merged; whitespace carries no format but code. */
function canonInline(nodes: LexNode[]): unknown[] {
  const out: unknown[] = [];
  let text = '';
  let format = -1;
  const flush = () => { if (text) { out.push({ t: text, f: format }); } text = ''; format = -1; };
  for (const n of nodes) {
    const type = TYPE_ALIAS[n.type] ?? n.type;
    if (type === 'extended-text') {
      const f = Number(n.format ?? 0);
      for (const ch of str(n.text)) {
        const cf = /\s/.test(ch) && !(f & FORMAT.code) ? 0 : f;
        if (cf !== format) { flush(); format = cf; }
        text += ch;
      }
      if (n.style || Number(n.detail ?? 0) || (n.mode && n.mode !== 'normal')) { flush(); out.push({ extra: [n.style, n.detail, n.mode] }); }
    } else {
      flush();
      out.push(canonNode(n));
    }
  }
  flush();
  return out;
}

/** A value with the keys of every object in one order: Ghost keeps whatever order a node was written in. */
function sorted(v: unknown): unknown {
  if (Array.isArray(v)) { return v.map(sorted); }
  if (v && typeof v === 'object') { return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted((v as Json)[k])])); }
  return v;
}

const sameValue = (a: unknown, b: unknown) => JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));

/** A node in a form where only what shows is left (see above), its keys in one order. */
export function canonNode(n: LexNode): unknown {
  return sorted(canonRaw(n));
}

function canonRaw(n: LexNode): unknown {
  const type = TYPE_ALIAS[n.type] ?? n.type;
  const out: Json = { type };
  for (const [k, v] of Object.entries(n)) {
    if (k === 'type' || k === 'version' && type !== 'header' || (k === 'direction' && v !== 'rtl') || k === SOURCE_KEY) { continue; }
    if (v === null || v === '' || v === 0 || v === false || (k === 'indent' && v === 0)) { continue; }
    if (type === 'listitem' && k === 'value') { continue; }
    if (k === 'visibility' && sameValue(v, DEFAULT_VISIBILITY)) { continue; }
    if (k === 'children' && Array.isArray(v)) { out.children = canonInline(v as LexNode[]); continue; }
    // URLs as Markdown writes them (spaces and non-ASCII percent-encoded): the same address.
    if ((k === 'url' && type === 'link') || ((k === 'src' || k === 'href') && type === 'image')) { out[k] = parser().normalizeLink(str(v)); continue; }
    if (typeof v === 'string' && HTML_FIELDS.has(k)) { const c = canonHtml(v); if (c) { out[k] = c; } continue; }
    // A Markdown card's blank lines before and whitespace after its text show nothing (a pulled
    // file's blank line after its front matter is one).
    if (type === 'markdown' && k === 'markdown' && typeof v === 'string') { out[k] = v.replace(/^(?:[ \t]*\r?\n)+/, '').replace(/\s+$/, ''); continue; }
    out[k] = v;
  }
  return out;
}

/** Canonical forms, computed once per node (a pull compares each original node several times). */
const canonCache = new WeakMap<LexNode, string>();
const canonText = (n: LexNode) => {
  let c = canonCache.get(n);
  if (c === undefined) { c = JSON.stringify(canonNode(n)); canonCache.set(n, c); }
  return c;
};
const same = (a: LexNode, b: LexNode) => canonText(a) === canonText(b);

// ---------------------------------------------------------------------------------------------
// Text

const ALNUM = /[\p{L}\p{N}]/u;

/** Text as Markdown that reads back as exactly this text (no emphasis, links, HTML or entities). */
export function escapeText(text: string): string {
  // URLs and addresses that linkify would turn into links: their dots, colons and @ escaped.
  const linkish = new Set<number>();
  for (const m of parser().linkify.match(text) ?? []) {
    for (let i = m.index; i < m.lastIndex; i++) { if ('.:@'.includes(text[i] ?? '')) { linkish.add(i); } }
  }
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    const next = text[i + 1] ?? '';
    if ('\\`*[]|~^'.includes(c) || linkish.has(i)) { out += `\\${c}`; continue; }
    if (c === '_' && !(ALNUM.test(text[i - 1] ?? '') && ALNUM.test(next))) { out += '\\_'; continue; }
    if (c === '<' && /[A-Za-z/!?]/.test(next)) { out += '\\<'; continue; }
    if (c === '&' && /^&#?[A-Za-z0-9]+;/.test(text.slice(i))) { out += '\\&'; continue; }
    if (c === '=' && text[i - 1] === '=') { out += '\\='; continue; }
    out += c;
  }
  return out;
}

/** Lines that would start a block (heading, quote, list, rule, setext underline) escaped. */
function guardLines(s: string): string {
  return s.split('\n').map((line) => line
    .replace(/^(\s*)([#>+\-=])/, '$1\\$2')
    .replace(/^(\s*\d{1,9})([.)])/, '$1\\$2')).join('\n');
}

const DELIMS: Array<[number, string, string]> = [
  [FORMAT.bold, '**', '**'], [FORMAT.italic, '*', '*'], [FORMAT.strikethrough, '~~', '~~'],
  [FORMAT.underline, '<u>', '</u>'], [FORMAT.highlight, '==', '=='],
];
const KNOWN = FORMAT.bold | FORMAT.italic | FORMAT.strikethrough | FORMAT.underline | FORMAT.highlight | FORMAT.code | FORMAT.subscript | FORMAT.superscript;

class NoMarkdown extends Error {}

/** A code span holding exactly `text`. */
function codeSpan(text: string): string {
  if (text.includes('\n')) { throw new NoMarkdown('code with a line break'); }
  let ticks = '`';
  while (text.includes(ticks)) { ticks += '`'; }
  const pad = text.startsWith('`') || text.endsWith('`') || (/^ .* $/.test(text) && text.trim() !== '') ? ' ' : '';
  return `${ticks}${pad}${text}${pad}${ticks}`;
}

/** Sub- and superscript hold no spaces unless escaped, and nothing nested. */
function script(text: string, mark: string): string {
  if (!text || text.includes('\n')) { throw new NoMarkdown('script'); }
  return `${mark}${escapeText(text).replace(/ /g, '\\ ')}${mark}`;
}

/** The labels of the footnotes of the document being pulled, in order (see lexicalToMarkdown). */
let footnoteLabels: string[] = [];

/** A footnote reference as written from Markdown (a superscript link `[n]` to `#fn<n>`), as `[^label]`. */
function footnoteRef(n: LexNode): string | undefined {
  const m = /^#fn(\d+)$/.exec(str(n.url));
  const only = kids(n);
  const t = only[0];
  if (!m || only.length !== 1 || !t || (TYPE_ALIAS[t.type] ?? t.type) !== 'extended-text' || t.text !== `[${m[1]}]` || Number(t.format) !== FORMAT.superscript) { return undefined; }
  const label = footnoteLabels[Number(m[1]) - 1];
  return label === undefined ? undefined : `[^${label}]`;
}

/** Inline nodes as Markdown; a line break inside a block is `\` at the end of the line. */
export function inlineMarkdown(nodes: LexNode[]): string {
  let out = '';
  const open: Array<[number, string, string]> = [];
  const closeTo = (keep: number) => {
    // The whitespace the text so far ends with (scanned from the end: a regex would rescan it all).
    let cut = out.length;
    while (cut > 0 && /\s/.test(out[cut - 1] as string)) { cut--; }
    const trailing = out.slice(cut);
    let closed = false;
    while (open.length && ((open[open.length - 1] as [number, string, string])[0] & ~keep)) {
      if (!closed) { out = out.slice(0, out.length - trailing.length); closed = true; }
      out += (open.pop() as [number, string, string])[2];
    }
    if (closed) { out += trailing; }
  };
  for (const n of nodes) {
    const type = TYPE_ALIAS[n.type] ?? n.type;
    if (type === 'linebreak') {
      closeTo(0);
      out += '\\\n';
      continue;
    }
    if (type === 'link') {
      closeTo(0);
      const url = str(n.url);
      const note = footnoteRef(n);
      if (note) { out += note; continue; }
      if (!url || /[\s<>]/.test(url)) { throw new NoMarkdown('link url'); }
      const inner = inlineMarkdown(kids(n));
      if (!inner) { throw new NoMarkdown('empty link'); }
      const title = typeof n.title === 'string' && n.title ? ` "${n.title.replace(/["\\]/g, '\\$&')}"` : '';
      const target = /[()]/.test(url) ? `<${url}>` : url;
      out += `[${inner}](${target}${title})`;
      continue;
    }
    if (type !== 'extended-text') { throw new NoMarkdown(type); }
    const text = str(n.text);
    const f = Number(n.format ?? 0);
    if (f & ~KNOWN || text.includes('\n') || text.includes('\r')) { throw new NoMarkdown('text'); }
    if (!text) { continue; }
    const outer = f & ~(FORMAT.code | FORMAT.subscript | FORMAT.superscript);
    closeTo(outer);
    const have = open.reduce((a, [b]) => a | b, 0);
    const lead = /^\s*/.exec(text)?.[0] ?? '';
    let body = text.slice(lead.length);
    let opened = '';
    for (const d of DELIMS) {
      if (outer & d[0] && !(have & d[0])) { open.push(d); opened += d[1]; }
    }
    out += opened ? lead + opened : lead;
    if (!body) { continue; }
    if (f & FORMAT.code) {
      if (f & (FORMAT.subscript | FORMAT.superscript)) { throw new NoMarkdown('code script'); }
      body = codeSpan(body);
    } else if (f & FORMAT.subscript) {
      if (f & FORMAT.superscript) { throw new NoMarkdown('sub and sup'); }
      body = script(body, '~');
    } else if (f & FORMAT.superscript) {
      body = script(body, '^');
    } else {
      body = escapeText(body);
    }
    out += body;
  }
  closeTo(0);
  return out;
}

// ---------------------------------------------------------------------------------------------
// HTML inside cards (callout text, toggles): simple inline HTML back to Markdown

const INLINE_TAGS: Record<string, [string, string]> = {
  strong: ['**', '**'], b: ['**', '**'], em: ['*', '*'], i: ['*', '*'], s: ['~~', '~~'], del: ['~~', '~~'], mark: ['==', '=='],
};

/** Inline HTML as Markdown; tags without a Markdown form stay as HTML. */
export function htmlInlineToMarkdown(html: string): string {
  let out = '';
  const re = /<(\/?)([a-zA-Z][\w-]*)([^>]*)>|([^<]+)|(<)/g;
  const links: string[] = [];
  let m: RegExpExecArray | null;
  while ((m = re.exec(html))) {
    const [whole, close, rawTag, attrs, text, lt] = m;
    if (text !== undefined || lt !== undefined) { out += escapeText(decodeEntities(text ?? '<')).replace(/\n/g, ' '); continue; }
    const tag = (rawTag ?? '').toLowerCase();
    const pair = INLINE_TAGS[tag];
    if (pair && !(attrs ?? '').trim()) { out += close ? pair[1] : pair[0]; continue; }
    if (tag === 'br') { out += '\\\n'; continue; }
    if (tag === 'span' && /^\s*style="white-space: ?pre-wrap;?"\s*$/.test(attrs ?? '') && !close) { links.push('span'); continue; }
    if (tag === 'span' && close && links[links.length - 1] === 'span') { links.pop(); continue; }
    if (tag === 'code' && !close && !(attrs ?? '').trim()) {
      const end = html.indexOf('</code>', re.lastIndex);
      if (end < 0) { throw new NoMarkdown('code'); }
      const inner = html.slice(re.lastIndex, end);
      if (/</.test(inner)) { throw new NoMarkdown('code with tags'); }
      out += codeSpan(decodeEntities(inner));
      re.lastIndex = end + '</code>'.length;
      continue;
    }
    if (tag === 'a' && !close) {
      const href = /^\s*href="([^"]*)"\s*$/.exec(attrs ?? '')?.[1];
      if (href === undefined || /[\s<>()]/.test(href)) { out += whole; links.push('raw-a'); continue; }
      out += '[';
      links.push(`](${decodeEntities(href)})`);
      continue;
    }
    if (tag === 'a' && close) {
      const end = links.pop();
      out += end === 'raw-a' || end === undefined ? whole : end;
      continue;
    }
    out += whole;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Blocks

interface Ctx { lastList?: string }

function exactBlock(n: LexNode): string {
  const json = JSON.stringify(n, null, 2);
  let fence = '```';
  while (json.includes(fence)) { fence += '`'; }
  return `${fence}${CARD_FENCE}\n${json}\n${fence}`;
}

function listMarkdown(n: LexNode, ctx: Ctx, indent: string): string {
  const listType = str(n.listType);
  if (listType !== 'bullet' && listType !== 'number') { throw new NoMarkdown('check list'); }
  if (n.format || n.indent) { throw new NoMarkdown('list format'); }
  const ordered = listType === 'number';
  const start = Number(n.start ?? 1);
  const key = ordered ? 'ol' : 'ul';
  // Two lists in a row need different markers, or Markdown reads one list.
  const alt = ctx.lastList === `${key}:0` ? 1 : 0;
  ctx.lastList = `${key}:${alt}`;
  const bullet = alt ? '*' : '-';
  const delim = alt ? ')' : '.';
  const lines: string[] = [];
  let number = start;
  let prevIndent = '';
  const nested: Ctx = {};
  for (const item of kids(n)) {
    if (item.type !== 'listitem') { throw new NoMarkdown('list child'); }
    const children = kids(item);
    if (children.length === 1 && children[0]?.type === 'list') {
      if (!lines.length) { throw new NoMarkdown('nested list first'); }
      lines.push(listMarkdown(children[0], nested, prevIndent));
      continue;
    }
    nested.lastList = undefined;
    if (children.some((c) => c.type === 'list')) { throw new NoMarkdown('list in text'); }
    const marker = ordered ? `${number}${delim} ` : `${bullet} `;
    number++;
    prevIndent = indent + ' '.repeat(marker.length);
    const text = guardLines(paragraphs(inlineMarkdown(children)));
    if (!text.trim() || /^\s/.test(text)) { throw new NoMarkdown('empty item'); }
    lines.push(text.split('\n').map((l, i) => (i ? (l ? prevIndent + l : '') : indent + marker + l)).join('\n'));
  }
  if (!lines.length) { throw new NoMarkdown('empty list'); }
  return lines.join('\n');
}

function imageMarkdown(n: LexNode): string {
  const src = str(n.src);
  if (!src || n.title || /[\n<>]/.test(src)) { throw new NoMarkdown('image'); }
  const caption = canonHtml(str(n.caption));
  if (/[<\n]/.test(caption)) { throw new NoMarkdown('caption with markup'); }
  const title = caption ? ` "${decodeEntities(caption).replace(/["\\]/g, '\\$&')}"` : '';
  const target = /[\s()]/.test(src) ? `<${src}>` : src;
  let out = `![${escapeText(str(n.alt)).replace(/\n/g, ' ')}](${target}${title})`;
  const href = str(n.href);
  if (href) {
    if (/[\s<>()]/.test(href)) { throw new NoMarkdown('image link'); }
    out = `[${out}](${href})`;
  }
  const attrs: string[] = [];
  if (typeof n.width === 'number') { attrs.push(`width=${n.width}`); }
  if (typeof n.height === 'number') { attrs.push(`height=${n.height}`); }
  if (n.cardWidth === 'wide' || n.cardWidth === 'full') { attrs.push(`.${n.cardWidth}`); }
  return attrs.length ? `${out}{${attrs.join(' ')}}` : out;
}

/** A gallery without a caption: its images one a line, each with its size (Ghost needs it). */
function galleryMarkdown(n: LexNode): string {
  const images = Array.isArray(n.images) ? n.images as Json[] : [];
  if (images.length < 2 || n.caption) { throw new NoMarkdown('gallery'); }
  return images.map((img) => {
    if (typeof img.width !== 'number' || typeof img.height !== 'number' || img.href || img.title) { throw new NoMarkdown('gallery image'); }
    return imageMarkdown({ type: 'image', src: img.src, alt: img.alt, caption: img.caption, width: img.width, height: img.height });
  }).join('\n');
}

function calloutMarkdown(n: LexNode): string {
  const emoji = str(n.calloutEmoji);
  const color = str(n.backgroundColor);
  if (/[|\]\n]/.test(emoji) || !/^[a-z0-9-]*$/.test(color)) { throw new NoMarkdown('callout'); }
  const kind = Object.entries(CALLOUTS).find(([, v]) => v.emoji === emoji && v.color === color)?.[0];
  const marker = kind ? `[!${kind}]` : `[!callout|${emoji}|${color}]`;
  const body = str(n.calloutText).split(/<br\s*\/?>\s*<br\s*\/?>/i).map((p) => guardLines(htmlInlineToMarkdown(p).trim())).filter(Boolean).join('\n\n');
  return quoted(body ? `${marker}\n${body}` : marker);
}

/** Lines of a quote. */
const quoted = (s: string) => s.split('\n').map((l) => (l ? `> ${l}` : '>')).join('\n');

/** Two line breaks in a row are a paragraph break (how quotes, callouts and list items hold paragraphs). */
const paragraphs = (s: string) => s.replace(/\\\n\\\n/g, '\n\n');

/** A toggle: its content as Markdown when it is paragraphs, else as HTML on one line. */
function toggleCandidates(n: LexNode): string[] {
  const heading = lightHtml(str(n.heading));
  const content = str(n.content);
  if (/<\/?(details|summary)\b/i.test(heading + content) || heading.includes('\n')) { return []; }
  const out: string[] = [];
  const flat = lightHtml(content);
  const paragraphs = /^(<p>(?:(?!<\/?p>).)*<\/p>)+$/.exec(flat) ? flat.slice(3, -4).split('</p><p>') : undefined;
  if (paragraphs) {
    try {
      out.push(`<details><summary>${heading}</summary>\n\n${paragraphs.map((p) => guardLines(htmlInlineToMarkdown(p))).join('\n\n')}\n\n</details>`);
    } catch (e) { if (!(e instanceof NoMarkdown)) { throw e; } }
  }
  if (!/\n\s*\n/.test(flat)) { out.push(`<details><summary>${heading}</summary>${flat}</details>`); }
  return out;
}


/** Where a node can be written in Markdown, the ways to try, best first. */
function candidates(n: LexNode, ctx: Ctx): string[] {
  const type = TYPE_ALIAS[n.type] ?? n.type;
  const attempt = (f: () => string): string[] => {
    try { return [f()]; } catch (e) { if (e instanceof NoMarkdown) { return []; } throw e; }
  };
  if (type !== 'list') { ctx.lastList = undefined; }
  const plain = !n.format && !n.indent;
  switch (type) {
    case 'paragraph':
      return plain ? attempt(() => {
        const s = guardLines(inlineMarkdown(kids(n)));
        if (!s.trim()) { throw new NoMarkdown('empty paragraph'); }
        return s;
      }) : [];
    case 'extended-heading': {
      const level = /^h([1-6])$/.exec(str(n.tag))?.[1];
      return plain && level ? attempt(() => {
        const s = inlineMarkdown(kids(n)).replace(/#/g, '\\#');
        if (!s.trim() || s.includes('\n')) { throw new NoMarkdown('heading'); }
        return `${'#'.repeat(Number(level))} ${s}`;
      }) : [];
    }
    case 'extended-quote':
      return plain ? attempt(() => {
        const s = guardLines(paragraphs(inlineMarkdown(kids(n))));
        if (!s.trim()) { throw new NoMarkdown('empty quote'); }
        return quoted(s);
      }) : [];
    case 'list':
      return attempt(() => listMarkdown(n, ctx, ''));
    case 'codeblock': {
      const code = str(n.code);
      const lang = str(n.language);
      const caption = canonHtml(str(n.caption));
      // A caption with markup, or one a backtick fence's info string cannot hold, is kept exactly
      // (and a language with a backslash or an ampersand, which the info string would unescape).
      if (/[<\n`]/.test(caption) || /[\s`~"\\&]|^(?:caption|title)=/.test(lang) || code.includes('\r')) { return []; }
      let fence = '```';
      while (code.includes(fence)) { fence += '`'; }
      return [`${fence}${codeInfoString(lang, decodeEntities(caption))}\n${code}\n${fence}`];
    }
    case 'horizontalrule':
      return ['---'];
    case 'paywall':
      return [PAYWALL];
    case 'image':
      return attempt(() => imageMarkdown(n));
    case 'gallery':
      return attempt(() => galleryMarkdown(n));
    case 'button': {
      const text = str(n.buttonText);
      const url = str(n.buttonUrl);
      if (!text || !url || /[\s<>()]/.test(url) || text.includes('\n') || (n.alignment !== 'center' && n.alignment !== 'left')) { return []; }
      return [`[${escapeText(text)}](${url}){.button${n.alignment === 'left' ? ' .left' : ''}}`];
    }
    case 'bookmark':
    case 'embed': {
      // Its address alone on a line; what Ghost said about the page is kept with the pull's record.
      const url = str(n.url);
      return !n.caption && /^https?:\/\/[^\s<>]+$/i.test(url) ? [url, `<${url}>`] : [];
    }
    case 'callout':
      return attempt(() => calloutMarkdown(n));
    case 'toggle':
      return toggleCandidates(n);
    case 'html': {
      const html = str(n.html);
      const out: string[] = [];
      const source = sourceOf(n);
      const audience = (Object.keys(VISIBILITY) as Audience[]).find((a) => sameValue(n.visibility, VISIBILITY[a]));
      if (audience) {
        // Content for one audience: its Markdown while unchanged, else its HTML, in its block.
        const inner = source ?? html;
        return /^\s*:::/m.test(inner) ? [] : [`::: ${audience}\n\n${inner}\n\n:::`];
      }
      // Written from Markdown by this tool and unchanged since: that Markdown again.
      if (source !== undefined) { out.push(source); }
      if (n.visibility === undefined || sameValue(n.visibility, DEFAULT_VISIBILITY)) {
        if (!html.split('\n').some((l) => l.trim() === cardEnd('html'))) { out.push(`${cardBegin('html')}\n\n${html}\n\n${cardEnd('html')}`); }
      }
      return out;
    }
    case 'markdown': {
      const text = str(n.markdown);
      return text.split('\n').some((l) => l.trim() === cardEnd('markdown')) ? [] : [`${cardBegin('markdown')}\n\n${text}\n\n${cardEnd('markdown')}`];
    }
    default:
      return [];
  }
}


/** The bookmarks and embeds of the document being pulled, by URL (see bookmarkMetadata). */
let bookmarks = new Map<string, LinkCard>();

/** What each bookmark or embed card of a Lexical document says about its page, by URL (the first of each). */
export function bookmarkMetadata(doc: readonly LexNode[] | string | null | undefined): Map<string, LinkCard> {
  const out = new Map<string, LinkCard>();
  let nodes: readonly LexNode[] = [];
  if (typeof doc === 'string') {
    try {
      const kids = (JSON.parse(doc) as { root?: { children?: unknown } }).root?.children;
      nodes = Array.isArray(kids) ? kids.filter((n): n is LexNode => !!n && typeof n === 'object') : [];
    } catch { /* not Lexical: no cards */ }
  } else if (doc) {
    nodes = doc;
  }
  for (const n of nodes) {
    const meta = n.metadata;
    if (n.type === 'embed' && typeof n.url === 'string' && typeof n.html === 'string' && !out.has(n.url)) {
      out.set(n.url, { embedType: str(n.embedType), html: n.html, metadata: meta && typeof meta === 'object' ? { ...meta as Record<string, unknown> } : {} });
      continue;
    }
    if (n.type === 'bookmark' && typeof n.url === 'string' && meta && typeof meta === 'object' && !out.has(n.url)) {
      const m = meta as Record<string, unknown>;
      out.set(n.url, { icon: str(m.icon), title: str(m.title), description: str(m.description), author: str(m.author), publisher: str(m.publisher), thumbnail: str(m.thumbnail) });
    }
  }
  return out;
}

function readBack(markdown: string): LexNode[] {
  try {
    return (JSON.parse(markdownToLexical(markdown, { bookmarks }).lexical) as { root: { children: LexNode[] } }).root.children;
  } catch {
    return [];
  }
}

/**
 * A Lexical document as Markdown that reads back into the same document. Undefined when the
 * text is not a Lexical document.
 */
export function lexicalToMarkdown(lexical: string): PulledBody | undefined {
  let nodes: LexNode[];
  try {
    const doc = JSON.parse(lexical) as { root?: { children?: unknown } };
    if (!Array.isArray(doc.root?.children)) { return undefined; }
    nodes = (doc.root.children as unknown[]).filter((n): n is LexNode => !!n && typeof n === 'object' && typeof (n as LexNode).type === 'string');
    if (nodes.length !== doc.root.children.length) { return undefined; }
  } catch {
    return undefined;
  }
  // A document of nothing is an empty body (no block to place, none to write exactly).
  if (!nodes.length) { return { markdown: '', exact: 0, exactTypes: [] }; }
  // Ghost drops a trailing empty paragraph; so does the pull.
  while (nodes.length > 1 && nodes[nodes.length - 1]?.type === 'paragraph' && !kids(nodes[nodes.length - 1] as LexNode).length) { nodes = nodes.slice(0, -1); }
  bookmarks = bookmarkMetadata(nodes);
  // Footnotes written from Markdown: their labels, for the references in the text.
  footnoteLabels = [];
  for (const n of nodes) {
    const source = n.type === 'html' ? sourceOf(n) : undefined;
    if (source !== undefined && str(n.html).includes('class="footnotes"')) {
      footnoteLabels = [...source.matchAll(/^\[\^([^\]\s]+)\]:/gm)].map((m) => m[1] as string);
    }
  }
  const ctx: Ctx = {};
  const exact = new Set<number>();
  // Each node's ways of being written that read back alone; the whole document is checked below.
  const options = nodes.map((n) => {
    const ok = candidates(n, ctx).filter((c) => {
      // An HTML card's own source may depend on the rest of the document (footnotes): checked with it.
      if (n.type === 'html' && n[SOURCE_KEY] && c !== `${cardBegin('html')}\n\n${str(n.html)}\n\n${cardEnd('html')}`) { return true; }
      // So do footnote references (numbered in the order of the whole document).
      if (footnoteLabels.length && /\[\^[^\]\s]+\]/.test(c)) { return true; }
      const back = readBack(`${c}\n`);
      return back.length === 1 && same(back[0] as LexNode, n);
    });
    if (!ok.length) { ctx.lastList = undefined; }
    return ok;
  });
  const parts = nodes.map((n, i) => options[i]?.[0] ?? (exact.add(i), exactBlock(n)));
  // The whole document read back: where blocks run into each other, the first of them is written
  // its next way, and at last exactly.
  for (let round = 0; ; round++) {
    const back = readBack(`${parts.join('\n\n')}\n`);
    let bad = -1;
    for (let i = 0; i < Math.max(back.length, nodes.length); i++) {
      const a = back[i];
      const b = nodes[i];
      if (!a || !b || !same(a, b)) { bad = i; break; }
    }
    if (bad < 0) { break; }
    let at = Math.min(bad, nodes.length - 1);
    while (at > 0 && exact.has(at)) { at--; }
    if (exact.has(at) || round > nodes.length * 3) {
      nodes.forEach((n, i) => { parts[i] = exactBlock(n); exact.add(i); });
      break;
    }
    options[at]?.shift();
    const next = options[at]?.[0];
    if (next === undefined) { exact.add(at); }
    parts[at] = next ?? exactBlock(nodes[at] as LexNode);
  }
  const body = parts.join('\n\n');
  return { markdown: body ? `${body}\n` : '', exact: exact.size, exactTypes: [...exact].sort((a, b) => a - b).map((i) => String(nodes[i]?.type)) };
}

/**
 * Whether two Lexical documents show the same thing: node for node, compared as a pull compares
 * (defaults, key order and what neither Ghost's renderer nor its editor shows set aside; marks
 * on the root ignored). A file pulled from a post writes a document the same as the post's.
 */
export function sameDocument(a: unknown, b: unknown): boolean {
  const nodesOf = (v: unknown): LexNode[] | undefined => {
    if (typeof v !== 'string') { return undefined; }
    try {
      const doc = JSON.parse(v) as { root?: { children?: unknown } };
      if (!Array.isArray(doc.root?.children)) { return undefined; }
      let nodes = doc.root.children as LexNode[];
      while (nodes.length > 1 && nodes[nodes.length - 1]?.type === 'paragraph' && !kids(nodes[nodes.length - 1] as LexNode).length) { nodes = nodes.slice(0, -1); }
      return nodes;
    } catch {
      return undefined;
    }
  };
  const x = nodesOf(a);
  const y = nodesOf(b);
  if (!x || !y || x.length !== y.length) { return false; }
  return x.every((n, i) => same(n, y[i] as LexNode));
}
