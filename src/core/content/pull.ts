import TurndownService from 'turndown';
import { gfm } from '@joplin/turndown-plugin-gfm';
import { Document, isMap, isSeq, stringify } from 'yaml';
import type { PostLike } from '../ghost/types';
import { CALLOUTS, PAYWALL } from './lexical';
import { FIELD_RULES } from './meta';
import { lexicalToMarkdown } from './fromLexical';
import { HTML_CARD_BEGIN, HTML_CARD_END, markdownFromLexical } from './render';

let turndown: TurndownService | undefined;

/** HTML → Markdown for posts written in Ghost's editor: GFM tables, code languages, figures. */
function converter(): TurndownService {
  if (turndown) { return turndown; }
  const td = new TurndownService({ headingStyle: 'atx', codeBlockStyle: 'fenced', bulletListMarker: '-', emDelimiter: '*', hr: '---' });
  td.use(gfm);
  td.addRule('ghostFigure', {
    filter: (node) => node.nodeName === 'FIGURE' && !!node.querySelector('img'),
    replacement: (_content, node) => {
      const el = node as unknown as { querySelector(s: string): { getAttribute(a: string): string | null; textContent: string | null } | null };
      const img = el.querySelector('img');
      const caption = el.querySelector('figcaption')?.textContent?.trim();
      const src = img?.getAttribute('src') ?? '';
      const alt = (img?.getAttribute('alt') ?? '').replace(/[[\]]/g, '');
      return `\n\n![${alt}](${src}${caption ? ` "${caption.replace(/"/g, '\\"')}"` : ''})\n\n`;
    },
  });
  td.addRule('fencedCodeWithLanguage', {
    filter: (node) => node.nodeName === 'PRE' && node.firstChild?.nodeName === 'CODE',
    replacement: (_content, node) => {
      const code = node.firstChild as unknown as { getAttribute(a: string): string | null; textContent: string | null };
      const lang = /language-(\S+)/.exec(code.getAttribute('class') ?? '')?.[1] ?? '';
      const text = (code.textContent ?? '').replace(/\n$/, '');
      const fence = text.includes('```') ? '~~~' : '```';
      return `\n\n${fence}${lang}\n${text}\n${fence}\n\n`;
    },
  });
  td.addRule('ghostCallout', {
    filter: (node) => node.nodeName === 'DIV' && /\bkg-callout-card\b/.test((node as unknown as { getAttribute(a: string): string | null }).getAttribute('class') ?? ''),
    replacement: (_content, node) => {
      type El = { getAttribute(a: string): string | null; querySelector(s: string): { textContent: string | null; innerHTML: string } | null };
      const el = node as unknown as El;
      const color = /\bkg-callout-card-([a-z0-9-]+)/.exec(el.getAttribute('class') ?? '')?.[1] ?? 'grey';
      const emoji = el.querySelector('.kg-callout-emoji')?.textContent?.trim() ?? '';
      const html = el.querySelector('.kg-callout-text')?.innerHTML ?? '';
      const kind = Object.entries(CALLOUTS).find(([, v]) => v.emoji === emoji && v.color === color)?.[0];
      const marker = kind ? `[!${kind}]` : `[!callout|${emoji}|${color}]`;
      const paragraphs = html.split(/<br\s*\/?>\s*<br\s*\/?>/i).map((p) => td.turndown(p).replace(/\n/g, '\n> '));
      return `\n\n> ${marker}\n> ${paragraphs.join('\n>\n> ')}\n\n`;
    },
  });
  td.addRule('ghostToggle', {
    filter: (node) => node.nodeName === 'DIV' && /\bkg-toggle-card\b/.test((node as unknown as { getAttribute(a: string): string | null }).getAttribute('class') ?? ''),
    replacement: (_content, node) => {
      const el = node as unknown as { querySelector(s: string): { innerHTML: string } | null };
      const heading = el.querySelector('.kg-toggle-heading-text')?.innerHTML.trim() ?? '';
      const content = td.turndown(el.querySelector('.kg-toggle-content')?.innerHTML ?? '');
      return `\n\n<details><summary>${heading}</summary>\n\n${content}\n\n</details>\n\n`;
    },
  });
  turndown = td;
  return td;
}

