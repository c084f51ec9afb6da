/**
 * Ghost's HTML → Markdown, for posts that have no Lexical (written in Ghost's older editor): GFM
 * tables, code languages, figures, callouts, toggles, the paywall. Bundled on its own and loaded
 * only when such a post is pulled: it needs an HTML DOM (turndown's), which nothing else does.
 */
import TurndownService from 'turndown';
import { gfm } from '@joplin/turndown-plugin-gfm';
import { CALLOUTS, HTML_CARD_BEGIN, HTML_CARD_END, PAYWALL } from './cards';

const converters = new Map<boolean, TurndownService>();

type DomNode = { nodeName: string; parentNode: DomNode | null; outerHTML?: string; querySelectorAll?(selector: string): ArrayLike<{ getAttribute(a: string): string | null }> };

/** The table a node is, or is in. */
function tableOf(node: DomNode): DomNode | undefined {
  for (let n: DomNode | null = node; n; n = n.parentNode) { if (n.nodeName === 'TABLE') { return n; } }
  return undefined;
}

/** Tables the GFM plugin cannot write as Markdown: they stay HTML. */
const brokenTables = new WeakSet<object>();

/** A cell spanning more columns than this makes the GFM plugin write that many empty cells: such a table stays HTML. */
const MAX_COLSPAN = 1000;

/**
 * One of the GFM plugin's rules, made safe for the table it meets: with junk where its cells
 * should be (a comment, text), the plugin throws a TypeError, and a huge colspan fills the
 * memory. Then that table alone is kept as HTML, its words with it, and the rest of the post is
 * converted as usual.
 */
function guardTableRule(rule: TurndownService.Rule): void {
  const replace = rule.replacement;
  if (!replace) { return; }
  rule.replacement = (content, node, options) => {
    const table = tableOf(node as unknown as DomNode);
    const keep = () => (node.nodeName === 'TABLE' ? `\n\n${node.outerHTML}\n\n` : content);
    if (table && !brokenTables.has(table)) {
      const spans = Array.from(table.querySelectorAll?.('[colspan]') ?? [], (c) => Number(c.getAttribute('colspan')));
      if (spans.some((n) => n > MAX_COLSPAN)) { brokenTables.add(table); }
    }
    if (table && brokenTables.has(table)) { return keep(); }
    try {
      return replace(content, node, options);
    } catch (e) {
      if (!(e instanceof TypeError) || !table) { throw e; }
      brokenTables.add(table);
      return keep();
    }
  };
}

/** HTML → Markdown for posts written in Ghost's editor: GFM tables, code languages, figures. */
function converter(tables = true): TurndownService {
  const made = converters.get(tables);
  if (made) { return made; }
  const td = new TurndownService({ headingStyle: 'atx', codeBlockStyle: 'fenced', bulletListMarker: '-', emDelimiter: '*', hr: '---' });
  if (tables) {
    const before = new Set(td.rules.array);
    td.use(gfm);
    for (const rule of td.rules.array) { if (!before.has(rule)) { guardTableRule(rule); } }
  } else {
    td.keep(['table']);
  }
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
  converters.set(tables, td);
  return td;
}

/** Ghost's HTML as Markdown; HTML cards stay raw HTML so that pushing them back keeps them. */
export function htmlToMarkdown(html: string): string {
  // A malformed table is kept as HTML by the guarded table rules (see guardTableRule); should
  // anything else in the GFM plugin throw, the chunk is converted again with all tables kept as HTML.
  const turndown = (c: string) => {
    try { return converter().turndown(c); } catch (e) { if (e instanceof TypeError) { return converter(false).turndown(c); } throw e; }
  };
  const out: string[] = [];
  // The paywall is a comment, which HTML → Markdown would drop: members-only content would
  // become public on the next push. It is kept as its marker line.
  const convert = (chunk: string) => chunk.split(PAYWALL).forEach((c, i) => { if (i) { out.push(PAYWALL); } out.push(turndown(c)); });
  const parts = html.split(HTML_CARD_BEGIN);
  convert(parts[0] ?? '');
  for (const part of parts.slice(1)) {
    const [card = '', after = ''] = part.split(HTML_CARD_END);
    out.push(card.trim());
    convert(after);
  }
  return `${out.filter((s) => s.trim() !== '').join('\n\n')}\n`;
}

