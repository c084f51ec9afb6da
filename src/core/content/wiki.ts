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
}

const EMBEDDABLE = /\.(png|jpe?g|gif|webp|svg|mp3|wav|ogg|m4a|mp4|webm|ogv|pdf)$/i;

/** A heading as Ghost makes its id: lower case, words joined by `-`. */
const anchor = (heading: string) => heading.trim().toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '');

export interface WikiEnv {
  wiki?: WikiResolver;
  /** Links to notes that are not published posts (sent as plain words), as written. */
  wikiUnresolved?: string[];
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

export function wikiLinks(md: MarkdownIt.MarkdownIt): void {
  md.inline.ruler.before('link', 'wikilink', wikilink);
}
