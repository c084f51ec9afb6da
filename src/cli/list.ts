// ghost-author list: prints the site's posts or pages (one page of them, or --all), newest edit
// first, as lines or JSON. It reads only; it never changes the site or any file.
import type { PostLike } from '../core/ghost/types';
import { EXIT, UsageError, type CommandContext } from './shared';

export async function run({ values, out, connect }: CommandContext): Promise<number> {
  const type = values.type ?? 'posts';
  if (type !== 'posts' && type !== 'pages') { throw new UsageError('--type is posts or pages.'); }
  const limit = values.limit ? Number(values.limit) : 15;
  if (!Number.isInteger(limit) || limit < 1) { throw new UsageError('--limit is a whole number from 1.'); }
  if (values.all && values.limit) { throw new UsageError('--all and --limit exclude each other.'); }
  const c = await connect();
  const status = values.status === 'published' ? '[published,sent]' : values.status;
  const params = {
    filter: status ? `status:${status}` : undefined, order: 'updated_at desc',
    fields: ['id', 'title', 'slug', 'status', 'updated_at', 'published_at'],
  };
  let res: { items: PostLike[]; pagination: { total: number } };
  if (values.all) {
    // Every page of 100, in order.
    const items: PostLike[] = [];
    for await (const p of c.client.resource(type).all(params)) { items.push(p); }
    res = { items, pagination: { total: items.length } };
  } else {
    res = await c.client.resource(type).browse({ ...params, limit });
  }
  if (values.json) {
    out(`${JSON.stringify({ [type]: res.items, total: res.pagination.total })}\n`);
  } else {
    for (const p of res.items) { out(`${p.id}  ${p.status.padEnd(9)}  ${p.title}\n`); }
    out(`(${res.items.length} of ${res.pagination.total})\n`);
  }
  return EXIT.ok;
}
