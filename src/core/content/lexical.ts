import type MarkdownIt from 'markdown-it';
import { createHash } from 'node:crypto';
import { GhostAuthorError } from '../ghost/errors';
import { readYaml, YamlError } from './yaml';
import { ALERT, calloutStyle, CARD_DEFAULTS, codeInfo, PAYWALL, VISIBILITY, type Audience } from './cards';
import { MEDIA_TYPES } from '../ghost/uploads';
import { bareUrlOf, blocks, parser, extOf, figureAttrs, fileLinkOf, galleryImages, isEmbed, type BookmarkMeta, type ButtonCard, type FigureAttrs, type RenderEnv } from './render';

type Token = MarkdownIt.Token;

/** A Lexical node, as Ghost stores it (see Koenig's kg-default-nodes). */
export type LexNode = Record<string, unknown> & { type: string };

/** Lexical text format bits, as Ghost renders them. */
export const FORMAT = { bold: 1, italic: 2, strikethrough: 4, underline: 8, code: 16, subscript: 32, superscript: 64, highlight: 128 } as const;

const ELEMENT = { direction: null, format: '', indent: 0, version: 1 };

const textNode = (text: string, format: number): LexNode => ({ type: 'extended-text', text, format, detail: 0, mode: 'normal', style: '', version: 1 });
const paragraph = (children: LexNode[]): LexNode => ({ type: 'paragraph', children, ...ELEMENT });


export { CALLOUTS } from './cards';


/**
 * The inline tokens of an alert's first paragraph after its marker line (the marker is alone on
 * its line: the tokens up to the first line break); undefined when that line is not plain text.
 */
function afterMarker(kids: readonly Token[]): Token[] | undefined {
  const k = kids.findIndex((t) => t.type === 'softbreak' || t.type === 'hardbreak');
  const line = k < 0 ? kids : kids.slice(0, k);
  if (!line.every((t) => t.type === 'text')) { return undefined; }
  return k < 0 ? [] : kids.slice(k + 1);
}

/**
 * A quote that opens with an alert marker, as a callout card; undefined for a plain quote. `env` is
 * the document's own (after its parse): its reference definitions and footnotes hold here too.
 */
function callout(tokens: Token[], env: RenderEnv & MarkdownIt.Env): LexNode | undefined {
  const first = tokens[2];
  const m = first?.type === 'inline' && tokens[1]?.type === 'paragraph_open' ? ALERT.exec(first.content) : null;
  if (!m || !first) { return undefined; }
  const style = calloutStyle(m[1] ?? '', m[2], m[3]);
  if (!style) { return undefined; }
  const { emoji, color } = style;
  // The text after the marker, paragraphs joined by line breaks (Ghost keeps callout text inline).
  // The tokens of the document's parse are rendered, not their source again: a reference link
  // needs the document's definitions, and a footnote reference parsed twice would be counted twice.
  const paragraphs: string[] = [];
  const rest = afterMarker(first.children ?? []);
  if (rest) {
    const html = parser().renderer.renderInline(rest, parser().options, env);
    if (html.trim()) { paragraphs.push(html); }
  } else {
    const source = first.content.slice(m[0].length);
    if (source.trim()) { paragraphs.push(parser().renderInline(source, { ...env })); }
  }
  for (const t of tokens.slice(4, -1)) {
    if (t.type === 'inline') { paragraphs.push(parser().renderer.renderInline(t.children ?? [], parser().options, env)); } else if (!['paragraph_open', 'paragraph_close'].includes(t.type)) { return undefined; }
  }
  return { type: 'callout', version: 1, calloutText: paragraphs.join('<br><br>'), calloutEmoji: emoji, backgroundColor: color };
}

const DETAILS_ONE = /^<details>\s*<summary>([\s\S]*?)<\/summary>([\s\S]*?)<\/details>\s*$/i;
const DETAILS_OPEN = /^<details>\s*<summary>([\s\S]*?)<\/summary>\s*$/i;

/**
 * `<details><summary>Heading</summary>` … `</details>` (GitHub's collapsible section, with
 * Markdown inside) as Ghost's toggle card; on one line, or with the content between.
 */
