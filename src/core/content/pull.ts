import { writeYaml } from './yaml';
import type { PostLike } from '../ghost/types';
import { FIELD_RULES } from './meta';
import { fromLexical } from './lexicalReader';
import { figureAttrs, galleryImages, markdownFromLexical, parser } from './render';
import type { WikiEnv } from './wiki';
import type MarkdownIt from 'markdown-it';
import { GhostAuthorError } from '../ghost/errors';

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
  const pulled = single === undefined && post.lexical ? fromLexical().lexicalToMarkdown(post.lexical) : undefined;
  fm.render = single !== undefined ? 'markdown' : 'lexical';
  fm.ghost_id = post.id;
  fm.ghost_site = opts.site;
  // A post with no Lexical (written in Ghost's older editor) is read through its HTML.
  let body = single ?? pulled?.markdown ?? htmlToMarkdown(post.html ?? '');
  // What comes from Ghost never names a file here: links and images to paths become addresses of the site.
  const base = siteBase(post, opts.site);
  const inert = inertMarkdown(body, base);
  if (inert === undefined) {
    throw new GhostAuthorError(`“${post.title}” (${post.id}) links to a path on this computer that could not be made an address of the site, so it was not written.`, 'Edit the post in Ghost so that its links and images are web addresses, then pull it again.');
  }
  body = inert;
  for (const f of IMAGE_FIELDS) {
    const v = fm[f];
    if (typeof v === 'string' && localLooking(v)) { fm[f] = siteAddress(v, base); }
  }
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

// ---------------------------------------------------------------------------------------------
// Pulled content is inert: what Ghost holds never becomes a path on this computer.

const IMAGE_FIELDS = ['feature_image', 'og_image', 'twitter_image'];

/** Where the post's relative addresses point on the site (as a browser reading it resolves them). */
/**
 * The body a pull writes for a post from Ghost's older editor (no Lexical document), read from its
 * HTML; undefined for a post with Lexical. A file pulled from such a post and not edited since
 * holds exactly this, which no Lexical comparison can see.
 */
export function olderEditorBody(post: PostLike, site: string): string | undefined {
  if (post.lexical || typeof post.html !== 'string') { return undefined; }
  return inertMarkdown(htmlToMarkdown(post.html), siteBase(post, site));
}

function siteBase(post: PostLike, site: string): string {
  for (const u of [post.url, site]) {
    try { if (typeof u === 'string' && /^https?:$/.test(new URL(u).protocol)) { return new URL(u).href; } } catch { /* next */ }
  }
  return 'https://invalid.example/';
}

/**
 * A link or image target that names a place on this computer rather than on the web: a relative
 * or absolute path (`../../notes.txt`, `/etc/passwd`, `..\\x`), a drive (`C:\\…`), a `file:` URL.
 * Web addresses, `mailto:`, `tel:`, in-page anchors and other schemes are not.
 */
export function localLooking(dest: string): boolean {
  const d = dest.trim();
  if (d === '' || d.startsWith('#')) { return false; }
  if (/^[a-z]:(?:[\\/]|%5c)/i.test(d) || /^[a-z]:$/i.test(d)) { return true; }
  if (/^[a-z][a-z0-9+.-]*:/i.test(d)) { return /^file:/i.test(d); }
  // `//host/x` is another site; `\\\\server` (or its encoding) is a Windows share.
  return !/^\/\/[^/\\]/.test(d);
}

/** A local-looking target as an absolute address of the site. */
export function siteAddress(dest: string, base: string): string {
  let d = dest.trim().replace(/\\/g, '/');
  if (/^file:/i.test(d)) { d = d.replace(/^file:(\/\/[^/]*)?/i, ''); }
  // A drive letter would read as a scheme: it is a path under the post's address.
  if (/^[a-z]:/i.test(d)) { d = `./${d}`; }
  try { return new URL(d, base).href; } catch { return new URL(encodeURIComponent(d), base).href; }
}

/** Every link, image and thumbnail target in a Markdown text that is local-looking (as markdown-it reads them). */
function localTargets(markdown: string): Set<string> {
  // Obsidian embeds (`![[x.png]]`) resolve to files when pushed: seen as images here.
  const env: WikiEnv & MarkdownIt.Env = { wiki: { file: (t) => t, link: () => undefined } };
  const out = new Set<string>();
  const walk = (tokens: MarkdownIt.Token[]) => {
    for (const t of tokens) {
      const v = t.type === 'link_open' ? t.attrGet('href') : t.type === 'image' ? t.attrGet('src') : null;
      if (typeof v === 'string' && localLooking(v)) { out.add(v); }
      if (t.type === 'ghost_figure') { const th = figureAttrs(t).thumbnail; if (th && localLooking(th)) { out.add(th); } }
      if (t.type === 'ghost_gallery') { for (const g of galleryImages(t)) { const th = g.attrs.thumbnail; if (th && localLooking(th)) { out.add(th); } } }
      if (t.children) { walk(t.children); }
    }
  };
  walk(parser().parse(markdown, env));
  return out;
}

/**
 * A pulled post's Markdown with every local-looking link, image and thumbnail target written as
 * an absolute address of the site (`base`); Obsidian embeds as plain text, and where a target
 * cannot be found in the text, its links as plain text. Undefined when even that leaves a local
 * target (the post is then not written at all).
 */
export function inertMarkdown(markdown: string, base: string): string | undefined {
  let targets = localTargets(markdown);
  if (!targets.size) { return markdown; }
  const md = parser();
  const local = (raw: string) => {
    const inner = raw.startsWith('<') && raw.endsWith('>') ? raw.slice(1, -1) : raw;
    const read = md.normalizeLink(md.utils.unescapeAll(inner));
    return targets.has(read) || targets.has(inner) ? inner : undefined;
  };
  const write = (inner: string) => {
    const url = siteAddress(md.utils.unescapeAll(inner), base);
    return /[\s()<>]/.test(url) ? `<${url.replace(/[<>]/g, encodeURIComponent)}>` : url;
  };
  const dest = String.raw`(<(?:[^<>\n\\]|\\.)*>|(?:[^\s()\\<]|\\.|\((?:[^\s()\\]|\\.)*\))+)`;
  let out = markdown
    // Inline links and images: ](target
    .replace(new RegExp(String.raw`(\]\([ \t]*(?:\n[ \t]*)?)` + dest, 'g'), (m, head: string, raw: string) => { const l = local(raw); return l === undefined ? m : `${head}${write(l)}`; })
    // Reference definitions: [label]: target
    .replace(new RegExp(String.raw`^( {0,3}\[(?:[^\]\\\n]|\\.)+\]:[ \t]*(?:\n[ \t]*)?)` + dest, 'gm'), (m, head: string, raw: string) => { const l = local(raw); return l === undefined ? m : `${head}${write(l)}`; })
    // A video's or an audio's thumbnail: {thumbnail=target}
    .replace(/(\bthumbnail=)(\S+?)(?=[\s}])/g, (m, head: string, raw: string) => (targets.has(raw) ? `${head}${siteAddress(raw, base)}` : m));
  targets = localTargets(out);
  if (targets.size) {
    // Obsidian embeds: kept as words.
    out = out.replace(/!\[\[/g, '!\\[[');
    targets = localTargets(out);
  }
  if (targets.size) {
    // Text where no target can be told apart (links in the middle of markup): its links as words.
    out = out.replace(/\]\(/g, ']\\(').replace(/\]:/g, ']\\:').replace(/\bthumbnail=/g, 'thumbnail\\=');
    targets = localTargets(out);
  }
  return targets.size ? undefined : out;
}
