/**
 * Preview only: what VS Code's Markdown preview shows for Ghost's cards, close to how Ghost shows
 * them (callouts, toggles, bookmarks, galleries, the paywall line, cards kept as JSON). Never used
 * for what is sent to Ghost: these rules go on the preview's own parser, not on the publishing one.
 */
import type MarkdownIt from 'markdown-it';
import { readYaml } from './yaml';
import { ALERT, calloutStyle, codeInfo, EMBED_PROVIDERS, PAYWALL } from './cards';
import { bareUrlOf } from './render';
import { safeLinkHref } from '../safeUrl';

type Md = MarkdownIt.MarkdownIt;
type Token = MarkdownIt.Token;

const CARD_FENCE = 'ghost-card';

/** A quote opening with an alert marker: its callout style, with the marker taken out of the text. */
function callouts(state: { tokens: Token[] }): void {
  const tokens = state.tokens;
  const open: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.type === 'blockquote_open') {
      open.push(t);
      const inline = tokens[i + 2];
      const m = tokens[i + 1]?.type === 'paragraph_open' && inline?.type === 'inline' ? ALERT.exec(inline.content) : null;
      const style = m ? calloutStyle(m[1] ?? '', m[2], m[3]) : undefined;
      if (m && style && inline) {
        t.meta = { callout: style };
        // The marker is the first text of the paragraph, up to its line break.
        const kids = inline.children ?? [];
        const first = kids[0];
        if (first?.type === 'text' && first.content.startsWith(m[0].trimEnd().slice(0, 2))) {
          const rest = first.content.replace(/^\[![^\]]*\][ \t]*/, '');
          first.content = rest;
          if (!rest && kids[1]?.type === 'softbreak') { kids.splice(0, 2); }
        }
      }
    } else if (t.type === 'blockquote_close') {
      const opener = open.pop();
      if ((opener?.meta as { callout?: unknown } | null)?.callout) { t.meta = { callout: true }; }
    }
  }
}

const text = (v: unknown) => (typeof v === 'string' ? v : '');

