import { FrontMatterError, parseFrontMatter, splitFrontMatter } from './frontMatter';
import { ALIASES, FIELD_RULES, readMeta, SPECIAL_KEYS } from './meta';

/** A problem to underline: 1-based line, 1-based columns. */
export interface FrontMatterDiagnostic { line: number; column: number; endColumn: number; message: string; severity: 'error' | 'warning' | 'info' }

/** Everything wrong with a file's front matter, for the Problems panel; empty when it is fine. */
export function diagnoseFrontMatter(text: string): FrontMatterDiagnostic[] {
  try {
    const { data, positions, split } = parseFrontMatter(text);
    if (split.yaml === undefined) { return []; }
    return readMeta(data, positions).issues.map((i) => ({ line: i.line, column: i.column, endColumn: Math.max(i.endColumn, i.column + 1), message: i.message, severity: i.severity }));
  } catch (e) {
    if (FrontMatterError.is(e)) {
      return [{ line: e.line, column: e.column, endColumn: e.column + 1, message: e.explanation, severity: 'error' }];
    }
    throw e;
  }
}

const VALUES: Record<string, readonly string[]> = {
  status: ['draft', 'published', 'scheduled'],
  visibility: ['public', 'members', 'paid', 'tiers'],
  type: ['post', 'page'],
  render: ['lexical', 'markdown'],
  featured: ['true', 'false'],
};

const KEY_DOCS: Record<string, string> = {
  slug: 'The URL path of the post.',
  custom_excerpt: 'A short summary (at most 300 characters).',
  feature_image: 'The cover image: a URL or a path relative to this file (uploaded on push).',
  feature_image_alt: 'Alternative text of the cover image.',
  feature_image_caption: 'Caption of the cover image.',
  featured: 'true to feature the post.',
  visibility: 'Who can read it: public, members, paid or tiers.',
  canonical_url: 'The canonical URL, when the post first appeared elsewhere.',
  meta_title: 'Title for search engines.',
  meta_description: 'Description for search engines.',
  og_image: 'Image for Facebook and other Open Graph readers.',
  og_title: 'Title for Open Graph readers.',
  og_description: 'Description for Open Graph readers.',
  twitter_image: 'Image for X/Twitter cards.',
  twitter_title: 'Title for X/Twitter cards.',
  twitter_description: 'Description for X/Twitter cards.',
  codeinjection_head: 'HTML added to the page head.',
  codeinjection_foot: 'HTML added at the end of the page.',
  custom_template: 'A custom template of the theme.',
  email_subject: 'The subject of the newsletter email (at most 300 characters; the title when absent).',
  email_only: 'true: the post goes out by email only (Ghost gives it the status sent); publishing it needs a newsletter.',
};

/** Every key the front matter understands, with what it means. */
export function frontMatterKeys(): Array<{ key: string; doc: string }> {
  const keys = [...Object.keys(SPECIAL_KEYS), ...Object.keys(FIELD_RULES)];
  return [...new Set(keys)].map((key) => ({ key, doc: SPECIAL_KEYS[key] ?? KEY_DOCS[key] ?? '' }));
}

export function describeKey(key: string): string | undefined {
  const field = ALIASES[key] ?? key;
  const doc = SPECIAL_KEYS[key] ?? KEY_DOCS[field];
  if (!doc) { return undefined; }
  const rule = FIELD_RULES[field];
  // The limit once: said here unless the key's own words say it already.
  const limit = rule?.kind === 'string' && rule.max && !/at most \d+ characters/i.test(doc) ? ` At most ${rule.max} characters.` : '';
  const values = VALUES[key] ? ` One of: ${VALUES[key].join(', ')}.` : '';
  return `${doc}${limit}${values}`;
}

export type CompletionContext =
  | { kind: 'key'; prefix: string }
  | { kind: 'value'; key: string; values: readonly string[] }
  | { kind: 'list'; key: 'tags' | 'authors' | 'tiers' }
  /** A value only the site knows: a newsletter's slug, a segment (labels, tiers), a tier's name. */
  | { kind: 'site'; key: 'newsletter' | 'email_segment' }
  | undefined;

