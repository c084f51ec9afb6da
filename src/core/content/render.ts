import type MarkdownIt from 'markdown-it';
import type { RenderMode } from './meta';
import { taskLists } from './taskLists';
import { wikiLinks, type UnresolvedPage, type WikiEnv, type WikiResolver } from './wiki';
import { postHeader, previewCards, type PostHeaderOptions } from './preview';
import { VISIBILITY } from './cards';
import { FILE_TYPES, MEDIA_TYPES } from '../ghost/uploads';

type Md = MarkdownIt.MarkdownIt;
type Token = MarkdownIt.Token;

type MarkdownItParts = typeof import('./markdownIt');
let parts: MarkdownItParts | undefined;

/** The parser and its plugins (markdownIt.ts), loaded on first use. */
function markdownItParts(): MarkdownItParts {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  parts ??= require('./markdownIt') as MarkdownItParts;
  return parts;
}

export { HTML_CARD_BEGIN, HTML_CARD_END } from './cards';
import { HTML_CARD_BEGIN, HTML_CARD_END } from './cards';

/**
 * The Markdown dialect: CommonMark with GFM tables, strikethrough and task lists, plus the
 * footnote, mark, sub and sup plugins that Ghost's own Markdown card uses; raw HTML allowed.
 * Exported so VS Code's Markdown preview can render with the very same parser; with `preview`,
 * Ghost's cards are also shown as Ghost shows them (see preview.ts).
 */