/** A card kept as JSON, shown as a box naming it, with the words a reader would see. */
function cardBox(md: Md, json: string): string {
  let node: Record<string, unknown> | undefined;
  try { node = (/^\s*[[{]/.test(json) ? JSON.parse(json) : readYaml(json)) as Record<string, unknown>; } catch { node = undefined; }
  if (!node || typeof node !== 'object' || typeof node.type !== 'string') { return `<div class="ga-card ga-card-broken"><strong>ghost-card</strong> — neither JSON nor YAML naming a card's type: it will not be sent until fixed.</div>\n`; }
  const e = (s: string) => md.utils.escapeHtml(s);
  const meta = (node.metadata && typeof node.metadata === 'object' ? node.metadata : {}) as Record<string, unknown>;
  const words = [text(meta.title) || text(node.productTitle) || text(node.header) || text(node.title) || text(node.fileTitle) || text(node.buttonText), text(meta.description) || text(node.subheader) || text(node.url) || text(node.src)]
    .map((w) => w.replace(/<[^>]*>/g, '').trim()).filter(Boolean);
  // The button leads only where a reader's link may (http(s), mailto, the page): else it is words.
  const href = safeLinkHref(text(node.buttonUrl));
  const button = text(node.buttonText) && text(node.buttonUrl) ? (href !== undefined ? `<a class="ga-card-button" href="${e(href)}">${e(text(node.buttonText))}</a>` : `<span class="ga-card-button" title="Link removed: only http(s), mailto and # links are shown">${e(text(node.buttonText))}</span>`) : '';
  return `<div class="ga-card ga-card-${e(text(node.type).replace(/[^a-z0-9-]/gi, ''))}"><span class="ga-card-kind">${e(text(node.type) || 'card')}</span>${words.map((w) => `<div>${e(w)}</div>`).join('')}${button}</div>\n`;
}

export function previewCards(md: Md): void {
  md.core.ruler.push('ghost_callouts', callouts);
  const quoteOpen = md.renderer.rules.blockquote_open;
  md.renderer.rules.blockquote_open = (tokens, idx, opts, env, self) => {
    const style = ((tokens[idx] as Token).meta as { callout?: { emoji: string; color: string } } | null)?.callout;
    if (!style) { return quoteOpen ? quoteOpen(tokens, idx, opts, env, self) : self.renderToken(tokens, idx, opts); }
    const emoji = style.emoji ? `<div class="kg-callout-emoji">${md.utils.escapeHtml(style.emoji)}</div>` : '';
    return `<div class="kg-card kg-callout-card kg-callout-card-${md.utils.escapeHtml(style.color)}">${emoji}<div class="kg-callout-text">`;
  };
  const quoteClose = md.renderer.rules.blockquote_close;
  md.renderer.rules.blockquote_close = (tokens, idx, opts, env, self) => {
    if (((tokens[idx] as Token).meta as { callout?: unknown } | null)?.callout) { return '</div></div>\n'; }
    return quoteClose ? quoteClose(tokens, idx, opts, env, self) : self.renderToken(tokens, idx, opts);
  };
  const htmlBlock = md.renderer.rules.html_block;
  md.renderer.rules.html_block = (tokens, idx, opts, env, self) => {
    const t = tokens[idx] as Token;
    if (t.content.trim() === PAYWALL) { return `<div class="ga-paywall"><span>Free preview ends here · members only below</span></div>\n`; }
    return htmlBlock ? htmlBlock(tokens, idx, opts, env, self) : t.content;
  };
  const fence = md.renderer.rules.fence;
  md.renderer.rules.fence = (tokens, idx, opts, env, self) => {
    const t = tokens[idx] as Token;
    if (t.info.trim() === CARD_FENCE) { return cardBox(md, t.content); }
    const { language, caption } = codeInfo(t.info);
    if (!caption) { return fence ? fence(tokens, idx, opts, env, self) : self.renderToken(tokens, idx, opts); }
    // A code card with a caption: the code as usual (its language only), the caption beneath it.
    const info = t.info;
    t.info = language;
    try {
      const code = fence ? fence(tokens, idx, opts, env, self) : self.renderToken(tokens, idx, opts);
      return `<figure class="ga-code">${code}<figcaption>${md.utils.escapeHtml(caption)}</figcaption></figure>\n`;
    } finally {
      t.info = info;
    }
  };
  // A web address alone in its paragraph: the bookmark card it becomes.
  const paragraphOpen = md.renderer.rules.paragraph_open;
  md.renderer.rules.paragraph_open = (tokens, idx, opts, env, self) => {
    const url = bareUrlOf(tokens, idx);
    if (url !== undefined) {
      const e = md.utils.escapeHtml(url);
      (tokens[idx + 1] as Token).children = [];
      (tokens[idx + 2] as Token).hidden = true;
      (tokens[idx] as Token).hidden = true;
      return `<figure class="kg-card kg-bookmark-card"><a class="kg-bookmark-container" href="${e}"><div class="kg-bookmark-content"><div class="kg-bookmark-title">${e}</div><div class="kg-bookmark-description">${EMBED_PROVIDERS.test(url) ? 'Embed: Ghost shows the player or post when you push (a bookmark if it cannot).' : 'Bookmark: Ghost fills in the page\'s title, description and image when you push.'}</div></div></a></figure>\n`;
    }
    return paragraphOpen ? paragraphOpen(tokens, idx, opts, env, self) : self.renderToken(tokens, idx, opts);
  };
}

/** A finding of the check, as the post header lists it. */
export interface HeaderFinding { line: number; severity: 'error' | 'warning' | 'info'; message: string }

export interface PostHeaderOptions {
  /** The check's findings for the document being previewed (the editor's), by markdown-it's env. */
  findings?: (env: unknown) => readonly HeaderFinding[];
}

/** Ghost's reading time (its helpers' readingMinutes): 275 words a minute, plus 12 s for the first image down to 3 s from the tenth; at least 1. */
export function readingMinutes(words: number, images: number): number {
  let seconds = (words / 275) * 60;
  for (let i = 0; i < images; i++) { seconds += Math.max(3, 12 - i); }
  return Math.max(1, Math.round(seconds / 60));
}

/**
 * The post as Ghost shows it above its body, in place of the front matter: tags, title, excerpt,
 * feature image and caption, authors and reading time, then the check's findings. It reads the
 * front matter token the editor's parser makes (VS Code's) and only for the preview.
 */
export function postHeader(md: Md, opts: PostHeaderOptions = {}): void {
  md.core.ruler.push('ghost_post_header', (state) => {
    const at = state.tokens.findIndex((t) => t.type === 'front_matter');
    if (at !== 0) { return; }
    const fm = state.tokens[0] as Token;
    const yaml = typeof fm.meta === 'string' ? fm.meta : String((fm.meta as { content?: string } | null)?.content ?? '');
    let data: Record<string, unknown>;
    try {
      const v = readYaml(yaml);
      if (!v || typeof v !== 'object' || Array.isArray(v)) { return; }
      data = v as Record<string, unknown>;
    } catch { return; }
    let words = 0;
    let images = 0;
    for (const t of state.tokens) {
      if (t.type !== 'inline') { continue; }
      words += t.content.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
      images += (t.children ?? []).filter((c) => c.type === 'image').length;
    }
    const token = new state.Token('ghost_post_header', '', 0);
    // As Ghost counts it: the feature image is one more image.
    const feature = ['feature_image', 'image', 'cover'].some((k) => typeof data[k] === 'string' && data[k]);
    token.meta = { data, minutes: readingMinutes(words, images + (feature ? 1 : 0)) };
    token.block = true;
    // The header shows the front matter as Ghost will: the editor's own table of it (whose renderer
    // the editor sets after ours) is not shown as well.
    fm.type = 'ghost_front_matter';
    state.tokens.splice(1, 0, token);
  });
  md.renderer.rules.ghost_front_matter = () => '';
  md.renderer.rules.ghost_post_header = (tokens, idx, _o, env) => {
    const { data, minutes } = (tokens[idx] as Token).meta as { data: Record<string, unknown>; minutes: number };
    const e = md.utils.escapeHtml;
    const text = (k: string) => (typeof data[k] === 'string' || typeof data[k] === 'number' ? String(data[k]) : '');
    const list = (k: string) => (Array.isArray(data[k]) ? (data[k] as unknown[]) : typeof data[k] === 'string' ? String(data[k]).split(',') : []).map((x) => String(x).trim()).filter(Boolean);
    const tags = [...list('tags'), ...list('categories'), ...list('category')];
    const authors = [...list('authors'), ...list('author')];
    const excerpt = text('custom_excerpt') || text('excerpt') || text('description') || text('summary');
    const image = text('feature_image') || text('image') || text('cover');
    const parts = [`<header class="ga-post-header">`];
    const line = [...tags.slice(0, 1).map((t) => `<span class="ga-post-tag">${e(t)}</span>`), `<span>${minutes} min read</span>`];
    parts.push(`<div class="ga-post-meta">${line.join(' · ')}</div>`);
    const title = text('title');
    if (title) { parts.push(`<h1 class="ga-post-title">${e(title)}</h1>`); }
    if (excerpt) { parts.push(`<p class="ga-post-excerpt">${e(excerpt)}</p>`); }
    if (authors.length) { parts.push(`<div class="ga-post-byline">By ${e(authors.join(', '))}</div>`); }
    const src = safeImageSrc(image);
    if (src) {
      const caption = text('feature_image_caption');
      parts.push(`<figure class="ga-post-feature"><img src="${e(src)}" alt="${e(text('feature_image_alt'))}">${caption ? `<figcaption>${e(caption)}</figcaption>` : ''}</figure>`);
    }
    const found = opts.findings?.(env) ?? [];
    if (found.length) {
      parts.push(`<ul class="ga-post-findings">${found.map((f) => `<li class="ga-finding-${f.severity}">Line ${f.line}: ${e(f.message)}</li>`).join('')}</ul>`);
    }
    parts.push('</header>\n');
    return parts.join('');
  };
}

/** An image address the preview may show: http(s), or a path (never `javascript:` and the like). */
function safeImageSrc(src: string): string | undefined {
  if (!src) { return undefined; }
  if (/^[a-z][a-z0-9+.-]*:/i.test(src)) { return /^https?:/i.test(src) ? src : undefined; }
  return src;
}