function toggleAt(all: Token[][], i: number, env: MarkdownIt.Env): { node: LexNode; last: number } | undefined {
  const head = all[i]?.[0];
  if (head?.type !== 'html_block') { return undefined; }
  const toggle = (heading: string, content: string): LexNode => ({ type: 'toggle', version: 1, heading: heading.trim(), content: content.trim() });
  const one = DETAILS_ONE.exec(head.content.trim());
  if (one) { return { node: toggle(one[1] ?? '', one[2] ?? ''), last: i }; }
  const open = DETAILS_OPEN.exec(head.content.trim());
  if (!open) { return undefined; }
  for (let j = i + 1; j < all.length; j++) {
    const t = all[j]?.[0];
    if (t?.type === 'html_block' && t.content.trim().toLowerCase() === '</details>') {
      const inner = all.slice(i + 1, j).map((b) => parser().renderer.render(b, parser().options, env)).join('');
      return { node: toggle(open[1] ?? '', inner), last: j };
    }
  }
  return undefined;
}

/** The info string of a fenced block that holds one Ghost card exactly, as JSON. */
export const CARD_FENCE = 'ghost-card';

/** A card block is not a card: says which line and why. */
export class CardError extends GhostAuthorError {
  constructor(readonly line: number, message: string, hint = 'A ghost-card block holds one Ghost card: as JSON (as a pull writes it), or as YAML naming its type. Fix it, or remove the block.') {
    super(`line ${line} of the body: ${message}`, hint);
  }
  static override is(e: unknown): e is CardError {
    return e instanceof CardError;
  }
}

/** Each footnote's definition as written (the lines its content spans), in the order of the notes. */
function footnoteSources(block: Token[], lines: string[]): string | undefined {
  const out: string[] = [];
  let from = Infinity;
  let to = -1;
  for (const t of block) {
    if (t.type === 'footnote_open') { from = Infinity; to = -1; }
    if (t.map) { from = Math.min(from, t.map[0]); to = Math.max(to, t.map[1]); }
    if (t.type === 'footnote_close') {
      if (to <= from) { return undefined; }
      out.push(lines.slice(from, to).join('\n').replace(/\s+$/, ''));
    }
  }
  return out.length ? out.join('\n\n') : undefined;
}

/**
 * The node a ```ghost-card block holds: JSON exactly as written (what a pull writes), or YAML naming
 * a card's type and the fields that differ from what Ghost's editor starts it with.
 */
