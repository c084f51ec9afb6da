import { writeYaml } from './yaml';
import type { PostLike } from '../ghost/types';
import { FIELD_RULES } from './meta';
import { lexicalToMarkdown } from './fromLexical';
import { markdownFromLexical } from './render';

type HtmlPull = typeof import('./htmlPull');
let htmlPull: HtmlPull | undefined;

/**
 * Ghost's HTML as Markdown (see htmlPull.ts), loaded on first use: the bundles keep it in a file of
 * its own, so the extension starts without an HTML DOM.
 */
export function htmlToMarkdown(html: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily on purpose (see above)
  htmlPull ??= require('./htmlPull') as HtmlPull;
  return htmlPull.htmlToMarkdown(html);
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
    if (v !== null && v !== undefined && v !== '' && !((f === 'featured' || f === 'email_only') && v === false) && !(f === 'visibility' && v === 'public')) {
      fm[f] = v;
    }
  }
  // The tiers that may read it, by name (what a push looks up again).
  const tiers = (post as { tiers?: Array<{ name?: string }> }).tiers;
  if (post.visibility === 'tiers' && Array.isArray(tiers)) { fm.tiers = tiers.map((t) => t.name).filter((n): n is string => !!n); }
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
  // Lists inline when the file writes them so; the mapping itself stays in block style.
  let yaml = writeYaml(head, { flowLists: !!opts.like?.flowCollections });
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
  /** Its title is the `# heading` that opens its body, not a front matter field. */
  titleHeading: boolean;
  blankLineAfterFrontMatter: boolean;
  /** Its lists are written `[a, b]`. */
  flowCollections?: boolean;
  /** Local image references and the URLs they were uploaded to. */
  images?: ReadonlyMap<string, string>;
}