/** Ghost's HTML as Markdown; HTML cards stay raw HTML so that pushing them back keeps them. */
export function htmlToMarkdown(html: string): string {
  const td = converter();
  const out: string[] = [];
  // The paywall is a comment, which HTML → Markdown would drop: members-only content would
  // become public on the next push. It is kept as its marker line.
  const convert = (chunk: string) => chunk.split(PAYWALL).forEach((c, i) => { if (i) { out.push(PAYWALL); } out.push(td.turndown(c)); });
  const parts = html.split(HTML_CARD_BEGIN);
  convert(parts[0] ?? '');
  for (const part of parts.slice(1)) {
    const [card = '', after = ''] = part.split(HTML_CARD_END);
    out.push(card.trim());
    convert(after);
  }
  return `${out.filter((s) => s.trim() !== '').join('\n\n')}\n`;
}

/** The front matter fields a pulled post keeps, in the order a writer expects them. */
const PULLED_FIELDS = ['slug', 'custom_excerpt', ...Object.keys(FIELD_RULES).filter((k) => k !== 'slug' && k !== 'custom_excerpt')];

/**
 * A post or page as a Markdown file: front matter with its fields and the link to it, then the
 * body — the Markdown card verbatim when the post is one, else Ghost's HTML converted.
 */
export function postToMarkdown(post: PostLike, opts: { type: 'post' | 'page'; site: string; like?: LocalShape }): string {
  const fm: Record<string, unknown> = { title: post.title };
  if (opts.type === 'page') { fm.type = 'page'; }
  fm.status = post.status === 'sent' ? 'published' : post.status;
  if (post.published_at && post.status !== 'draft') { fm.published_at = post.published_at; }
  if (post.tags?.length) { fm.tags = post.tags.map((t) => t.name); }
  if (post.authors?.length) {
    const emails = post.authors.map((a) => a.email).filter((e): e is string => !!e);
    if (emails.length) { fm.authors = emails; }
  }
  for (const f of PULLED_FIELDS) {
    const v = post[f];
    if (v !== null && v !== undefined && v !== '' && !(f === 'featured' && v === false) && !(f === 'visibility' && v === 'public')) {
      fm[f] = v;
    }
  }
  const single = markdownFromLexical(post.lexical);
  const pulled = single === undefined && post.lexical ? lexicalToMarkdown(post.lexical) : undefined;
  fm.render = single !== undefined ? 'markdown' : 'lexical';
  fm.ghost_id = post.id;
  fm.ghost_site = opts.site;
  // A post with no Lexical (written in Ghost's older editor) is read through its HTML.
  let body = single ?? pulled?.markdown ?? htmlToMarkdown(post.html ?? '');
  let head = fm;
  let gap = '\n';
  if (opts.like) {
    // For a side-by-side comparison: only the fields the local file sets, in its order, and the
    // title where the file keeps it, so the diff shows what differs rather than how it is written.
    head = {};
    for (const k of opts.like.keys) { if (k in fm) { head[k] = fm[k]; } }
    if (!opts.like.keys.includes('title') && opts.like.titleHeading) { body = `# ${post.title}\n\n${body}`; }
    gap = opts.like.blankLineAfterFrontMatter ? '\n' : '';
  }
  let yaml: string;
  if (opts.like?.flowCollections) {
    // Lists inline, as the file writes them; the mapping itself stays in block style.
    const d = new Document(head);
    if (isMap(d.contents)) {
      for (const pair of d.contents.items) { if (isSeq(pair.value)) { pair.value.flow = true; } }
    }
    yaml = d.toString({ lineWidth: 0, flowCollectionPadding: false });
  } else {
    yaml = stringify(head, { lineWidth: 0 });
  }
  // Uploaded images shown by the local paths they came from.
  const uploaded = [...(opts.like?.images ?? new Map<string, string>())].sort((a, b) => b[1].length - a[1].length);
  for (const [ref, url] of uploaded) {
    yaml = yaml.split(url).join(ref);
    body = body.split(url).join(/\s/.test(ref) && !ref.startsWith('<') ? `<${ref}>` : ref);
  }
  return `---\n${yaml}---\n${gap}${body.endsWith('\n') ? body : `${body}\n`}`;
}

/** How a local file is written, for showing Ghost's version in the same shape. */
export interface LocalShape {
  /** Its front matter keys, in order. */
  keys: string[];
  /** Its title is its first `# heading`, not a front matter field. */
  titleHeading: boolean;
  blankLineAfterFrontMatter: boolean;
  /** Its lists are written `[a, b]`. */
  flowCollections?: boolean;
  /** Local image references and the URLs they were uploaded to. */
  images?: ReadonlyMap<string, string>;
}
