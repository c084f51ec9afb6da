/**
 * The shape of what Ghost sends, checked where it arrives: a list is a list of objects, an id is
 * an id, a field that is text in Ghost is text (or null) here. An answer that is not shaped like
 * Ghost's is refused with an UnexpectedResponseError naming the field, so nothing further on has
 * to guess (a title that is a number, tags that are a string, a post that is `null`).
 */
import { UnexpectedResponseError } from './errors';
import type { PostLike } from './types';

/** Fields Ghost sends as text or null. */
const TEXT_FIELDS = [
  'uuid', 'title', 'slug', 'status', 'updated_at', 'published_at', 'created_at', 'url', 'html', 'lexical', 'mobiledoc',
  'custom_excerpt', 'excerpt', 'plaintext', 'feature_image', 'feature_image_alt', 'feature_image_caption', 'visibility',
  'canonical_url', 'meta_title', 'meta_description', 'og_image', 'og_title', 'og_description', 'twitter_image',
  'twitter_title', 'twitter_description', 'codeinjection_head', 'codeinjection_foot', 'custom_template', 'email_subject',
];
/** Fields every post has, when the request did not narrow them with `fields`. */
const ALWAYS = ['title', 'slug', 'status', 'updated_at'];
/** Ghost's ids are 24 hex digits; anything used in a filter, a path or a record must at least be a plain token. */
const ID = /^[0-9A-Za-z_-]{1,64}$/;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function wrong(what: string, hint = 'Check that the URL is the Ghost site itself, not a proxy or another app in front of it.'): UnexpectedResponseError {
  return new UnexpectedResponseError(200, `Ghost's answer is not shaped as Ghost's API: ${what}.`, hint);
}

/** The body as an object (an answer of `null`, a number or a list is not one). */
export function replyObject(data: unknown, what: string): Record<string, unknown> {
  if (!isObject(data)) { throw wrong(`the answer to ${what} is ${data === null ? 'null' : Array.isArray(data) ? 'a list' : `a ${typeof data}`}, not an object`); }
  return data;
}

/**
 * A list of posts or pages from Ghost, each checked (`fields`: what the request asked for, when it
 * narrowed them, and `alsoAsked`, the formats and relations asked with them). With `fields`, whatever else an item
 * carries is dropped where it arrives: a list kept whole (folder status keeps every post) holds
 * only what it asked for, however much a server adds to each item.
 */
export function checkPosts(list: unknown, type: string, fields?: readonly string[], alsoAsked: readonly string[] = []): PostLike[] {
  if (!Array.isArray(list)) { throw wrong(`its ${type} are ${list === undefined ? 'missing' : 'not a list'}`); }
  for (const item of list) {
    checkPost(item, type, fields);
    if (fields) {
      for (const k of Object.keys(item)) { if (k !== 'id' && !fields.includes(k) && !alsoAsked.includes(k)) { delete item[k]; } }
    }
  }
  return list as PostLike[];
}

export function checkPost(item: unknown, type: string, fields?: readonly string[]): asserts item is PostLike {
  const one = type.replace(/s$/, '');
  if (!isObject(item)) { throw wrong(`one of its ${type} is ${item === null ? 'null' : `a ${Array.isArray(item) ? 'list' : typeof item}`}`); }
  if (typeof item.id !== 'string' || !ID.test(item.id)) { throw wrong(`a ${one} has ${typeof item.id === 'string' ? `the id “${item.id.slice(0, 40)}”` : 'no id'}`); }
  const at = `${one} ${item.id}`;
  for (const f of ALWAYS) {
    if ((!fields || fields.includes(f)) && typeof item[f] !== 'string') { throw wrong(`${at} has no ${f}`); }
  }
  for (const f of TEXT_FIELDS) {
    const v = item[f];
    if (v !== undefined && v !== null && typeof v !== 'string') { throw wrong(`${at} has a ${f} that is not text`); }
  }
  for (const f of ['tags', 'authors', 'tiers', 'newsletters']) {
    const v = item[f];
    if (v === undefined || v === null) { continue; }
    if (!Array.isArray(v)) { throw wrong(`${at} has ${f} that are not a list`); }
    for (const t of v) {
      if (!isObject(t)) { throw wrong(`${at} has one of its ${f} that is not an object`); }
      for (const k of ['id', 'name', 'slug', 'email']) {
        if (t[k] !== undefined && t[k] !== null && typeof t[k] !== 'string') { throw wrong(`${at} has one of its ${f} whose ${k} is not text`); }
      }
    }
  }
  if (item.featured !== undefined && item.featured !== null && typeof item.featured !== 'boolean') { throw wrong(`${at} has a featured flag that is not true or false`); }
  for (const f of ['email', 'newsletter']) {
    if (item[f] !== undefined && item[f] !== null && !isObject(item[f])) { throw wrong(`${at} has an ${f} that is not an object`); }
  }
}
