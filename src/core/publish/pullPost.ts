/**
 * Pulling: a post or page read from Ghost as a Markdown file linked to it, and the record that a
 * file's text is what Ghost holds (after a pull, or a conflict settled with Ghost's version), so
 * that pushing it back unedited sends nothing. It reads from Ghost and writes this clone's records
 * only: never a write to Ghost, and the file itself is written by the caller.
 */
import { postToMarkdown } from '../content/pull';
import { fromLexical } from '../content/lexicalReader';
import { GhostAuthorError } from '../ghost/errors';
import type { PostLike } from '../ghost/types';
import { buildPayload } from './payload';
import { knownBookmark, payloadOf, prepare, prepareWithLinks, recordedElsewhere, rememberBookmarks } from './prepare';
import { FULL, readOrUndefined, recordPost } from './apply';
import type { PublishContext } from './engine';

/**
 * Reads a post or page (by id, or by slug) as a Markdown file linked to it. With `record`, the
 * file it is written to becomes the post's file, so that pushing it back unedited sends nothing;
 * when another file of the project already owns the post, that record is left as it is.
 */
export async function pullPost(ref: string, ctx: PublishContext, opts: { type?: 'post' | 'page'; file?: string | ((post: PostLike) => Promise<string>) }): Promise<{ text: string; post: PostLike; type: 'post' | 'page'; file?: string; note?: string }> {
  const site = ctx.client.site.adminUrl;
  const byId = /^[0-9a-f]{24}$/.test(ref);
  const tryType = async (t: 'post' | 'page') => {
    const r = ctx.client.resource(t === 'post' ? 'posts' : 'pages');
    return readOrUndefined(() => (byId ? r.read(ref, FULL) : r.readBySlug(ref, FULL)));
  };
  let type: 'post' | 'page' = opts.type ?? 'post';
  let post = await tryType(type);
  if (!post && !opts.type) {
    type = 'page';
    post = await tryType(type);
  }
  if (!post) {
    throw new GhostAuthorError(`No ${opts.type ?? 'post or page'} with the ${byId ? 'id' : 'slug'} “${ref}” on ${site}.`, 'Check the id or slug (ghost-author list shows them).');
  }
  const text = postToMarkdown(post, { type, site });
  const file = typeof opts.file === 'function' ? await opts.file(post) : opts.file;
  if (file !== undefined) { await recordSeen(ctx, file, text, post); }
  const note = post.lexical ? undefined
    : `“${post.title}” was written in Ghost's older editor and has no Lexical document: it was read from its HTML, so its cards may now be plain Markdown or HTML. Check it before pushing it back.`;
  return { text, post, type, file, note };
}

/**
 * Records that `text` (a file's new content) is what Ghost holds for `post`: after a pull, or
 * after the writer chose Ghost's version in a conflict. Pushing it unedited then sends nothing.
 * Another file the record names, still there and linked, keeps the record (even when its path was
 * vacated since: a pull never chooses between two files naming one post): this file then has to
 * choose (new post or take over).
 */
export async function recordSeen(ctx: PublishContext, file: string, text: string, post: PostLike): Promise<void> {
  await ctx.state.load();
  const site = ctx.client.site.adminUrl;
  const record = ctx.state.post(site, post.id);
  const doc = await prepareWithLinks(file, text, ctx);
  if (await recordedElsewhere(file, post.id, record, ctx)) { return; }
  // Ghost's bookmark metadata, kept so that pushing the file back writes the same cards.
  await rememberBookmarks(ctx, site, file, fromLexical().bookmarkMetadata(post.lexical));
  // What a push of this text would send, found as a push finds it (local images by the URLs
  // they are known to have: a mirror pulled with its images pushes back unchanged).
  const hash = await prepare(file, text, ctx).then((p) => payloadOf(p).hash, () => {
    const known = new Map(doc.bookmarkUrls.flatMap((u) => { const m = knownBookmark(ctx, site, file, u); return m ? [[u, m] as const] : []; }));
    return buildPayload(doc, doc.meta.render ?? ctx.renderMode ?? 'lexical', new Map(), new Map(), known).hash;
  });
  await recordPost(ctx, file, doc, post, hash);
}
