// ghost-author preview-link: prints where a reader (anonymous, free or paid) sees a post or page
// on the site's domain. It reads only; it never changes the site or any file.
import { previewLink } from '../core/publish/email';
import { EXIT, postRef, UsageError, type CommandContext } from './shared';

export async function run({ values, positionals, out, connect }: CommandContext): Promise<number> {
  const ref = positionals[1];
  if (!ref || positionals.length > 2) { throw new UsageError('Name one post, by id or by its linked file, for preview-link.'); }
  const as = values.as;
  if (as !== undefined && as !== 'anonymous' && as !== 'free' && as !== 'paid') { throw new UsageError('--as is anonymous, free or paid.'); }
  const c = await connect();
  const target = await postRef(ref);
  const post = await c.client.posts.read(target.id, { fields: ['id', 'uuid', 'status', 'url'] }).catch(() => c.client.pages.read(target.id, { fields: ['id', 'uuid', 'status', 'url'] }));
  out(`${previewLink(post, c.info.url, as)}\n`);
  return EXIT.ok;
}
