import type { KeyPositions } from './frontMatter';
import { fileConventions, slugify, type SiteToolName } from './siteTool';

/** lexical (the default): written as Ghost's editor document; html: HTML that Ghost converts (`?source=html`); markdown: one Markdown card. */
export type RenderMode = 'lexical' | 'html' | 'markdown';

/** What the front matter asks for, in Ghost's field names, checked. */
export interface PostMeta {
  type: 'post' | 'page';
  /** Fields sent as they are. */
  fields: Record<string, string | boolean | null>;
  title?: string;
  status?: 'draft' | 'published' | 'scheduled';
  publishedAt?: string;
  /**
   * The date as written, when it names no time zone (`2026-12-01 09:00`): read in the site's
   * zone, so that a laptop and a CI runner agree. `publishedAt` then holds it read as UTC.
   */
  publishedAtLocal?: string;
  tags?: string[];
  authors?: string[];
  render?: RenderMode;
  /** The newsletter (slug) an explicit publish sends the post to. */
  newsletter?: string;
  /** Who of the newsletter's members gets it: `all` or a member filter (`status:free`, `label:vip`…). */
  emailSegment?: string;
  /** With `visibility: tiers`: the tiers (names or slugs) that may read it. */
  tiers?: string[];
  /** The post this file was published as, and on which site. */
  link?: { id: string; site: string };
  /** Keys written for another tool (Hugo, Jekyll, Astro, Obsidian) read as Ghost's: `date` → `published_at`… */
  imported: Array<{ key: string; as: string }>;
  /** Keys not sent to Ghost: other tools' keys Ghost has no field for, unknown keys, values Ghost cannot take. */
  ignored: string[];
  /** The tool the file was written for, as its project tells (see siteTool.ts). */
  tool?: SiteToolName;
  /** A Hugo section file (`_index.md`) without `ghost: true`: not a post, skipped. */
  section?: boolean;
  /** Old addresses of the post (Hugo `aliases`, Jekyll `redirect_from`), for `ghost-author redirects`. */
  redirectFrom?: string[];
  /** Staff users named by slug or name the way Jekyll and Hugo write them (`author: jane`): not sent, reported. */
  authorNames?: string[];
}

export interface MetaIssue {
  key: string;
  message: string;
  severity: 'error' | 'warning' | 'info';
  line: number;
  column: number;
  endColumn: number;
  /** The check's rule that found it (lint's rule id), when it is one. */
  rule?: string;
}

type Rule = { kind: 'string'; max?: number; url?: boolean; image?: boolean } | { kind: 'enum'; values: readonly string[] } | { kind: 'boolean' };

/** Ghost's writable fields that map one to one, with Ghost's own limits. */
export const FIELD_RULES: Readonly<Record<string, Rule>> = {
  slug: { kind: 'string', max: 191 },
  custom_excerpt: { kind: 'string', max: 300 },
  feature_image: { kind: 'string', max: 2000, image: true },
  feature_image_alt: { kind: 'string', max: 191 },
  feature_image_caption: { kind: 'string', max: 65535 },
  featured: { kind: 'boolean' },
  visibility: { kind: 'enum', values: ['public', 'members', 'paid', 'tiers'] },
  canonical_url: { kind: 'string', max: 2000, url: true },
  meta_title: { kind: 'string', max: 300 },
  meta_description: { kind: 'string', max: 500 },
  og_image: { kind: 'string', max: 2000, image: true },
  og_title: { kind: 'string', max: 300 },
  og_description: { kind: 'string', max: 500 },
  twitter_image: { kind: 'string', max: 2000, image: true },
  twitter_title: { kind: 'string', max: 300 },
  twitter_description: { kind: 'string', max: 500 },
  codeinjection_head: { kind: 'string', max: 65535 },
  codeinjection_foot: { kind: 'string', max: 65535 },
  custom_template: { kind: 'string', max: 100 },
  email_subject: { kind: 'string', max: 300 },
  email_only: { kind: 'boolean' },
};