export function extendMarkdownIt(md: Md, opts: { preview?: boolean; header?: PostHeaderOptions } = {}): Md {
  const { footnote, mark, sub, sup, container } = markdownItParts();
  md.use(footnote).use(mark).use(sub).use(sup).use(taskLists).use(wikiLinks);
  // `::: web-only` … `:::` and `::: email-only` … `:::` (the container syntax of VuePress,
  // Docusaurus and markdown-it-container): content for one audience.
  for (const name of Object.keys(VISIBILITY)) {
    md.use(container, name, {
      render: (tokens: Token[], idx: number) => ((tokens[idx] as Token).nesting === 1 ? `<div class="ga-audience ga-${name}">\n` : '</div>\n'),
    });
  }
  if (opts.preview) { previewCards(md); postHeader(md, opts.header); }
  md.core.ruler.after('block', 'ghost_card_ends', cardEnds);
  md.core.ruler.push('ghost_figures', figures);
  md.renderer.rules.ghost_figure = (tokens, idx, opts, env) => {
    const fig = tokens[idx] as Token;
    const img = fig.children?.[0];
    if (!img) { return ''; }
    const a = figureAttrs(fig);
    const caption = String(img.attrGet('title') ?? '');
    const media = MEDIA_TYPES[extOf(String(img.attrGet('src') ?? ''))];
    if (media) {
      const src = md.utils.escapeHtml(rewrite(env, String(img.attrGet('src') ?? '')));
      const label = md.utils.escapeHtml(md.renderer.renderInlineAsText(img.children ?? [], opts, env));
      const poster = a.thumbnail ? ` poster="${md.utils.escapeHtml(rewrite(env, a.thumbnail))}"` : '';
      return media.kind === 'video'
        ? `<figure class="kg-card kg-video-card"><video controls preload="metadata" src="${src}"${poster} title="${label}"></video>${caption ? `<figcaption>${md.utils.escapeHtml(caption)}</figcaption>` : ''}</figure>\n`
        : `<div class="kg-card kg-audio-card"><div class="kg-audio-title">${label}</div><audio controls preload="metadata" src="${src}"></audio>${caption ? `<p class="kg-audio-caption">${md.utils.escapeHtml(caption)}</p>` : ''}</div>\n`;
    }
    // The image itself goes through the image rule, so a host's own rule (VS Code's preview
    // resolving local paths) still applies inside the figure.
    const attrs = (img.attrs ?? []).filter(([k]) => k !== 'title' && k !== 'width' && k !== 'height');
    const size: Array<[string, string]> = [];
    if (a.width) { size.push(['width', String(a.width)]); }
    if (a.height) { size.push(['height', String(a.height)]); }
    img.attrs = [...attrs, ['class', 'kg-image'], ['loading', 'lazy'], ...size];
    let inner = md.renderer.renderInline([img], opts, env);
    if (a.href) { inner = `<a href="${md.utils.escapeHtml(md.normalizeLink(a.href))}">${inner}</a>`; }
    const width = a.cardWidth && a.cardWidth !== 'regular' ? ` kg-width-${a.cardWidth}` : '';
    return `<figure class="kg-card kg-image-card${width}${caption ? ' kg-card-hascaption' : ''}">${inner}${caption ? `<figcaption>${md.utils.escapeHtml(caption)}</figcaption>` : ''}</figure>\n`;
  };
  md.renderer.rules.ghost_button = (tokens, idx) => {
    const b = (tokens[idx] as Token).meta as unknown as ButtonCard;
    return `<div class="kg-card kg-button-card kg-align-${b.alignment}"><a href="${md.utils.escapeHtml(md.normalizeLink(b.url))}" class="kg-btn kg-btn-accent">${md.utils.escapeHtml(b.text)}</a></div>\n`;
  };
  md.renderer.rules.ghost_gallery = (tokens, idx, opts, env) => {
    const images = galleryImages(tokens[idx] as Token);
    const rows: string[] = [];
    for (let i = 0; i < images.length; i += 3) {
      const row = images.slice(i, i + 3).map(({ image, attrs }) => {
        const size: Array<[string, string]> = [];
        if (attrs.width) { size.push(['width', String(attrs.width)]); }
        if (attrs.height) { size.push(['height', String(attrs.height)]); }
        image.attrs = [...(image.attrs ?? []).filter(([k]) => k !== 'title'), ['loading', 'lazy'], ...size];
        return `<div class="kg-gallery-image">${md.renderer.renderInline([image], opts, env)}</div>`;
      });
      rows.push(`<div class="kg-gallery-row">${row.join('')}</div>`);
    }
    return `<figure class="kg-card kg-gallery-card kg-width-wide"><div class="kg-gallery-container">${rows.join('')}</div></figure>\n`;
  };
  const image = md.renderer.rules.image;
  md.renderer.rules.image = (tokens, idx, opts, env, self) => {
    const t = tokens[idx] as Token;
    t.attrSet('src', rewrite(env, String(t.attrGet('src') ?? '')));
    return image ? image(tokens, idx, opts, env, self) : self.renderToken(tokens, idx, opts);
  };
  // A raw <img> is an image like any other: its local file is uploaded and its address replaced.
  for (const kind of ['html_block', 'html_inline'] as const) {
    const before = md.renderer.rules[kind];
    md.renderer.rules[kind] = (tokens, idx, opts, env, self) => rewriteHtmlImages(env, before ? before(tokens, idx, opts, env, self) : (tokens[idx] as Token).content);
  }
  return md;
}

