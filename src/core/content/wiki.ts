/**
 * Obsidian's links: `![[image.png]]` (an embedded file, found by its name anywhere in the vault)
 * and `[[Note]]`, `[[Note|words]]`, `[[Note#Heading]]` (a link to the note's post when that note
 * is published; plain words otherwise). Code spans and blocks are left alone, as markdown-it parses.
 */
import type MarkdownIt from 'markdown-it';

type StateInline = MarkdownIt.StateInline;

export interface WikiResolver {
  /** An embedded file's path relative to the document's folder, by its name as written. */
  file(target: string): string | undefined;
  /** The web address of a note's post, when it is published. */
  link(target: string): string | undefined;
  /**
   * A Markdown file a link names by its path (`other.md`, `../notes/x.md`, `/posts/y.md` from the
   * project's root), decoded: its post's address when published, else why not.
   */
  page?(target: string): PageLink;
}

/** Why a link to a Markdown file is sent as its words only. */
export type PageLinkReason = 'missing' | 'unpushed' | 'unpublished' | 'outside' | 'heading';
/** `headings`: the ids of the target's headings, as Ghost makes them, when known. */
export type PageLink = { url: string; headings?: readonly string[]; explicit?: Readonly<Record<string, string>> } | { reason: PageLinkReason };

/** A heading's own id as Hugo (Goldmark) and Jekyll (kramdown) write it: `## Words {#id}`. */
export const HEADING_ATTRS = /[ \t]*\{[ \t]*((?:[#.][\w:-][\w:.-]*[ \t]*)+)\}[ \t]*$/;

/** The id a heading's attributes name (`{#custom .wide}` → custom). */
export const ownHeadingId = (heading: string): string | undefined => /#([\w:-][\w:.-]*)/.exec(HEADING_ATTRS.exec(heading)?.[1] ?? '')?.[1];

/** A link to a Markdown file that is not a published post: its words are sent without it. */
export interface UnresolvedPage { target: string; reason: PageLinkReason; line?: number }

const EMBEDDABLE = /\.(png|jpe?g|gif|webp|svg|mp3|wav|ogg|m4a|mp4|webm|ogv|pdf)$/i;

/** A heading as Ghost makes its id: lower case, words joined by `-`. */
export const anchor = (heading: string) => heading.trim().toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '');

export interface WikiEnv {
  wiki?: WikiResolver;
  /** Links to notes that are not published posts (sent as plain words), as written. */
  wikiUnresolved?: string[];
  /** Links to Markdown files that are not published posts (sent as plain words). */
  pagesUnresolved?: UnresolvedPage[];
}

function wikilink(state: StateInline, silent: boolean): boolean {
  const src = state.src;
  const pos = state.pos;
  const embed = src.charCodeAt(pos) === 0x21 && src.startsWith('[[', pos + 1);
  if (!embed && !src.startsWith('[[', pos)) { return false; }
  const start = pos + (embed ? 3 : 2);
  const end = src.indexOf(']]', start);
  if (end < 0) { return false; }
  const inner = src.slice(start, end);
  if (!inner.trim() || /[[\]\n]/.test(inner)) { return false; }
  const bar = inner.indexOf('|');
  // `[[Note\|words]]` is how a table cell writes the alias bar.
  const targetPart = (bar < 0 ? inner : inner.slice(0, bar)).replace(/\\$/, '').trim();
  const alias = bar < 0 ? undefined : inner.slice(bar + 1).trim();
  const hash = targetPart.indexOf('#');
  const target = (hash < 0 ? targetPart : targetPart.slice(0, hash)).trim();
  const heading = hash < 0 ? undefined : targetPart.slice(hash + 1).replace(/^\^/, '');
  if (embed && !EMBEDDABLE.test(target)) { return false; }
  // Inside a link already, a link would nest: left as text.
  if (!embed && state.linkLevel > 0) { return false; }
  if (!silent) {
    const env = state.env as WikiEnv;
    if (embed) {
      const token = state.push('image', 'img', 0);
      token.attrs = [['src', env.wiki?.file(target) ?? target], ['alt', '']];
      // `![[photo.png|300]]` is a size in Obsidian, not words.
      const words = alias && !/^\d+(x\d+)?$/.test(alias) ? alias : '';
      const text = new state.Token('text', '', 0);
      text.content = words;
      token.children = words ? [text] : [];
      token.content = words;
    } else {
      const url = target ? env.wiki?.link(target) : undefined;
      const words = alias || (heading && !target ? heading : targetPart.replace('#', ' › '));
      if (url || (!target && heading)) {
        const open = state.push('link_open', 'a', 1);
        open.attrs = [['href', `${url ?? ''}${heading ? `#${anchor(heading)}` : ''}`]];
        open.markup = 'wikilink';
        state.push('text', '', 0).content = words;
        state.push('link_close', 'a', -1).markup = 'wikilink';
      } else {
        state.push('text', '', 0).content = words;
        (env.wikiUnresolved ??= []).push(target);
      }
    }
  }
  state.pos = end + 2;
  return true;
}

/** A percent-encoded path as written (`my%20note.md` → `my note.md`); kept as it is when it is no valid encoding. */
export const decoded = (s: string) => { try { return decodeURIComponent(s); } catch { return s; } };

/**
 * Links to Markdown files (`[words](other.md#part)`, `<../notes/my note.md>`, reference
 * definitions: markdown-it has resolved them all into link tokens by now), with a resolver: to the
 * post's address when that file's post is published (the heading as Ghost makes its id), else the
 * words alone, reported. Web addresses, `#part` links and other files are left as they are.
 */
function pageLinks(state: { tokens: MarkdownIt.Token[]; env: WikiEnv }): void {
  const resolver = state.env.wiki?.page;
  for (const block of state.tokens) {
    const kids = block.type === 'inline' ? block.children : null;
    if (!kids) { continue; }
    for (let i = 0; i < kids.length; i++) {
      const open = kids[i] as MarkdownIt.Token;
      if (open.type !== 'link_open' || open.markup === 'wikilink' || open.markup === 'linkify' || open.markup === 'autolink') { continue; }
      const href = String(open.attrGet('href') ?? '');
      // A link to nowhere (`[words]()`, or a template tag whose target is missing, reported there): its words only.
      if (!href.trim()) { unlink(kids, i); i--; continue; }
      if (!resolver) { continue; }
      if (/^[a-z][a-z0-9+.-]*:|^\/\/|^#/i.test(href)) { continue; }
      const [rawPath = '', ...rest] = href.split('#');
      const target = decoded(rawPath.replace(/\?.*$/, ''));
      if (!/\.(md|markdown)$/i.test(target)) { continue; }
      const found = resolver(target);
      if ('url' in found) {
        const part = rest.join('#');
        // A heading's own id (`{#custom}`) is not Ghost's: the heading's id as Ghost makes it from its words.
        const id = part ? found.explicit?.[decoded(part)] ?? anchor(decoded(part)) : '';
        open.attrSet('href', `${found.url}${id ? `#${id}` : ''}`);
        // A part the target has no heading for: the link still leads to the post, and it is said.
        if (id && found.headings && !found.headings.includes(id)) {
          (state.env.pagesUnresolved ??= []).push({ target: decoded(href), reason: 'heading', ...(block.map ? { line: block.map[0] } : {}) });
        }
        continue;
      }
      (state.env.pagesUnresolved ??= []).push({ target: decoded(href), reason: found.reason, ...(block.map ? { line: block.map[0] } : {}) });
      unlink(kids, i);
      i--;
    }
  }
}

/** The words stay; the link at `i` goes (its close is the next link_close at its depth). */
function unlink(kids: MarkdownIt.Token[], i: number): void {
  let depth = 0;
  for (let j = i + 1; j < kids.length; j++) {
    const t = kids[j] as MarkdownIt.Token;
    if (t.type === 'link_open') { depth++; }
    if (t.type === 'link_close') {
      if (depth === 0) { kids.splice(j, 1); break; }
      depth--;
    }
  }
  kids.splice(i, 1);
}

/** Headings' own ids (`## Words {#id}`) taken off their words: Ghost makes a heading's id itself. */
function headingAttrs(state: { tokens: MarkdownIt.Token[] }): void {
  state.tokens.forEach((t, i) => {
    const inline = state.tokens[i + 1];
    if (t.type !== 'heading_open' || inline?.type !== 'inline' || !HEADING_ATTRS.test(inline.content)) { return; }
    inline.content = inline.content.replace(HEADING_ATTRS, '');
    const last = inline.children?.[inline.children.length - 1];
    if (last?.type === 'text') { last.content = last.content.replace(HEADING_ATTRS, ''); }
  });
}

export function wikiLinks(md: MarkdownIt.MarkdownIt): void {
  md.inline.ruler.before('link', 'wikilink', wikilink);
  md.core.ruler.after('inline', 'heading_attrs', headingAttrs as never);
  md.core.ruler.after('inline', 'page_links', pageLinks as never);
}