/** Keys handled specially, with what they mean (for hovers and completion). */
export const SPECIAL_KEYS: Readonly<Record<string, string>> = {
  title: 'The title. Without it, a # heading that opens the body is used (and removed from the body), then the file name.',
  type: 'post (default) or page.',
  status: 'draft, published or scheduled. Pushing never changes the status in Ghost unless you ask to publish or schedule.',
  published_at: 'Publication date (ISO 8601, e.g. 2026-12-01T09:00:00Z). Required to schedule, and must then be in the future.',
  tags: 'Tag names, as a list or a comma-separated string. Unknown tags are created by Ghost.',
  authors: 'Staff emails. Checked against the site: Ghost would silently fall back to the owner.',
  excerpt: 'Alias of custom_excerpt (at most 300 characters).',
  newsletter: 'The newsletter (slug) the post is emailed to when you publish it explicitly (Publish…, or --status published): never on save or sync, and never twice.',
  email_segment: 'Who of the newsletter\'s members receive it: all (the default), status:free, status:-free, label:SLUG, or any member filter Ghost accepts (checked before anything is sent).',
  tiers: 'With visibility: tiers, the tiers (names or slugs) whose members may read the post; checked against the site\'s tiers.',
  render: 'lexical (the default: paragraphs, headings and cards editable in Ghost\'s editor) markdown (one Markdown card) or html (HTML that Ghost converts into its editor\'s format itself).',
  ghost_id: 'Set by Ghost Author on first publish: the id of the linked post. Do not edit.',
  ghost_site: 'Set by Ghost Author on first publish: the site the post lives on. Do not edit.',
  ghost: 'true publishes a Hugo section file (_index.md), which is skipped otherwise.',
};

export const ALIASES: Readonly<Record<string, string>> = { excerpt: 'custom_excerpt' };

/**
 * Keys other static-site tools write (Hugo, Jekyll, Astro, Eleventy, Obsidian), read as the Ghost
 * field they mean when the file does not set that field itself. The first that is set wins.
 */
export const IMPORTED: ReadonlyArray<{ keys: readonly string[]; as: string; note: string }> = [
  { keys: ['date', 'publishDate', 'pubDate'], as: 'published_at', note: 'the publication date' },
  { keys: ['summary', 'description'], as: 'custom_excerpt', note: 'the excerpt' },
  { keys: ['image', 'cover', 'featured_image', 'heroImage'], as: 'feature_image', note: 'the feature image' },
];

/** Keys other tools use that Ghost has no field for: reported, not sent, not warned about. */
export const FOREIGN_KEYS: ReadonlySet<string> = new Set([
  'lastmod', 'updated', 'modified', 'created', 'aliases', 'cssclasses', 'cssclass', 'layout', 'permalink', 'weight',
  'toc', 'math', 'keywords', 'author', 'series', 'menu', 'expiryDate', 'images', 'hidden', 'unlisted', 'linkTitle', 'params',
  'redirect_from', 'redirect_to', 'version', 'categories', 'category',
  'excerpt_separator', 'comments', 'share', 'publish', 'url', 'lang', 'translationKey', 'categories_weight', 'heroImageAlt',
]);

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * A date from the front matter, checked field by field (2026-02-30 is refused, not moved to
 * March). Without a zone it is kept as written, to be read in the site's zone.
 */
export function readDate(value: unknown): { iso: string; local?: string } | string {
  const bad = 'published_at must be a date such as 2026-12-01T09:00:00Z (or 2026-12-01 09:00, read in the site\'s time zone).';
  if (value instanceof Date) { return Number.isNaN(value.getTime()) ? bad : { iso: value.toISOString() }; }
  if (typeof value !== 'string') { return bad; }
  const m = ISO_DATE.exec(value.trim());
  if (!m) { return bad; }
  const [, y, mo, d, h = '00', mi = '00', sec = '00', frac = '', zone] = m;
  const year = Number(y); const month = Number(mo); const day = Number(d);
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > days) { return `published_at: ${value.trim()} is not a date (${month >= 1 && month <= 12 ? `that month has ${days} days` : 'months run from 01 to 12'}).`; }
  if (Number(h) > 23 || Number(mi) > 59 || Number(sec) > 59) { return `published_at: ${value.trim()} is not a time of day.`; }
  const local = `${y}-${mo}-${d}T${h}:${mi}:${sec}${frac}`;
  if (zone) {
    const t = Date.parse(`${local}${zone.toUpperCase() === 'Z' ? 'Z' : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone}`);
    return Number.isNaN(t) ? bad : { iso: new Date(t).toISOString() };
  }
  return { iso: new Date(Date.parse(`${local}Z`)).toISOString(), local };
}

