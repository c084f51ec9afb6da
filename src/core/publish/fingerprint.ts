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

/** The body as Ghost holds it: Lexical (parsed, so whitespace does not count), else mobiledoc, else HTML. */
function body(post: PostLike): unknown {
  for (const k of ['lexical', 'mobiledoc'] as const) {
    const v = post[k];
    if (typeof v === 'string' && v) {
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
  const fields: Record<string, unknown> = {};
  for (const f of EDITABLE_FIELDS) { fields[f] = post[f] ?? null; }
  return sha256(stableJson({ fields, body: body(post) }));
}

/** Names compared the way Ghost matches them: case aside, order aside. */
export const nameList = (xs: readonly string[]) => xs.map((v) => v.toLowerCase()).sort().join('|');

/** A post's tags and authors as Ghost reports them, each in one comparable string. */
export interface Relations { tags: string; authors: string }

export function relationsOf(post: PostLike): Relations {
  return { tags: nameList((post.tags ?? []).map((t) => t.name)), authors: nameList((post.authors ?? []).map((a) => a.email ?? a.id)) };
}