const HTML_IMG_SRC = /(<img\b[^>]*?\ssrc[ \t]*=[ \t]*)(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/gi;

/** The sources of the <img> elements in raw HTML, as written (entities decoded). */
export function htmlImageSources(html: string): string[] {
  return [...html.matchAll(HTML_IMG_SRC)].map((m) => decodeAmp(m[2] ?? m[3] ?? m[4] ?? '')).filter(Boolean);
}

const decodeAmp = (s: string) => s.replace(/&amp;/g, '&');

function rewriteHtmlImages(env: MarkdownIt.Env | undefined, html: string): string {
  if (!(env as RenderEnv | undefined)?.images?.size) { return html; }
  return html.replace(HTML_IMG_SRC, (all, head: string, dq?: string, sq?: string, bare?: string) => {
    const src = decodeAmp(dq ?? sq ?? bare ?? '');
    const url = rewrite(env, src);
    return url === src ? all : `${head}"${url.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"`;
  });
}

export function createMarkdownIt(): Md {
  return extendMarkdownIt(new (markdownItParts().MarkdownIt)({ html: true, linkify: true, typographer: false }));
}

export interface RenderEnv extends WikiEnv {
  /** Maps a local image path as written to the URL it was uploaded to. */
  images?: ReadonlyMap<string, string>;
  /** Local images' sizes in pixels (read from their bytes), by the path as written. */
  sizes?: ReadonlyMap<string, { width: number; height: number }>;
  /** What Ghost says about the pages that addresses alone on their line point to, by URL: a bookmark's metadata, or an embed. */
  bookmarks?: ReadonlyMap<string, LinkCard>;
  /** Local audio, video and files: what their cards say about them, by the path as written. */
  assets?: ReadonlyMap<string, AssetInfo>;
}

/** A local audio, video or other file, for its card: its type, size in bytes, and (audio, video) duration and (video) size. */
export interface AssetInfo { mime: string; fileSize: number; duration?: number; width?: number; height?: number }

/** An embed (YouTube, Vimeo, X, Spotify…), as Ghost's `/oembed/` gives it. */
export interface EmbedData { embedType: string; html: string; metadata: Record<string, unknown> }

/** What an address alone on its line becomes: a bookmark (with its metadata) or an embed. */
export type LinkCard = BookmarkMeta | EmbedData;

export const isEmbed = (c: LinkCard): c is EmbedData => typeof (c as EmbedData).html === 'string' && typeof (c as EmbedData).embedType === 'string';

/** A bookmark card's metadata, as Ghost's `/oembed/?type=bookmark` gives it. */
export interface BookmarkMeta { icon: string; title: string; description: string; author: string; publisher: string; thumbnail: string }

function rewrite(env: MarkdownIt.Env | undefined, src: string): string {
  return (env as RenderEnv | undefined)?.images?.get(src) ?? src;
}

/** What a figure says besides its image: Ghost's image card fields. */
export interface FigureAttrs {
  width?: number; height?: number; cardWidth?: 'regular' | 'wide' | 'full'; href?: string;
  /** A video's or an audio's thumbnail image (`{thumbnail=poster.jpg}`), uploaded with the images. */
  thumbnail?: string;
}

export function figureAttrs(t: Token): FigureAttrs {
  return (t.meta as FigureAttrs | null | undefined) ?? {};
}

/**
 * `{width=800 height=600 .wide}` after an image (Pandoc's and kramdown's attribute syntax): its
 * size and the card's width; after a video or an audio, `thumbnail=` names its thumbnail image. Undefined when the braces hold anything else (then it is text).
 */
function parseAttrs(text: string): FigureAttrs | undefined {
  const m = /^\{([^{}]*)\}$/.exec(text.trim());
  if (!m) { return undefined; }
  const out: FigureAttrs = {};
  for (const part of (m[1] ?? '').trim().split(/\s+/).filter(Boolean)) {
    const kv = /^(width|height)=(\d{1,6})$/.exec(part);
    if (kv) { out[kv[1] as 'width' | 'height'] = Number(kv[2]); continue; }
    const thumb = /^thumbnail=(\S+)$/.exec(part);
    if (thumb) { out.thumbnail = thumb[1]; continue; }
    const w = /^\.(regular|wide|full)$/.exec(part);
    if (w) { out.cardWidth = w[1] as FigureAttrs['cardWidth']; continue; }
    return undefined;
  }
  return out;
}

/** A button card: its words, where it leads, and how it is aligned. */
export interface ButtonCard { text: string; url: string; alignment: 'center' | 'left' }

/** `[Subscribe](https://…){.button}` alone in its paragraph (`{.button .left}` to align it left): Ghost's button card. */
function buttonOf(children: Token[]): ButtonCard | undefined {
  const [open, ...rest] = children;
  const attrs = rest.pop();
  const close = rest.pop();
  if (open?.type !== 'link_open' || close?.type !== 'link_close' || attrs?.type !== 'text' || !rest.length || !rest.every((t) => t.type === 'text' || t.type === 'softbreak')) { return undefined; }
  const m = /^\{\s*\.button(?:\s+\.(left|center))?\s*\}$/.exec(attrs.content);
  const url = String(open.attrGet('href') ?? '');
  if (!m || !url) { return undefined; }
  // A line break inside the words is a space, as the preview shows it.
  return { text: rest.map((t) => (t.type === 'softbreak' ? ' ' : t.content)).join(''), url, alignment: m[1] === 'left' ? 'left' : 'center' };
}

/** The images of a gallery token, each with its `{…}` attributes. */
export function galleryImages(t: Token): Array<{ image: Token; attrs: FigureAttrs }> {
  const attrs = ((t.meta as { attrs?: FigureAttrs[] } | null)?.attrs) ?? [];
  return (t.children ?? []).map((image, i) => ({ image, attrs: attrs[i] ?? {} }));
}

/**
 * A paragraph of two or more images and nothing else (each may have its `{…}` attributes), one
 * after the other or one a line: Ghost's gallery card.
 */
function galleryOf(children: Token[]): Array<{ image: Token; attrs: FigureAttrs }> | undefined {
  const out: Array<{ image: Token; attrs: FigureAttrs }> = [];
  for (const c of children) {
    if (c.type === 'softbreak' || (c.type === 'text' && c.content.trim() === '')) { continue; }
    if (c.type === 'image') { out.push({ image: c, attrs: {} }); continue; }
    const last = out[out.length - 1];
    const attrs = c.type === 'text' ? parseAttrs(c.content) : undefined;
    if (!last || !attrs || Object.keys(last.attrs).length) { return undefined; }
    last.attrs = attrs;
  }
  return out.length >= 2 ? out : undefined;
}

/** The paragraph at `i` (open, inline, close) replaced by one block token of a card. */
function replaceParagraph(tokens: Token[], i: number, type: string, children: Token[], meta: Record<string, unknown>): void {
  const open = tokens[i] as Token;
  const tok = new (open.constructor as new (type: string, tag: string, nesting: 0 | 1 | -1) => Token)(type, 'div', 0);
  tok.block = true;
  tok.map = open.map;
  tok.level = open.level;
  tok.children = children;
  tok.meta = meta;
  tokens.splice(i, 3, tok);
}

/** Ghost's markers that close an HTML or a Markdown card. */
const CARD_ENDS = new Set(['<!--kg-card-end: html-->', '<!--kg-card-end: markdown-->']);

/**
 * Ghost's marker at the end of a card ends the HTML there: the lines after it in the same HTML
 * block (CommonMark runs an HTML block on to the next blank line) are Markdown again, parsed as
 * such — paragraphs, lists, headings — so that the preview, the HTML and the Lexical sent all hold
 * them. Only top-level blocks, where Ghost's markers are.
 */
function cardEnds(state: { tokens: Token[]; md: Md; env: MarkdownIt.Env }): void {
  const split = (t: Token): Token[] => {
    if (t.type !== 'html_block' || t.level !== 0 || !t.map) { return [t]; }
    const lines = t.content.split('\n');
    const k = lines.findIndex((l) => CARD_ENDS.has(l.trim()));
    const rest = k < 0 ? '' : lines.slice(k + 1).join('\n');
    if (!rest.trim()) { return [t]; }
    const from = t.map[0] + k + 1;
    t.content = `${lines.slice(0, k + 1).join('\n')}\n`;
    t.map = [t.map[0], from];
    const after: Token[] = [];
    state.md.block.parse(rest, state.md, state.env, after);
    for (const a of after) { if (a.map) { a.map = [a.map[0] + from, a.map[1] + from]; } }
    // A block after the marker may hold another card's end.
    return [t, ...after.flatMap(split)];
  };
  if (state.tokens.some((t) => t.type === 'html_block' && t.level === 0 && t.content.includes('<!--kg-card-end:'))) {
    state.tokens = state.tokens.flatMap(split);
  }
}

/**
 * A paragraph holding one image alone becomes a figure, its title the caption (as Ghost's image
 * card); the image may be a link (the card's link) and be followed by `{…}` attributes.
 */
function figures(state: { tokens: Token[] }): void {
  const tokens = state.tokens;
  for (let i = 0; i + 2 < tokens.length; i++) {
    const open = tokens[i] as Token;
    const inline = tokens[i + 1] as Token;
    const close = tokens[i + 2] as Token;
    if (open.type !== 'paragraph_open' || inline.type !== 'inline' || close.type !== 'paragraph_close') { continue; }
    const kids = (inline.children ?? []).filter((c) => !(c.type === 'text' && c.content.trim() === '') && c.type !== 'softbreak');
    const button = buttonOf(inline.children ?? []);
    if (button) {
      replaceParagraph(tokens, i, 'ghost_button', [], button as unknown as Record<string, unknown>);
      continue;
    }
    let attrs: FigureAttrs = {};
    const last = kids[kids.length - 1];
    if (kids.length > 1 && last?.type === 'text') {
      const parsed = parseAttrs(last.content);
      if (!parsed) { continue; }
      attrs = parsed;
      kids.pop();
    }
    if (kids.length === 3 && kids[0]?.type === 'link_open' && kids[1]?.type === 'image' && kids[2]?.type === 'link_close') {
      attrs.href = String(kids[0].attrGet('href') ?? '');
      kids.splice(0, 3, kids[1]);
    }
    if (kids.length !== 1 || kids[0]?.type !== 'image') {
      const gallery = galleryOf(inline.children ?? []);
      if (gallery) { replaceParagraph(tokens, i, 'ghost_gallery', gallery.map((g) => g.image), { attrs: gallery.map((g) => g.attrs) }); }
      continue;
    }
    replaceParagraph(tokens, i, 'ghost_figure', kids, attrs as Record<string, unknown>);
  }
}

let shared: Md | undefined;

/** The parser the converters share, made on first use. */
export function parser(): Md {
  return shared ??= createMarkdownIt();
}

export interface Rendered {
  html: string;
  /** Top-level blocks sent as HTML cards so Ghost keeps them as written. */
  htmlCards: number;
}

/** Which inline constructs Ghost's HTML import would lose (classes, ids, <mark>, sub/sup, raw HTML). */
const FRAGILE_INLINE = new Set(['mark_open', 'sub_open', 'sup_open', 'html_inline', 'footnote_ref']);

function isFragile(block: Token[]): boolean {
  for (const t of block) {
    if (t.type === 'table_open' || t.type === 'html_block' || t.type === 'footnote_block_open' || t.type === 'dl_open') { return true; }
    if (t.type === 'list_item_open' && /task-list-item/.test(String(t.attrGet('class') ?? ''))) { return true; }
    if (t.type === 'bullet_list_open' && /contains-task-list/.test(String(t.attrGet('class') ?? ''))) { return true; }
    if (t.type === 'inline' && t.children?.some((c) => FRAGILE_INLINE.has(c.type))) { return true; }
  }
  return false;
}

/** Top-level blocks: each a run of tokens from a level-0 opening to its closing. */
export function blocks(tokens: Token[]): Token[][] {
  const out: Token[][] = [];
  let current: Token[] = [];
  let depth = 0;
  for (const t of tokens) {
    current.push(t);
    depth += t.nesting;
    if (depth === 0) {
      out.push(current);
      current = [];
    }
  }
  if (current.length) { out.push(current); }
  return out;
}

/**
 * HTML for Ghost's `?source=html` import. Blocks the import would mangle are wrapped as HTML
 * cards, which Ghost keeps verbatim; everything else stays editable in Ghost's editor.
 */
export function renderHtml(markdown: string, env: RenderEnv = {}): Rendered {
  const renderEnv: MarkdownIt.Env = { ...env };
  const tokens = parser().parse(markdown, renderEnv);
  const parts: string[] = [];
  let cards = 0;
  let pendingCard: string[] = [];
  const flush = () => {
    if (pendingCard.length) {
      parts.push(`${HTML_CARD_BEGIN}\n${pendingCard.join('')}${HTML_CARD_END}\n`);
      cards++;
      pendingCard = [];
    }
  };
  for (const block of blocks(tokens)) {
    const html = parser().renderer.render(block, parser().options, renderEnv);
    if (isFragile(block)) {
      pendingCard.push(html);
    } else {
      flush();
      parts.push(html);
    }
  }
  flush();
  return { html: parts.join(''), htmlCards: cards };
}

let previewMd: Md | undefined;

/** What VS Code's preview shows: cards as Ghost shows them, no card markers. */
export function renderPreview(markdown: string, env: RenderEnv = {}): string {
  previewMd ??= extendMarkdownIt(new (markdownItParts().MarkdownIt)({ html: true, linkify: true, typographer: false }), { preview: true });
  return previewMd.render(markdown, { ...env });
}

/** A Lexical document of one Markdown card: Ghost renders the source itself, losslessly. */
export function markdownCardLexical(markdown: string): string {
  return JSON.stringify({
    root: {
      children: [{ type: 'markdown', version: 1, markdown }],
      direction: null, format: '', indent: 0, type: 'root', version: 1,
    },
  });
}

/** The Markdown of a Lexical document that is exactly one Markdown card, else undefined. */
export function markdownFromLexical(lexical: string | null | undefined): string | undefined {
  if (!lexical) { return undefined; }
  try {
    const doc = JSON.parse(lexical) as { root?: { children?: Array<{ type?: string; markdown?: string }> } };
    const children = doc.root?.children ?? [];
    const only = children.length === 1 ? children[0] : undefined;
    return only?.type === 'markdown' && typeof only.markdown === 'string' ? only.markdown : undefined;
  } catch {
    return undefined;
  }
}

/** The extension of a path or URL, lower-cased, without its query or fragment. */
export const extOf = (src: string) => (/(\.[a-z0-9]+)(?:[?#].*)?$/i.exec(src)?.[1] ?? '').toLowerCase();

/**
 * A paragraph that is only a link to a local file Ghost takes for a file card (`[The report](report.pdf)`):
 * its target. Links to web pages, to other Markdown files, or with other words stay links.
 */
export function fileLinkOf(tokens: Token[], idx: number): string | undefined {
  const inline = tokens[idx + 1];
  const kids = inline?.type === 'inline' && tokens[idx]?.type === 'paragraph_open' ? inline.children ?? [] : [];
  const [open, ...rest] = kids;
  const close = rest.pop();
  if (open?.type !== 'link_open' || close?.type !== 'link_close' || !rest.length || !rest.every((t) => t.type === 'text')) { return undefined; }
  const href = String(open.attrGet('href') ?? '');
  // Only paths relative to the file: `/sitemap.xml` is a page of the site, not a file here.
  if (/^[a-z][a-z0-9+.-]*:|^\/|^#|^\?/i.test(href)) { return undefined; }
  return FILE_TYPES[extOf(href)] || MEDIA_TYPES[extOf(href)] ? href : undefined;
}

/**
 * A paragraph (opening at `idx`) that is only a web address, written bare or as `<https://…>`:
 * the URL of a bookmark card. A link with words of its own stays a link.
 */
export function bareUrlOf(tokens: Token[], idx: number): string | undefined {
  const inline = tokens[idx + 1];
  const kids = tokens[idx]?.type === 'paragraph_open' && inline?.type === 'inline' ? inline.children ?? [] : [];
  const [open, text, close] = kids;
  if (kids.length !== 3 || open?.type !== 'link_open' || close?.type !== 'link_close' || text?.type !== 'text') { return undefined; }
  if (open.markup !== 'linkify' && open.markup !== 'autolink') { return undefined; }
  const href = String(open.attrGet('href') ?? '');
  return /^https?:\/\/[^\s]+$/i.test(href) && (text.content === href || `http://${text.content}` === href || decodeSafe(href) === text.content) ? href : undefined;
}

const decodeSafe = (s: string) => { try { return decodeURI(s); } catch { return s; } };

/** The image sources a document refers to, in order, without duplicates. */
export function imageSources(markdown: string): string[] {
  return references(markdown).images;
}

/**
 * What a document refers to, from one parse: the images and local files to upload, and the web
 * addresses alone on their line (bookmark and embed cards).
 */
export function references(markdown: string, wiki?: WikiResolver): { images: string[]; bookmarks: string[]; wikiUnresolved: string[]; pagesUnresolved: UnresolvedPage[] } {
  const env: WikiEnv & MarkdownIt.Env = { wiki };
  const tokens = parser().parse(markdown, env);
  const bookmarks = new Set<string>();
  tokens.forEach((t, i) => { const url = t.level === 0 ? bareUrlOf(tokens, i) : undefined; if (url) { bookmarks.add(url); } });
  return { images: imageSourcesOf(tokens), bookmarks: [...bookmarks], wikiUnresolved: [...new Set(env.wikiUnresolved ?? [])], pagesUnresolved: env.pagesUnresolved ?? [] };
}

function imageSourcesOf(tokens: Token[]): string[] {
  const out = new Set<string>();
  // Inside Ghost's HTML card markers is an HTML card as Ghost holds it (a pulled post's): sent as
  // it is, its <img> never read from disk. Elsewhere a raw <img> is the writer's image.
  let inCard = false;
  const walk = (list: Token[]) => {
    for (const t of list) {
      if (t.type === 'image') { out.add(String(t.attrGet('src') ?? '')); }
      if (t.type === 'html_block' && t.level === 0) {
        if (t.content.includes('<!--kg-card-begin: html-->')) { inCard = true; }
        if (!inCard) { for (const src of htmlImageSources(t.content)) { out.add(src); } }
        if (t.content.includes('<!--kg-card-end: html-->')) { inCard = false; }
      } else if ((t.type === 'html_block' || t.type === 'html_inline') && !inCard) {
        for (const src of htmlImageSources(t.content)) { out.add(src); }
      }
      if (t.type === 'ghost_figure' && figureAttrs(t).thumbnail) { out.add(figureAttrs(t).thumbnail as string); }
      if (t.children) { walk(t.children); }
    }
  };
  walk(tokens);
  // And local files linked alone in their paragraph: they go up with the images, for file cards.
  // (Only at the top level, where they become file cards; elsewhere they stay links.)
  tokens.forEach((t, i) => { const href = t.level === 0 ? fileLinkOf(tokens, i) : undefined; if (href) { out.add(href); } });
  out.delete('');
  return [...out];
}

/**
 * The level-1 heading that opens the document (its first block, after blank lines), and the body
 * without it: the title of a file that has none in its front matter. A heading anywhere else (after
 * words, in a quote or a list) is the writer's heading, and stays where it is.
 */
export function takeTitleHeading(markdown: string): { title: string; body: string } | undefined {
  const tokens = parser().parse(markdown, {});
  const open = tokens[0];
  const inline = tokens[1];
  if (open?.type !== 'heading_open' || open.tag !== 'h1' || !open.map || !inline) { return undefined; }
  const [start, end] = open.map;
  const lines = markdown.split(/(?<=\r\n|\r(?!\n)|\n)/);
  // Only blank lines before it (a reference definition makes no block, but is written first).
  if (lines.slice(0, start).some((l) => l.trim() !== '')) { return undefined; }
  const title = parser().renderer.renderInlineAsText(inline.children ?? [], parser().options, {}).trim();
  if (!title) { return undefined; }
  const body = [...lines.slice(0, start), ...lines.slice(end)].join('').replace(/^\s*\n/, '');
  return { title, body };
}

export type { RenderMode };