/** The key a convention taken from the file's place is reported under (`file name → slug`). */
export const FROM_FILE_NAME = 'file name';
export const FROM_BUNDLE = 'bundle folder';

/**
 * Reads and checks front matter data; every problem names its key and where it is. With `where`
 * (the file), the conventions of the tool the project was written for apply too (siteTool.ts).
 */
export function readMeta(data: Record<string, unknown>, positions: KeyPositions, where?: { file: string }): { meta: PostMeta; issues: MetaIssue[] } {
  const issues: MetaIssue[] = [];
  const issue = (key: string, message: string, severity: MetaIssue['severity'] = 'error') => {
    const p = positions.get(key) ?? { line: 1, column: 1, endColumn: 1 };
    issues.push({ key, message, severity, ...p });
  };
  const meta: PostMeta = { type: 'post', fields: {}, imported: [], ignored: [] };
  const original = new Map(positions);
  const notes: MetaIssue[] = [];
  data = importForeign(data, meta, positions, where?.file, (key, message, severity = 'info') => {
    const p = original.get(key) ?? { line: 1, column: 1, endColumn: 1 };
    notes.push({ key, message, severity, ...p });
  });
  for (const i of meta.imported) {
    const p = original.get(i.key) ?? { line: 1, column: 1, endColumn: 1 };
    const message = i.key === FROM_FILE_NAME || i.key === FROM_BUNDLE
      ? `Ghost's ${i.as} is taken from the ${i.key === FROM_BUNDLE ? 'bundle\'s folder name' : 'file name'}, as ${meta.tool === 'hugo' ? 'Hugo' : 'Jekyll'} reads it.`
      : `"${i.key}" (as Hugo, Jekyll, Astro or Obsidian write it) is read as Ghost's ${i.as}.`;
    issues.push({ key: i.key, message, severity: 'info', ...p });
  }
  issues.push(...notes);

  for (const [key, value] of Object.entries(data)) {
    const field = ALIASES[key] ?? key;
    if (ALIASES[key] && key in data && field in data) {
      issue(key, `Both ${key} and ${field} are set; ${field} is used.`, 'warning');
      continue;
    }
    const rule = FIELD_RULES[field];
    if (rule) {
      const checked = checkRule(key, value, rule, issue);
      if (checked !== undefined) { meta.fields[field] = checked; }
      continue;
    }
    switch (key) {
      case 'title':
        if (typeof value === 'string' || typeof value === 'number') {
          const t = String(value).trim();
          if (/[\u0000-\u001f\u007f-\u009f]/.test(t)) { issue(key, 'The title holds control characters (invisible bytes such as a tab or an escape); remove them.'); } else if (t.length > 255) { issue(key, `The title is ${t.length} characters; Ghost allows 255.`); } else if (t) { meta.title = t; }
        } else if (value !== null) { issue(key, 'The title must be text.'); }
        break;
      case 'type':
        if (value === 'post' || value === 'page') { meta.type = value; } else { issue(key, 'type must be post or page.'); }
        break;
      case 'status':
        if (value === 'draft' || value === 'published' || value === 'scheduled') { meta.status = value; } else { issue(key, `status must be draft, published or scheduled.${suggestion(value, ['draft', 'published', 'scheduled'])}`); }
        break;
      case 'published_at': {
        const date = readDate(value);
        if (typeof date === 'string') { issue(key, date); } else { meta.publishedAt = date.iso; if (date.local) { meta.publishedAtLocal = date.local; } }
        break;
      }
      case 'tags':
      case 'authors': {
        const list = stringList(value);
        if (!list) { issue(key, `${key} must be a list of names or a comma-separated string.`); break; }
        if (key === 'authors') {
          const bad = list.filter((a) => !/^[^@\s]+@[^@\s]+$/.test(a));
          if (bad.length) { issue(key, `authors are staff emails; ${bad.join(', ')} is not an email.`); break; }
          meta.authors = list;
        } else {
          const long = list.find((t) => t.length > 191);
          if (long) { issue(key, `A tag name is limited to 191 characters: "${long.slice(0, 30)}…".`); break; }
          meta.tags = list;
        }
        break;
      }
      case 'render':
        if (value === 'lexical' || value === 'html' || value === 'markdown') { meta.render = value; } else { issue(key, 'render must be lexical (the default), markdown or html.'); }
        break;
      case 'newsletter':
        if (typeof value === 'string' && /^[\w-]+$/.test(value.trim())) { meta.newsletter = value.trim(); } else if (value !== null) { issue(key, 'newsletter is the slug of a newsletter (e.g. weekly).'); }
        break;
      case 'email_segment':
        if (typeof value === 'string' && value.trim() && !/[\n\r]/.test(value)) { meta.emailSegment = value.trim(); } else if (value !== null) { issue(key, 'email_segment is all, or a member filter such as status:free, status:-free or label:vip.'); }
        break;
      case 'tiers': {
        const list = stringList(value);
        if (!list) { issue(key, 'tiers is a list of tier names or slugs.'); break; }
        meta.tiers = list;
        break;
      }
      case 'ghost_id':
      case 'ghost_site':
        break;
      case 'ghost':
        if (typeof value !== 'boolean') { issue(key, 'ghost must be true (publish this file, even a Hugo section) or false.'); }
        break;
      default:
        // Every key not sent is listed (the folder's report counts them by key).
        meta.ignored.push(key);
        if (FOREIGN_KEYS.has(key)) {
          issue(key, `"${key}" belongs to another tool (Hugo, Jekyll, Obsidian…); Ghost has no such field, so it is not sent.`, 'info');
        } else {
          issue(key, `"${key}" is not a Ghost field, so it is not sent (Ghost would drop it silently).`, 'warning');
        }
    }
  }
  const id = data.ghost_id;
  const site = data.ghost_site;
  if (id !== undefined || site !== undefined) {
    if (typeof id === 'number' || typeof id === 'bigint') {
      issue('ghost_id', 'ghost_id was read as a number, which loses digits: put it in quotes ("…").');
    } else if (typeof id === 'string' && /^[0-9a-f]{24}$/.test(id) && typeof site === 'string' && /^https?:\/\//.test(site)) {
      meta.link = { id, site };
    } else {
      issue(id === undefined ? 'ghost_site' : 'ghost_id', 'ghost_id and ghost_site link this file to its post and are written by Ghost Author; one is missing or altered.');
    }
  }
  if (meta.tiers && meta.fields.visibility !== 'tiers') {
    issue('tiers', 'tiers applies with visibility: tiers; add it, or remove tiers.');
  }
  if (meta.fields.visibility === 'tiers' && !meta.tiers) {
    issue('visibility', 'visibility: tiers needs tiers: the names of the tiers that may read the post.');
  }
  if (meta.emailSegment && !meta.newsletter) {
    issue('email_segment', 'email_segment chooses who of a newsletter\'s members get the email: name the newsletter too.', 'warning');
  }
  if (meta.status === 'scheduled' && !meta.publishedAt) {
    issue('status', 'A scheduled post needs published_at: the date it goes out.');
  }
  return { meta, issues };
}

