import { createHash } from 'node:crypto';
import type { PostLike } from '../ghost/types';

/** Keys sorted at every level, so equal values always give the same text. */
export function stableJson(v: unknown): string {
  if (Array.isArray(v)) { return `[${v.map(stableJson).join(',')}]`; }
  if (v && typeof v === 'object') {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * The fields of a post a writer edits, in Ghost or in a file: a change to any of them in Ghost is
 * an edit that a push must not overwrite. Status is not among them: a push never sends it unless
 * asked, so a status changed in Ghost cannot be lost.
 */
export const EDITABLE_FIELDS = [
  'title', 'slug', 'custom_excerpt', 'feature_image', 'feature_image_alt', 'feature_image_caption', 'featured',
  'visibility', 'canonical_url', 'meta_title', 'meta_description', 'og_image', 'og_title', 'og_description',
  'twitter_image', 'twitter_title', 'twitter_description', 'codeinjection_head', 'codeinjection_foot',
  'custom_template', 'email_subject',
] as const;

/**
 * The body as Ghost holds it: Lexical (parsed, so whitespace does not count), else mobiledoc, else
 * HTML. With `marks: false` the marks our pushes leave on the Lexical root are set aside: another
 * clone's push of the same words rewrites the mark, and that is no edit.
 */
function body(post: PostLike, marks = true): unknown {
  for (const k of ['lexical', 'mobiledoc'] as const) {
    const v = post[k];
    if (typeof v === 'string' && v) {
      if (k === 'lexical' && !marks) { return { lexical: lexicalContent(v) }; }
      try { return { [k]: JSON.parse(v) as unknown }; } catch { return { [k]: v }; }
    }
  }
  return { html: post.html ?? null };
}

/**
 * A fingerprint of everything a writer can edit in a post but its tags and authors (compared on
 * their own, see Relations), as Ghost reports it. Equal fingerprints
 * before and after mean nobody edited it, whatever `updated_at` says (Ghost's has one-second
 * resolution, and Ghost 6 leaves it alone when only tags change). The date is left out: Ghost
 * sets it when a post is published there, and a push sends it only when the file's date changed.
 */
export function ghostFingerprint(post: PostLike): string {
  return fingerprintOf(post, false);
}

function fingerprintOf(post: PostLike, marks: boolean): string {
  const fields: Record<string, unknown> = {};
  for (const f of EDITABLE_FIELDS) { fields[f] = post[f] ?? null; }
  return sha256(stableJson({ fields, body: body(post, marks) }));
}

/**
 * Whether Ghost's version is the one a record fingerprinted: as fingerprints are made now (marks
 * aside), or as earlier versions made them (marks included), so that their records still hold.
 */
export function sameVersion(post: PostLike, recorded: string): boolean {
  return ghostFingerprint(post) === recorded || fingerprintOf(post, true) === recorded;
}

/**
 * Names compared the way Ghost matches them: case aside, order aside, and a name given twice
 * (`[News, news]`) is one (Ghost keeps one tag).
 */
export const nameList = (xs: readonly string[]) => [...new Set(xs.map((v) => v.toLowerCase()))].sort().join('|');

/** A post's tags and authors as Ghost reports them, each in one comparable string. */
export interface Relations { tags: string; authors: string }

export function relationsOf(post: PostLike): Relations {
  return { tags: nameList((post.tags ?? []).map((t) => t.name)), authors: nameList((post.authors ?? []).map((a) => a.email ?? a.id)) };
}

/** The key on the Lexical root where a push leaves its mark (Ghost stores and renders it unchanged). */
export const MARK_KEY = 'ghostAuthor';

/** What a push leaves in the post: enough for any checkout to tell whether Ghost changed since. */
export interface Mark {
  v: 1;
  /** The fields this push sent (their values are part of `fp`). */
  fields: string[];
  /** Which of tags and authors `fp` covers: those the file names. */
  rel: Array<'tags' | 'authors'>;
  /** Fingerprint of the document, those fields, and the post's tags and authors after the push. */
  fp: string;
  /** On a create: the request's own id, so that a lost answer finds exactly this post. */
  create?: string;
  /** sourceHash of the file pushed. */
  src?: string;
  /** The file pushed, relative to the project's root: which of two files naming the post owns it. */
  file?: string;
  /** The status and date the file said when pushed: a clean clone acts on a change of them since. */
  intent?: { status?: string; publishedAt?: string };
  /** How many times that file's path had been vacated in git then: a file put there since is another (owner.ts, vacatedSince). */
  gone?: number;
}

interface LexRoot { root?: Record<string, unknown> }

function parseLexical(lexical: unknown): LexRoot | undefined {
  if (typeof lexical !== 'string' || !lexical) { return undefined; }
  try { return JSON.parse(lexical) as LexRoot; } catch { return undefined; }
}

/** The document without marks: what a reader sees, for comparing. */
export function lexicalContent(lexical: unknown): unknown {
  const doc = parseLexical(lexical);
  if (!doc?.root) { return lexical ?? null; }
  const root = Object.fromEntries(Object.entries(doc.root).filter(([k]) => !k.startsWith(MARK_KEY)));
  return { ...doc, root };
}

export function readMark(lexical: unknown): Mark | undefined {
  const m = parseLexical(lexical)?.root?.[MARK_KEY] as Partial<Mark> | undefined;
  return m && m.v === 1 && typeof m.fp === 'string' && Array.isArray(m.fields) ? (m as Mark) : undefined;
}

/** Ghost keeps empty texts as null. */
const norm = (v: unknown) => (v === '' || v === undefined ? null : v);

export function markFingerprint(content: unknown, fields: Record<string, unknown>, relations: Partial<Relations>): string {
  const f = Object.fromEntries(Object.keys(fields).sort().map((k) => [k, norm(fields[k])]));
  return sha256(stableJson({ content, fields: f, relations }));
}

/** The Lexical document with the mark of this push on its root. */
export function withMark(lexical: string, fields: Record<string, unknown>, relations: Partial<Relations>, extra: { create?: string; src?: string; file?: string; intent?: { status?: string; publishedAt?: string }; gone?: number } = {}): string {
  const doc = parseLexical(lexical);
  if (!doc?.root) { return lexical; }
  const names = Object.keys(fields).filter((k) => (EDITABLE_FIELDS as readonly string[]).includes(k)).sort();
  const picked = Object.fromEntries(names.map((k) => [k, fields[k]]));
  const rel = (['tags', 'authors'] as const).filter((k) => relations[k] !== undefined);
  const mark: Mark = { v: 1, fields: names, rel, fp: markFingerprint(lexicalContent(lexical), picked, pickRelations(relations, rel)), ...extra };
  return JSON.stringify({ ...doc, root: { ...doc.root, [MARK_KEY]: mark } });
}

/**
 * Whether Ghost's version is exactly what the last push (from any checkout) left: its mark is
 * there and still matches the document, the fields it names and the tags and authors. An edit in
 * Ghost's editor changes one of those (or drops the mark).
 */
export function markHolds(post: PostLike): boolean {
  const mark = readMark(post.lexical);
  if (!mark) { return false; }
  const fields = Object.fromEntries(mark.fields.map((k) => [k, post[k]]));
  return markFingerprint(lexicalContent(post.lexical), fields, pickRelations(relationsOf(post), mark.rel ?? [])) === mark.fp;
}

function pickRelations(r: Partial<Relations>, keys: ReadonlyArray<'tags' | 'authors'>): Partial<Relations> {
  return Object.fromEntries(keys.map((k) => [k, r[k]]));
}

/**
 * A hash of a Markdown file's own content: its front matter (without the link) and its body.
 * The mark keeps the one of the file last pushed, so another clone can tell whether its file
 * descends from it (see history.ts).
 */
export function sourceHash(data: Record<string, unknown>, body: string): string {
  const own = Object.fromEntries(Object.entries(data).filter(([k]) => k !== 'ghost_id' && k !== 'ghost_site'));
  return sha256(stableJson({ data: own, body: body.replace(/\r\n/g, '\n') }));
}