function exactCard(t: Token): LexNode {
  const line = (t.map?.[0] ?? 0) + 2;
  const isNode = (v: unknown): v is LexNode => !!v && typeof v === 'object' && !Array.isArray(v) && typeof (v as { type?: unknown }).type === 'string';
  if (/^\s*[[{]/.test(t.content)) {
    let node: unknown;
    try {
      node = JSON.parse(t.content);
    } catch (e) {
      throw new CardError(line, `the ${CARD_FENCE} block is not valid JSON (${e instanceof Error ? e.message : String(e)}).`);
    }
    if (!isNode(node)) { throw new CardError(line, `the ${CARD_FENCE} block must hold one JSON object with a "type".`); }
    return node;
  }
  let written: unknown;
  try {
    written = readYaml(t.content);
  } catch (e) {
    if (!(e instanceof YamlError)) { throw e; }
    throw new CardError(line + e.line - 1, `the ${CARD_FENCE} block is neither JSON nor valid YAML (${e.message}): quote values that start with * & ! or |.`);
  }
  if (!isNode(written)) { throw new CardError(line, `the ${CARD_FENCE} block must name the card's type (type: product, header, signup, call-to-action…).`); }
  const { type, ...fields } = written;
  return { type, version: 1, ...CARD_DEFAULTS[type], ...fields } as LexNode;
}

/** Every problem with the ghost-card blocks of a body (line numbers in the body, 1-based). */
export function cardProblems(markdown: string): CardError[] {
  const out: CardError[] = [];
  const tokens = parser().parse(markdown, {});
  const lines = markdown.split(/\r\n?|\n/);
  for (const t of tokens) {
    if (t.type === 'fence' && t.info.trim() === CARD_FENCE) {
      try { exactCard(t); } catch (e) { if (CardError.is(e)) { out.push(e); } else { throw e; } }
    }
    if (t.type === 'ghost_figure' && figureAttrs(t).thumbnail && !MEDIA_TYPES[extOf(String(t.children?.[0]?.attrGet('src') ?? ''))]) {
      out.push(new CardError((t.map?.[0] ?? 0) + 1, 'thumbnail= is for a video or an audio; an image is its own thumbnail.', 'Remove thumbnail= from the image\'s {…}.'));
    }
    const audience = /^container_(web-only|email-only)_open$/.exec(t.type)?.[1];
    if (audience && t.level === 0 && t.map && !/^\s*:::\s*$/.test(lines[t.map[1]] ?? '')) {
      out.push(new CardError(t.map[0] + 1, `the \`::: ${audience}\` block is never closed (else the rest of the post would be ${audience === 'web-only' ? 'left out of the email' : 'left off the web'}).`, 'End it with a line holding only `:::`.'));
    }
  }
  return out;
}

/**
 * The key on an HTML card written from Markdown (a table, footnotes…) that keeps that Markdown and
 * a hash of the HTML it gave: a pull writes the Markdown back while the card is unchanged.
 */
export const SOURCE_KEY = 'ghostAuthorSource';

const htmlHash = (html: string) => createHash('sha256').update(html).digest('hex').slice(0, 16);

/** Keeps on an HTML card the Markdown it was written from, with a hash of the HTML that gave. */
function keepSource(node: LexNode, markdown: string): void {
  node[SOURCE_KEY] = { markdown, html: htmlHash(String(node.html)) };
}

/** The Markdown an HTML card was written from, while its HTML is still what that Markdown gave. */
export function sourceOf(node: LexNode): string | undefined {
  const s = node[SOURCE_KEY] as { markdown?: unknown; html?: unknown } | undefined;
  return typeof s?.markdown === 'string' && typeof node.html === 'string' && s.html === htmlHash(node.html) ? s.markdown : undefined;
}

/** Ghost's own markers around an HTML or Markdown card: what is between them is the card, verbatim. */
export const cardBegin = (kind: 'html' | 'markdown') => `<!--kg-card-begin: ${kind}-->`;
export const cardEnd = (kind: 'html' | 'markdown') => `<!--kg-card-end: ${kind}-->`;

/**
 * A card between Ghost's markers, starting at top-level block i: its node, and the last line it
 * takes (0-based). The text between the marker lines is kept as it is (one blank line after the
 * opening marker and before the closing one is layout, not content).
 */
function markedCard(all: Token[][], i: number, lines: string[]): { node: LexNode; endLine: number } | undefined {
  const head = all[i]?.[0];
  if (head?.type !== 'html_block' || !head.map) { return undefined; }
  const kind = (['html', 'markdown'] as const).find((k) => head.content.trim() === cardBegin(k));
  if (!kind) { return undefined; }
  const from = head.map[1];
  let to = from;
  while (to < lines.length && (lines[to] ?? '').trim() !== cardEnd(kind)) { to++; }
  if (to >= lines.length) { return undefined; }
  let text = lines.slice(from, to).join('\n');
  if (text.startsWith('\n')) { text = text.slice(1); }
  if (text.endsWith('\n')) { text = text.slice(0, -1); }
  const node: LexNode = kind === 'html' ? { type: 'html', version: 1, html: text } : { type: 'markdown', version: 1, markdown: text };
  return { node, endLine: to };
}

export { PAYWALL } from './cards';

/** The inline tokens each format bit opens and closes with. */
const FORMAT_TOKENS: Record<string, number> = {
  strong_open: FORMAT.bold, em_open: FORMAT.italic, s_open: FORMAT.strikethrough,
  sub_open: FORMAT.subscript, sup_open: FORMAT.superscript, mark_open: FORMAT.highlight,
};

class NotNative extends Error {}

/**
 * Inline tokens as Lexical inline nodes, with text formats as format bits so that the words stay
 * editable text in Ghost's editor. What Lexical cannot hold inline (an image among words, raw HTML,
 * a footnote reference) throws NotNative: the block is then kept as an HTML card.
 */
function inline(tokens: readonly Token[]): LexNode[] {
  const out: LexNode[] = [];
  let format = 0;
  const stack: number[] = [];
  let link: LexNode | undefined;
  const push = (n: LexNode) => {
    const into = link ? (link.children as LexNode[]) : out;
    const last = into[into.length - 1];
    if (n.type === 'extended-text' && last?.type === 'extended-text' && last.format === n.format) {
      last.text = `${String(last.text)}${String(n.text)}`;
    } else {
      into.push(n);
    }
  };
  for (const t of tokens) {
    const bit = FORMAT_TOKENS[t.type];
    if (bit !== undefined) { stack.push(bit); format |= bit; continue; }
    if (t.nesting === -1 && FORMAT_TOKENS[t.type.replace(/_close$/, '_open')] !== undefined) {
      // The formats still open stay on: `*(*foo*)*` is italic to its end.
      stack.pop();
      format = stack.reduce((f, b) => f | b, 0);
      continue;
    }
    switch (t.type) {
      case 'text':
        if (t.content) { push(textNode(t.content, format)); }
        break;
      case 'code_inline':
        push(textNode(t.content, format | FORMAT.code));
        break;
      case 'softbreak':
        push(textNode(' ', format));
        break;
      case 'hardbreak':
        push({ type: 'linebreak', version: 1 });
        break;
      case 'link_open':
        if (link) { throw new NotNative('a link inside a link'); }
        link = { type: 'link', url: String(t.attrGet('href') ?? ''), rel: null, target: null, title: t.attrGet('title') ?? null, children: [], ...ELEMENT };
        out.push(link);
        break;
      case 'link_close':
        link = undefined;
        break;
      case 'footnote_ref': {
        // A footnote reference stays text: a superscript link to its note, as the preview shows it.
        if (link) { throw new NotNative('a footnote inside a link'); }
        const n = Number((t.meta as { id?: number } | null)?.id ?? 0) + 1;
        out.push({ type: 'link', url: `#fn${n}`, rel: null, target: null, title: null, children: [textNode(`[${n}]`, format | FORMAT.superscript)], ...ELEMENT });
        break;
      }
      case 'html_inline': {
        // <u>…</u>: Markdown has no underline; Ghost's editor does (a format bit).
        const tag = t.content.trim().toLowerCase();
        if (tag === '<u>') { stack.push(FORMAT.underline); format |= FORMAT.underline; break; }
        if (tag === '</u>' && stack[stack.length - 1] === FORMAT.underline) { stack.pop(); format = stack.reduce((f, b) => f | b, 0); break; }
        throw new NotNative('html');
      }
      default:
        throw new NotNative(t.type);
    }
  }
  return out;
}

/** The inline children of a run of paragraphs, joined by line breaks (quotes and list items hold no paragraphs). */
function paragraphsInline(run: Token[]): LexNode[] {
  const out: LexNode[] = [];
  for (const t of run) {
    if (t.type === 'inline') {
      if (out.length) { out.push({ type: 'linebreak', version: 1 }, { type: 'linebreak', version: 1 }); }
      out.push(...inline(t.children ?? []));
    } else if (!['paragraph_open', 'paragraph_close'].includes(t.type)) {
      throw new NotNative(t.type);
    }
  }
  return out;
}

/** A list as Lexical list nodes; a nested list goes in its own item right after its parent's. */
function list(block: Token[], env: RenderEnv): LexNode {
  const open = block[0] as Token;
  if (/contains-task-list/.test(String(open.attrGet('class') ?? ''))) { throw new NotNative('task list'); }
  const ordered = open.type === 'ordered_list_open';
  const start = ordered ? Number(open.attrGet('start') ?? 1) : 1;
  const items: LexNode[] = [];
  let i = 1;
  let value = start;
  while (i < block.length - 1) {
    const t = block[i] as Token;
    if (t.type !== 'list_item_open') { throw new NotNative(t.type); }
    // The item's tokens, up to its closing.
    let depth = 0;
    let j = i;
    for (; j < block.length; j++) {
      depth += (block[j] as Token).nesting;
      if (depth === 0) { break; }
    }
    const body = block.slice(i + 1, j);
    const own: Token[] = [];
    const nested: LexNode[] = [];
    for (const part of blocks(body)) {
      const head = part[0] as Token;
      if (head.type === 'bullet_list_open' || head.type === 'ordered_list_open') {
        nested.push(list(part, env));
      } else if (nested.length) {
        throw new NotNative('text after a nested list');
      } else {
        own.push(...part);
      }
    }
    items.push({ type: 'listitem', value: value++, children: paragraphsInline(own), ...ELEMENT });
    for (const n of nested) { items.push({ type: 'listitem', value: value++, children: [n], ...ELEMENT }); }
    i = j + 1;
  }
  return { type: 'list', listType: ordered ? 'number' : 'bullet', start, tag: ordered ? 'ol' : 'ul', children: items, ...ELEMENT };
}

function block(tokens: Token[], env: RenderEnv & MarkdownIt.Env): LexNode {
  const head = tokens[0] as Token;
  switch (head.type) {
    case 'paragraph_open': {
      const url = bareUrlOf(tokens, 0);
      if (url) { return bookmark(url, env); }
      const file = fileLinkOf(tokens, 0);
      if (file) { return fileCard(file, tokens, env); }
      return paragraph(paragraphsInline(tokens));
    }
    case 'heading_open':
      return { type: 'extended-heading', tag: head.tag, children: inline(tokens[1]?.children ?? []), ...ELEMENT };
    case 'blockquote_open':
      return callout(tokens, env) ?? { type: 'extended-quote', children: paragraphsInline(tokens.slice(1, -1)), ...ELEMENT };
    case 'bullet_list_open':
    case 'ordered_list_open':
      return list(tokens, env);
    case 'fence':
      if (head.info.trim() === CARD_FENCE) { return exactCard(head); }
      {
        const { language, caption } = codeInfo(head.info);
        // The language as CommonMark reads the info string: backslash escapes and entities resolved.
        return { type: 'codeblock', version: 1, code: head.content.replace(/\n$/, ''), language: parser().utils.unescapeAll(language), caption: caption ? parser().utils.escapeHtml(caption) : '' };
      }
    case 'code_block':
      return { type: 'codeblock', version: 1, code: head.content.replace(/\n$/, ''), language: head.info.trim().split(/\s+/)[0] ?? '', caption: '' };
    case 'hr':
      return { type: 'horizontalrule', version: 1 };
    case 'html_block':
      // Ghost's marker where the free preview ends: its paywall card, so members-only stays members-only.
      if (head.content.trim() === PAYWALL) { return { type: 'paywall', version: 1 }; }
      throw new NotNative('html');
    case 'ghost_figure': {
      const img = head.children?.[0];
      if (!img) { throw new NotNative('figure'); }
      const src = String(img.attrGet('src') ?? '');
      const caption = String(img.attrGet('title') ?? '');
      const media = MEDIA_TYPES[extOf(src)];
      const a = figureAttrs(head);
      if (media) { return mediaCard(media.kind, src, img, caption, a, env); }
      // The size written in {width= height=} wins; else the one read from a local file's bytes.
      const size = a.width || a.height ? undefined : env.sizes?.get(src);
      return {
        type: 'image', version: 1, src: env.images?.get(src) ?? src, width: a.width ?? size?.width ?? null, height: a.height ?? size?.height ?? null, title: '',
        alt: parser().renderer.renderInlineAsText(img.children ?? [], parser().options, {}), caption: caption ? parser().utils.escapeHtml(caption) : '', cardWidth: a.cardWidth ?? 'regular', href: a.href ?? '',
      };
    }
    case 'ghost_gallery':
      return gallery(head, env);
    case 'ghost_button': {
      const b = head.meta as unknown as ButtonCard;
      return { type: 'button', version: 1, buttonText: b.text, alignment: b.alignment, buttonUrl: b.url };
    }
    default:
      throw new NotNative(head.type);
  }
}

/** What a bookmark shows when Ghost could not read the page: its address. */
export const plainBookmark = (url: string): BookmarkMeta => ({ icon: '', title: url, description: '', author: '', publisher: '', thumbnail: '' });

function bookmark(url: string, env: RenderEnv): LexNode {
  const card = env.bookmarks?.get(url) ?? plainBookmark(url);
  if (isEmbed(card)) { return { type: 'embed', version: 1, url, embedType: card.embedType, html: card.html, metadata: { ...card.metadata }, caption: '' }; }
  return { type: 'bookmark', version: 1, url, metadata: { ...card }, caption: '' };
}

export { EMBED_PROVIDERS } from './cards';

/**
 * `![Title](clip.mp4 "Caption")` alone in its paragraph: Ghost's video card (`.mp3`, `.wav`, `.ogg`,
 * `.m4a`: its audio card), with the duration and size read from a local file.
 */
function mediaCard(kind: 'audio' | 'video', src: string, img: Token, caption: string, attrs: FigureAttrs, env: RenderEnv): LexNode {
  const info = env.assets?.get(src);
  const url = env.images?.get(src) ?? src;
  const title = parser().renderer.renderInlineAsText(img.children ?? [], parser().options, {});
  const duration = info?.duration ?? 0;
  // Words and links the card has no place for keep it from being one (an HTML card keeps them):
  // an audio card has a title and no caption; a video card a caption and no title; neither a link.
  if (attrs.href || attrs.width || attrs.height || (kind === 'audio' ? caption : title && caption)) { throw new NotNative('media with words its card cannot hold'); }
  if (kind === 'video' && !caption && title) { caption = title; }
  // The thumbnail the writer chose (Ghost's editor would take a frame of the video): uploaded as an image.
  const thumb = attrs.thumbnail ? env.images?.get(attrs.thumbnail) ?? attrs.thumbnail : '';
  const thumbSize = attrs.thumbnail ? env.sizes?.get(attrs.thumbnail) : undefined;
  if (kind === 'audio') {
    return { type: 'audio', version: 1, src: url, title: title || fileNameOf(url), duration, mimeType: info?.mime ?? '', thumbnailSrc: thumb };
  }
  return {
    type: 'video', version: 1, src: url, caption: caption ? parser().utils.escapeHtml(caption) : '', fileName: fileNameOf(src), mimeType: info?.mime ?? '',
    width: info?.width ?? null, height: info?.height ?? null, duration, thumbnailSrc: thumb, customThumbnailSrc: thumb,
    thumbnailWidth: thumbSize?.width ?? null, thumbnailHeight: thumbSize?.height ?? null, cardWidth: 'regular', loop: false,
  };
}

/** `[The annual report](report.pdf)` alone in its paragraph: Ghost's file card. */
function fileCard(href: string, tokens: Token[], env: RenderEnv): LexNode {
  const title = (tokens[1]?.children ?? []).filter((t) => t.type === 'text').map((t) => t.content).join('');
  const caption = String(tokens[1]?.children?.[0]?.attrGet('title') ?? '');
  return { type: 'file', version: 1, src: env.images?.get(href) ?? href, fileTitle: title, fileCaption: caption ? parser().utils.escapeHtml(caption) : '', fileName: fileNameOf(href), fileSize: env.assets?.get(href)?.fileSize ?? 0 };
}

/** The file name at the end of a URL, as Ghost's editor records it for gallery images. */
export function fileNameOf(url: string): string {
  const last = /([^/?#]+)(?:[?#].*)?$/.exec(url)?.[1] ?? 'image';
  try { return decodeURIComponent(last); } catch { return last; }
}

/**
 * Ghost's gallery card, three images a row. Ghost drops a gallery image without its size, so each
 * needs one: written in `{width= height=}`, or read from a local file. Otherwise the images stay
 * an HTML card.
 */
function gallery(t: Token, env: RenderEnv): LexNode {
  const images = galleryImages(t).map(({ image, attrs }, i) => {
    const src = String(image.attrGet('src') ?? '');
    const size = attrs.width && attrs.height ? { width: attrs.width, height: attrs.height } : env.sizes?.get(src);
    if (!size) { throw new NotNative('gallery image without a size'); }
    const url = env.images?.get(src) ?? src;
    const fileName = fileNameOf(url);
    const alt = parser().renderer.renderInlineAsText(image.children ?? [], parser().options, {});
    const caption = String(image.attrGet('title') ?? '');
    return { src: url, width: size.width, height: size.height, fileName, row: Math.floor(i / 3), ...(alt ? { alt } : {}), ...(caption ? { caption: parser().utils.escapeHtml(caption) } : {}) };
  });
  return { type: 'gallery', version: 1, images, caption: '' };
}

export interface LexicalDocument {
  /** The document as Ghost stores it: a JSON string. */
  lexical: string;
  /** Top-level blocks kept as HTML cards (Ghost has no node for them). */
  htmlCards: number;
}

/**
 * Markdown as a Lexical document, written directly (no conversion in Ghost): paragraphs,
 * headings, quotes, lists and text formats stay editable in Ghost's editor, code, images and rules
 * become their cards, and what Ghost has no node for (tables, raw HTML, footnotes, task lists) is
 * kept as an HTML card holding exactly what the preview shows.
 */
export function markdownToLexical(markdown: string, env: RenderEnv = {}): LexicalDocument {
  const renderEnv: RenderEnv & MarkdownIt.Env = { ...env };
  const tokens = parser().parse(markdown, renderEnv);
  const children: LexNode[] = [];
  let cards = 0;
  let pending: string[] = [];
  let from = Infinity;
  let to = -1;
  let mapped = true;
  const lines = markdown.split(/\r\n?|\n/);
  const flush = () => {
    if (!pending.length) { return; }
    const html = pending.join('').replace(/\n$/, '');
    const node: LexNode = { type: 'html', version: 1, html };
    if (mapped && to > from) {
      keepSource(node, lines.slice(from, to).join('\n').replace(/\s+$/, ''));
    }
    children.push(node);
    cards++;
    pending = [];
    from = Infinity;
    to = -1;
    mapped = true;
  };
  const all = blocks(tokens);
  for (let i = 0; i < all.length; i++) {
    const b = all[i] as Token[];
    if (b[0]?.type === 'html_block' && b[0].content.trimStart().startsWith('<!--kg-card-begin:')) {
      const marked = markedCard(all, i, lines);
      if (marked) {
        flush();
        children.push(marked.node);
        while (i + 1 < all.length && (all[i + 1]?.[0]?.map?.[0] ?? Infinity) <= marked.endLine) { i++; }
        continue;
      }
    }
    const toggle = toggleAt(all, i, renderEnv);
    if (toggle) {
      flush();
      children.push(toggle.node);
      i = toggle.last;
      continue;
    }
    const audience = /^container_(web-only|email-only)_open$/.exec(b[0]?.type ?? '')?.[1] as Audience | undefined;
    if (audience) {
      // Content for one audience: an HTML card with Ghost's card visibility, keeping its Markdown.
      flush();
      const html = parser().renderer.render(b.slice(1, -1), parser().options, renderEnv).replace(/\n$/, '');
      const node: LexNode = { type: 'html', version: 1, html, visibility: JSON.parse(JSON.stringify(VISIBILITY[audience])) as unknown };
      const map = b[0]?.map;
      // Never closed, it would take the rest of the post away from the other audience.
      if (map && !/^\s*:::\s*$/.test(lines[map[1]] ?? '')) {
        throw new CardError(map[0] + 1, `the \`::: ${audience}\` block is never closed (else the rest of the post would be ${audience === 'web-only' ? 'left out of the email' : 'left off the web'}).`, 'End it with a line holding only `:::`.');
      }
      // The block's lines, from its opening line to before its closing `:::`.
      if (map) {
        keepSource(node, lines.slice(map[0] + 1, map[1]).join('\n').replace(/^\s*\n|\s+$/g, ''));
      }
      children.push(node);
      cards++;
      continue;
    }
    if (b[0]?.type === 'footnote_block_open') {
      // The notes: an HTML card of their own (Ghost has no node for them), keeping the definitions
      // as written so that a pull gives them back.
      flush();
      pending.push(parser().renderer.render(b, parser().options, renderEnv));
      const defs = footnoteSources(b, lines);
      flush();
      const card = children[children.length - 1];
      if (card && defs !== undefined) { keepSource(card, defs); }
      continue;
    }
    try {
      const node = block(b, renderEnv);
      flush();
      children.push(node);
    } catch (e) {
      if (!(e instanceof NotNative)) { throw e; }
      pending.push(parser().renderer.render(b, parser().options, renderEnv));
      const map = b[0]?.map;
      if (map) { from = Math.min(from, map[0]); to = Math.max(to, map[1]); } else { mapped = false; }
    }
  }
  flush();
  // Ghost refuses a document without children.
  if (!children.length) { children.push(paragraph([])); }
  return { lexical: JSON.stringify({ root: { children, type: 'root', ...ELEMENT } }), htmlCards: cards };
}