/**
 * Front matter written for other tools, rewritten in Ghost's keys (the file is left as it is):
 * `date` → published_at, `draft: true` → status draft, `summary`/`description` → the excerpt,
 * `image`/`cover` → the feature image, `categories` → more tags. A key the file sets in Ghost's
 * name wins. Each key read so is noted (with where it is, for the editor's hints).
 */
function importForeign(data: Record<string, unknown>, meta: PostMeta, positions: KeyPositions, file: string | undefined,
  note2: (key: string, message: string, severity?: MetaIssue['severity']) => void): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const conv = file ? fileConventions(file) : {};
  if (conv.tool) { meta.tool = conv.tool; }
  const taken = new Set(Object.keys(data));
  const moved = new Set<string>();
  const note = (key: string, as: string) => {
    meta.imported.push({ key, as });
    const p = positions.get(key);
    if (p) { positions.set(as, p); }
  };
  for (const rule of IMPORTED) {
    if (taken.has(rule.as) || (rule.as === 'custom_excerpt' && taken.has('excerpt'))) { continue; }
    // The first key with a value Ghost can take; one it cannot (a date as "Jul 08 2022", an image
    // at a path of the old site) is reported as not sent rather than stopping the file.
    for (const key of rule.keys) {
      let value = data[key];
      if (value === undefined || value === null || value === '') { continue; }
      // Hugo themes write `cover: { image: … }`.
      if (rule.as === 'feature_image' && typeof value === 'object' && !Array.isArray(value)) { value = (value as Record<string, unknown>).image; }
      if (value instanceof Date) { value = value.toISOString(); }
      // (A date written as one, 2024-02-30 say, is read, so that its mistake is reported.)
      const usable = rule.as === 'published_at' ? typeof readDate(value) !== 'string' || /^\d{4}-\d\d-\d\d/.test(String(value))
        : rule.as === 'feature_image' ? typeof value === 'string' && !(value.startsWith('/') && !value.startsWith('//'))
          : typeof value === 'string' || typeof value === 'number';
      moved.add(key);
      if (!usable) { meta.ignored.push(key); continue; }
      out[rule.as] = value;
      note(key, rule.as);
      break;
    }
  }
  // Hugo and Jekyll: `draft: true` (Jekyll also `published: false`) keeps the post a draft. Only
  // ever towards draft: `draft: false` publishes nothing by itself.
  if (!taken.has('status') && (data.draft === true || data.published === false)) {
    out.status = 'draft';
    const key = data.draft === true ? 'draft' : 'published';
    note(key, 'status');
  }
  for (const k of ['draft', 'published']) { if (typeof data[k] === 'boolean') { moved.add(k); if (!meta.imported.some((i) => i.key === k)) { meta.ignored.push(k); } } }
  // Categories are tags in Ghost: added after the file's own tags. Jekyll's `category` is one
  // name; its `categories` may be a list or names separated by spaces.
  const own = data.tags === undefined ? [] : stringList(data.tags);
  if (own) {
    const tags = [...own];
    for (const key of ['category', 'categories'] as const) {
      const value = data[key];
      if (value === undefined || value === null) { continue; }
      const spaced = meta.tool === 'jekyll' && typeof value === 'string' && !value.includes(',');
      const cats = key === 'category' && typeof value === 'string' ? [value.trim()].filter(Boolean)
        : spaced ? (value as string).split(/\s+/).filter(Boolean) : stringList(value);
      if (!cats) { continue; }
      moved.add(key);
      // An empty list (`categories: []`, as Hugo's archetypes write it) adds nothing and says nothing.
      if (!cats.length) { continue; }
      for (const c of cats) { if (!tags.some((t) => t.toLowerCase() === c.toLowerCase())) { tags.push(c); } }
      moved.add(key);
      note(key, 'tags');
    }
    if (tags.length > own.length) { out.tags = tags; }
  }
  // The date of a Jekyll post's file name, when the front matter gives none (read in the site's zone).
  if (conv.date && !taken.has('published_at') && out.published_at === undefined && !IMPORTED[0]?.keys.some((k) => data[k] !== undefined && data[k] !== null && data[k] !== '')) {
    out.published_at = conv.date;
    meta.imported.push({ key: FROM_FILE_NAME, as: 'published_at' });
  }
  // The slug: the front matter's own, else a permalink of one segment, else the file's or bundle's name.
  if (!taken.has('slug') && !taken.has('url')) {
    const permalink = data.permalink;
    let slug: string | undefined;
    if (typeof permalink === 'string' && permalink.trim()) {
      const parts = permalink.trim().replace(/\.html?$/i, '').split('/').filter(Boolean);
      const one = parts.length === 1 && !/[:*]/.test(parts[0] ?? '') ? slugify(parts[0] ?? '') : '';
      if (one) {
        slug = one;
        moved.add('permalink');
        note('permalink', 'slug');
      } else {
        moved.add('permalink');
        meta.ignored.push('permalink');
        note2('permalink', `permalink ${permalink.trim()} is not one path segment: Ghost's address is the site's and the slug (/slug/), so it is not sent${conv.slug ? ` (the slug is taken from the ${conv.slugFrom})` : ''}.`);
      }
    }
    if (!slug && conv.slug) {
      slug = conv.slug;
      meta.imported.push({ key: conv.slugFrom === 'the file name' ? FROM_FILE_NAME : FROM_BUNDLE, as: 'slug' });
    }
    if (slug) { out.slug = slug; }
  }
  // A Hugo section file lists its folder: it is not a post unless it says so.
  if (conv.section && data.ghost !== true) { meta.section = true; }
  // Old addresses, for the redirects file (`ghost-author redirects`).
  const redirects: string[] = [];
  for (const key of ['aliases', 'redirect_from'] as const) {
    const value = data[key];
    const list = typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined;
    if (!list) { continue; }
    redirects.push(...list.map((v) => v.trim()).filter(Boolean));
    moved.add(key);
    note(key, 'redirects');
  }
  if (redirects.length) { meta.redirectFrom = redirects; }
  // An author named as Jekyll and Hugo do: an email is sent as `authors`; a slug or a name is
  // looked up among the site's staff when the file is pushed.
  if (!taken.has('authors')) {
    const names = typeof data.author === 'string' ? [data.author.trim()].filter(Boolean) : stringList(data.author);
    if (names?.length) {
      moved.add('author');
      if (names.every((n) => /^[^@\s]+@[^@\s]+$/.test(n))) {
        out.authors = names;
        note('author', 'authors');
      } else {
        // Looked up among the site's staff when pushed (apply.ts resolveAuthorNames).
        meta.authorNames = names;
        note2('author', `author ${names.join(', ')} names a staff user by slug or name: a push sends the email of the staff user of that slug or name, and reports a name that is nobody on the site.`);
      }
    }
  }
  for (const [k, v] of Object.entries(data)) {
    if (!moved.has(k) && !(k in out)) { out[k] = v; }
  }
  return out;
}

