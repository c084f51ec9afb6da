/**
 * Paging through a Ghost list, with an end guaranteed whatever the server says: each page must
 * move forward (`next` past the page just read), bring items not read before, and the whole must
 * stay within what the server said it holds (`meta.pagination.total`, plus one page for posts
 * added meanwhile; a total that grows by more than a tenth and two pages while the list is read is
 * not believed) and under a hard ceiling of pages (MAX_PAGES). A list that breaks one of these is refused
 * with a LimitError, never read on forever nor cut short without a word.
 */
import { LimitError, MAX_PAGES } from './limits';

export interface PageAnswer<T> {
  items: T[];
  /** Ghost's `meta.pagination`, as sent (it is checked here). */
  pagination?: unknown;
}

const count = (v: unknown): number | undefined => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : undefined);

/**
 * Every item of a list, page by page from `start`; `limit` is the page size asked for. Items seen
 * on an earlier page (a post edited while the list is read moves in an `updated_at` order) are
 * given once.
 */
export async function* pageThrough<T extends { id: string }>(what: string, read: (page: number) => Promise<PageAnswer<T>>, opts: { start?: number; limit: number; maxPages?: number }): AsyncGenerator<T> {
  const maxPages = opts.maxPages ?? MAX_PAGES;
  const seen = new Set<string>();
  let most: number | undefined;
  let first: number | undefined;
  // The page size the server applies (it may cap what was asked), the smallest seen.
  let size = Math.max(1, opts.limit);
  let page = opts.start ?? 1;
  const refuse = (why: string) => new LimitError('pages', `Ghost's list of ${what} does not end as it should: ${why}. Nothing more was read.`,
    'A Ghost site never answers so: check that the URL is your Ghost site, not a proxy or another app in front of it, then try again.');
  for (let pages = 1; ; pages++) {
    const res = await read(page);
    const p = (typeof res.pagination === 'object' && res.pagination !== null ? res.pagination : {}) as Record<string, unknown>;
    const total = count(p.total);
    if (total !== undefined) { most = Math.max(most ?? 0, total); first ??= total; }
    const applied = count(p.limit);
    if (applied) { size = Math.min(size, applied); }
    let fresh = 0;
    for (const item of res.items) {
      if (seen.has(item.id)) { continue; }
      seen.add(item.id);
      fresh++;
      yield item;
    }
    const next = p.next;
    if (next === null || next === undefined) { return; }
    if (count(next) === undefined || (next as number) <= page) { throw refuse(`after page ${page} it names page ${JSON.stringify(next)?.slice(0, 40)} as the next`); }
    if (!fresh) { throw refuse(`page ${page} held nothing not read before, yet names a next page`); }
    if (most !== undefined && seen.size > most + size) { throw refuse(`it has given ${seen.size} items, more than the ${most} it says it holds`); }
    if (most !== undefined && pages >= Math.ceil(most / size) + 2) { throw refuse(`${pages} pages of ${size} were read for ${most} items`); }
    // Posts added while the list is read move its total a little; one that runs ahead of the pages does not.
    if (first !== undefined && most !== undefined && most > first + 2 * size + first / 10) { throw refuse(`the total it gives grew from ${first} to ${most} while it was read`); }
    if (pages >= maxPages) { throw refuse(`it goes on past ${maxPages} pages`); }
    page = next as number;
  }
}
