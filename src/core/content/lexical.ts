import type MarkdownIt from 'markdown-it';
import { blocks, createMarkdownIt, type RenderEnv } from './render';

type Token = MarkdownIt.Token;

/** A Lexical node, as Ghost stores it (see Koenig's kg-default-nodes). */
export type LexNode = Record<string, unknown> & { type: string };

/** Lexical text format bits, as Ghost renders them. */
export const FORMAT = { bold: 1, italic: 2, strikethrough: 4, underline: 8, code: 16, subscript: 32, superscript: 64, highlight: 128 } as const;

const ELEMENT = { direction: null, format: '', indent: 0, version: 1 };

const textNode = (text: string, format: number): LexNode => ({ type: 'extended-text', text, format, detail: 0, mode: 'normal', style: '', version: 1 });
const paragraph = (children: LexNode[]): LexNode => ({ type: 'paragraph', children, ...ELEMENT });

const md = createMarkdownIt();

/**
 * GitHub's alerts (`> [!NOTE]`, `[!TIP]`, `[!IMPORTANT]`, `[!WARNING]`, `[!CAUTION]`) as Ghost
 * callouts, each with its emoji and colour; `> [!callout|🔥|pink]` names both (Obsidian's
 * `[!type|metadata]` form; an empty emoji means none).
 */
export const CALLOUTS: Readonly<Record<string, { emoji: string; color: string }>> = {
  NOTE: { emoji: 'ℹ️', color: 'blue' },
  TIP: { emoji: '💡', color: 'green' },
  IMPORTANT: { emoji: '❗', color: 'purple' },
  WARNING: { emoji: '⚠️', color: 'yellow' },
  CAUTION: { emoji: '🛑', color: 'red' },
};

const ALERT = /^\[!(\w+)(?:\|([^|\]\n]*))?(?:\|([a-z0-9-]*))?\][ \t]*(?:\n|$)/i;

/** A quote that opens with an alert marker, as a callout card; undefined for a plain quote. */
function callout(tokens: Token[], env: RenderEnv): LexNode | undefined {
  const first = tokens[2];
  const m = first?.type === 'inline' && tokens[1]?.type === 'paragraph_open' ? ALERT.exec(first.content) : null;
  if (!m || !first) { return undefined; }
  const kind = (m[1] ?? '').toUpperCase();
  const known = CALLOUTS[kind];
  if (!known && kind !== 'CALLOUT') { return undefined; }
  const emoji = kind === 'CALLOUT' ? (m[2] ?? '').trim() : known?.emoji ?? '';
  const color = kind === 'CALLOUT' ? (m[3] || 'grey') : known?.color ?? 'grey';
  // The text after the marker, paragraphs joined by line breaks (Ghost keeps callout text inline).
  const paragraphs: string[] = [];
  const rest = first.content.slice(m[0].length);
  if (rest.trim()) { paragraphs.push(md.renderInline(rest, { ...env })); }
  for (const t of tokens.slice(4, -1)) {
    if (t.type === 'inline') { paragraphs.push(md.renderInline(t.content, { ...env })); } else if (!['paragraph_open', 'paragraph_close'].includes(t.type)) { return undefined; }
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
      const inner = all.slice(i + 1, j).map((b) => md.renderer.render(b, md.options, env)).join('');
      return { node: toggle(open[1] ?? '', inner), last: j };
    }
  }
  return undefined;
}

/** Where the free preview of a post ends (Ghost's own marker). */
export const PAYWALL = '<!--members-only-->';

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
      const b = stack.pop() ?? 0;
      format &= ~b;
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

function block(tokens: Token[], env: RenderEnv): LexNode {
  const head = tokens[0] as Token;
  switch (head.type) {
    case 'paragraph_open':
      return paragraph(paragraphsInline(tokens));
    case 'heading_open':
      return { type: 'extended-heading', tag: head.tag, children: inline(tokens[1]?.children ?? []), ...ELEMENT };
    case 'blockquote_open':
      return callout(tokens, env) ?? { type: 'extended-quote', children: paragraphsInline(tokens.slice(1, -1)), ...ELEMENT };
    case 'bullet_list_open':
    case 'ordered_list_open':
      return list(tokens, env);
    case 'fence':
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
      return {
        type: 'image', version: 1, src: env.images?.get(src) ?? src, width: null, height: null, title: '',
        alt: md.renderer.renderInlineAsText(img.children ?? [], md.options, {}), caption: caption ? md.utils.escapeHtml(caption) : '', cardWidth: 'regular', href: '',
      };
    }
    default:
      throw new NotNative(head.type);
  }
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
  const renderEnv: MarkdownIt.Env = { ...env };
  const tokens = md.parse(markdown, renderEnv);
  const children: LexNode[] = [];
  let cards = 0;
  let pending: string[] = [];
  const flush = () => {
    if (!pending.length) { return; }
    children.push({ type: 'html', version: 1, html: pending.join('').replace(/\n$/, '') });
    cards++;
    pending = [];
  };
  const all = blocks(tokens);
  for (let i = 0; i < all.length; i++) {
    const b = all[i] as Token[];
    const toggle = toggleAt(all, i, renderEnv);
    if (toggle) {
      flush();
      children.push(toggle.node);
      i = toggle.last;
      continue;
    }
    try {
      const node = block(b, env);
      flush();
      children.push(node);
    } catch (e) {
      if (!(e instanceof NotNative)) { throw e; }
      pending.push(md.renderer.render(b, md.options, renderEnv));
    }
  }
  flush();
  // Ghost refuses a document without children.
  if (!children.length) { children.push(paragraph([])); }
  return { lexical: JSON.stringify({ root: { children, type: 'root', ...ELEMENT } }), htmlCards: cards };
}