function stringList(value: unknown): string[] | undefined {
  if (typeof value === 'string') { return value.split(',').map((s) => s.trim()).filter(Boolean); }
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) {
    return value.map((v) => String(v).trim()).filter(Boolean);
  }
  return undefined;
}

function checkRule(key: string, value: unknown, rule: Rule, issue: (k: string, m: string) => void): string | boolean | null | undefined {
  if (value === null) { return null; }
  switch (rule.kind) {
    case 'boolean':
      if (typeof value === 'boolean') { return value; }
      issue(key, `${key} must be true or false.`);
      return undefined;
    case 'enum':
      if (typeof value === 'string' && rule.values.includes(value)) { return value; }
      issue(key, `${key} must be one of ${rule.values.join(', ')}.${suggestion(value, rule.values)}`);
      return undefined;
    case 'string': {
      if (typeof value !== 'string' && typeof value !== 'number') {
        issue(key, `${key} must be text.`);
        return undefined;
      }
      const s = String(value);
      if (rule.max !== undefined && s.length > rule.max) {
        issue(key, `${key} is ${s.length} characters; Ghost allows ${rule.max}.`);
        return undefined;
      }
      if (rule.url && !/^https?:\/\//.test(s)) {
        issue(key, `${key} must be a full http(s) URL.`);
        return undefined;
      }
      // An image is an address Ghost can show (http(s)) or a file of the project to upload; not file:, data: or the like.
      if (rule.image && /^[a-z][a-z0-9+.-]*:/i.test(s) && !/^https?:\/\//i.test(s)) {
        issue(key, `${key} must be an http(s) address or the path of an image in the project, not ${s.split(':')[0]}: (Ghost would keep it as written, and readers' browsers could not load it).`);
        return undefined;
      }
      return s;
    }
  }
}

/** The value a writer most likely meant (`Published`, `publish`, `sched`): a hint, or nothing. */
function suggestion(value: unknown, values: readonly string[]): string {
  if (typeof value !== 'string' && typeof value !== 'boolean') { return ''; }
  const v = String(value).trim().toLowerCase();
  if (!v) { return ''; }
  const hit = values.find((x) => x === v) ?? values.find((x) => x.startsWith(v) || v.startsWith(x));
  return hit ? ` Did you mean ${hit}?` : '';
}