/** What the site has, for the audience keys: its newsletters, labels and tiers. */
export interface SiteAudience { newsletters: Array<{ slug: string; name: string }>; labels: Array<{ slug: string; name: string }>; tiers: Array<{ slug: string; name: string }> }

/** The audience keys checked against what the site has (its newsletters, labels, tiers). */
export function diagnoseAudience(text: string, site: SiteAudience): FrontMatterDiagnostic[] {
  let parsed;
  try { parsed = parseFrontMatter(text); } catch { return []; }
  const { data, positions } = parsed;
  const out: FrontMatterDiagnostic[] = [];
  const at = (key: string, message: string, severity: FrontMatterDiagnostic['severity']) => {
    const p = positions.get(key);
    if (p) { out.push({ line: p.line, column: p.column, endColumn: Math.max(p.endColumn, p.column + 1), message, severity }); }
  };
  if (typeof data.newsletter === 'string' && !site.newsletters.some((n) => n.slug === data.newsletter)) {
    at('newsletter', `This site has no active newsletter “${data.newsletter}”; its newsletters: ${site.newsletters.map((n) => n.slug).join(', ') || 'none'}.`, 'error');
  }
  if (typeof data.email_segment === 'string') {
    for (const m of data.email_segment.matchAll(/\blabel:([\w-]+)/g)) {
      if (!site.labels.some((l) => l.slug === m[1])) { at('email_segment', `This site has no member label “${m[1] ?? ''}”: the segment would reach nobody.`, 'warning'); }
    }
    for (const m of data.email_segment.matchAll(/\b(?:tier|product):([\w-]+)/g)) {
      if (!site.tiers.some((t) => t.slug === m[1])) { at('email_segment', `This site has no tier “${m[1] ?? ''}”.`, 'warning'); }
    }
  }
  const tiers = Array.isArray(data.tiers) ? data.tiers : typeof data.tiers === 'string' ? data.tiers.split(',') : [];
  for (const t of tiers.map((x) => String(x).trim())) {
    if (t && !site.tiers.some((x) => x.name.toLowerCase() === t.toLowerCase() || x.slug === t.toLowerCase())) {
      at('tiers', `This site has no tier “${t}”; its tiers: ${site.tiers.map((x) => x.name).join(', ')}.`, 'error');
    }
  }
  return out;
}

/** What may be typed at a position (0-based line and character), if it is inside the front matter. */
export function completionContext(text: string, line: number, character: number): CompletionContext {
  let split;
  try { split = splitFrontMatter(text); } catch { return undefined; }
  if (split.yaml === undefined) { return undefined; }
  const first = split.yamlLine - 1;
  const last = split.bodyLine - 3;
  if (line < first || line > last) { return undefined; }
  const current = (text.split(/\r?\n/)[line] ?? '').slice(0, character);
  const keyValue = /^([A-Za-z_]+):\s*(.*)$/.exec(current);
  if (!keyValue) {
    if (/^\s+-\s*\S*$/.test(current)) {
      for (let l = line - 1; l >= first; l--) {
        const owner = /^([A-Za-z_]+):\s*$/.exec(text.split(/\r?\n/)[l] ?? '');
        if (owner) { return owner[1] === 'tags' || owner[1] === 'authors' || owner[1] === 'tiers' ? { kind: 'list', key: owner[1] } : undefined; }
      }
      return undefined;
    }
    return /^[A-Za-z_]*$/.test(current) ? { kind: 'key', prefix: current } : undefined;
  }
  const key = keyValue[1] ?? '';
  if (key === 'tags' || key === 'authors' || key === 'tiers') { return { kind: 'list', key }; }
  if (key === 'newsletter' || key === 'email_segment') { return { kind: 'site', key }; }
  const values = VALUES[key];
  return values ? { kind: 'value', key, values } : undefined;
}
