/**
 * The decisions of a push, as pure functions of what is known: the file, the record of the last
 * push, and (for an update) Ghost's version now. No network, no files: the engine gathers the
 * inputs, calls these, and carries out what they say.
 */
import type { PreparedDocument } from '../content/document';
import { readDate } from '../content/meta';
import { GhostAuthorError } from '../ghost/errors';
import type { Intent } from './state';
import type { PublishContext, PublishOptions } from './engine';
import type { Prepared } from './prepare';

export type Status = 'draft' | 'published' | 'scheduled';

/** What the file says about status and date, and what was asked in this push. */
export interface IntentInput {
  /** The front matter's status and date (the date as written when it has no zone). */
  file: { status?: Status; publishedAt?: string; publishedAtIso?: string };
  /** What the file said at the last push or pull, if there is a record. */
  last: Intent | undefined;
  linked: boolean;
  /** Asked explicitly (a command or flag). */
  asked?: { status?: Status; publishedAt?: string };
  /** The front matter's status is acted on (the CLI). */
  frontMatterStatus: boolean;
}

/**
 * The status and date to send. A status changes only when asked in this push: an option, or (with
 * `frontMatterStatus`) a front matter value on a first push or changed since the last push. A date
 * is sent when asked, or changed in the file since the last push (a scheduled post is rescheduled).
 */
export function planIntent(i: IntentInput): { status?: Status; publishedAt?: string } {
  const iso = i.file.publishedAtIso;
  if (i.asked?.status) { return { status: i.asked.status, publishedAt: i.asked.publishedAt ?? iso }; }
  let status: Status | undefined;
  if (i.frontMatterStatus && i.file.status) {
    if (!i.linked) { status = i.file.status; } else if (i.last && i.file.status !== i.last.status) { status = i.file.status; }
  }
  if (status) { return { status, publishedAt: iso }; }
  const dateChanged = i.last !== undefined && i.file.publishedAt !== undefined && i.file.publishedAt !== i.last.publishedAt;
  return dateChanged || (!i.linked && i.frontMatterStatus && iso) ? { publishedAt: iso } : {};
}

export type PushStep = 'owned-elsewhere' | 'as-new' | 'unchanged' | 'create' | 'update';

/** Before any request: what this push is. */
export function planPush(i: {
  linked: boolean;
  /** Another existing file of the project that links the same post. */
  owner: string | undefined;
  ownership?: 'new' | 'take-over';
  /** The record's hash of what was last sent, and whether it belongs to this very file. */
  recordHash: string | undefined;
  recordIsThisFile: boolean;
  hash: string;
  pendingUploads: number;
  wantsChange: boolean;
}): PushStep {
  if (!i.linked) { return 'create'; }
  if (i.owner && i.ownership === 'new') { return 'as-new'; }
  if (i.owner && i.ownership !== 'take-over') { return 'owned-elsewhere'; }
  if (i.recordHash === i.hash && i.recordIsThisFile && !i.pendingUploads && !i.wantsChange) { return 'unchanged'; }
  return 'update';
}

export type UpdateStep = 'adopt' | 'conflict' | 'send' | 'overwrite';

/** With Ghost's version read: adopt it, stop with a conflict, or send. */
export function planUpdate(i: {
  /** Ghost already holds exactly what would be sent. */
  sameAsGhost: boolean;
  /** Ghost's version is the one the last push or pull left (record, or mark and history). */
  untouched: boolean;
  /** The date would be sent and Ghost's was changed since the last push. */
  dateEdited: boolean;
  /** Tags or authors changed on both sides. */
  relationsConflict: boolean;
  force: boolean;
}): UpdateStep {
  if (i.sameAsGhost) { return 'adopt'; }
  if (!i.untouched || i.dateEdited || i.relationsConflict) { return i.force ? 'overwrite' : 'conflict'; }
  return 'send';
}

/**
 * Tags and authors, each merged three ways: the file's are sent only when the file changed them
 * since the last push; Ghost's are kept otherwise (Ghost 6 does not even move `updated_at` when
 * only they change). Both sides changing them is a conflict.
 */
export function planRelations(mine: { tags?: string; authors?: string }, theirs: { tags: string; authors: string },
  last: { relations?: { tags: string; authors: string }; fileRelations?: { tags?: string; authors?: string } } | undefined): { send: Array<'tags' | 'authors'>; conflict: boolean } {
  const send: Array<'tags' | 'authors'> = [];
  let conflict = false;
  for (const k of ['tags', 'authors'] as const) {
    if (mine[k] === undefined) { continue; }
    const fileChanged = !last?.fileRelations || last.fileRelations[k] !== mine[k];
    if (!fileChanged) { continue; }
    send.push(k);
    const ghostChanged = !last?.relations || last.relations[k] !== theirs[k];
    if (ghostChanged && theirs[k] !== mine[k]) { conflict = true; }
  }
  return { send, conflict };
}

/** A file of the project that names a post (its front matter's ghost_id). */
export interface Claimant {
  /** Relative to the project's root, `/` separators. */
  file: string;
  /** sourceHash of the file now. */
  src?: string;
}

export type Ownership = { owner: string } | { ambiguous: string[] };

/**
 * The one owner rule: which of the files naming a post owns it. Never sort order, never "the
 * recorded file is missing", never a file's history or content alone (a Save As copy is word for
 * word what was pushed, as much as the original): the owner is the file that can show it
 * (1) this clone's record names it; (2) the mark the last push left in Ghost names it; (3) it is
 * the only file naming the post (a rename). Otherwise no file owns it until the writer says which
 * (`--take-over` on the owner, `--as-new` on a copy).
 */
export function ownerOf(i: { claimants: readonly Claimant[]; recorded?: string; marked?: { file?: string; src?: string } }): Ownership {
  const files = i.claimants.map((c) => c.file);
  if (i.recorded && files.includes(i.recorded)) { return { owner: i.recorded }; }
  if (i.marked?.file && files.includes(i.marked.file)) { return { owner: i.marked.file }; }
  if (files.length === 1) { return { owner: files[0] as string }; }
  return { ambiguous: [...files].sort() };
}

/** What the file says now about status and date, to record with the push. */
export const intentOf = (doc: PreparedDocument): Intent => ({ status: doc.meta.status, publishedAt: doc.meta.publishedAtLocal ?? doc.meta.publishedAt });

export type Want = ReturnType<typeof planIntent>;

/** Step 2, the writer's intent (see planIntent). */
export function statusIntent(p: Prepared, last: Intent | undefined, opts: PublishOptions, ctx: PublishContext): Want {
  const meta = p.doc.meta;
  // Another tool's draft: / date: only say how a post starts: a linked post's status and date
  // change only when the file says so in Ghost's own words (status:, published_at:).
  const imported = (as: string) => !!p.link && meta.imported.some((i) => i.as === as);
  const status = imported('status') ? undefined : meta.status;
  const at = imported('published_at') ? undefined : meta.publishedAtLocal ?? meta.publishedAt;
  return planIntent({
    file: { status, publishedAt: at, publishedAtIso: imported('published_at') ? undefined : meta.publishedAt },
    last, linked: !!p.link, asked: opts.status ? { status: opts.status, publishedAt: opts.publishedAt } : undefined,
    frontMatterStatus: !!ctx.frontMatterStatus,
  });
}

export function checkStatusRequest(want: Want, opts: PublishOptions, now: () => number): void {
  if (opts.newsletter && opts.status !== 'published' && opts.status !== 'scheduled') {
    throw new GhostAuthorError('A newsletter is only sent when the post is published or scheduled.', 'Ask to publish (or schedule) together with the newsletter.');
  }
  if (want.status === 'scheduled') {
    if (!want.publishedAt) {
      throw new GhostAuthorError('Scheduling needs a date: published_at in the front matter, or a date given with the command.');
    }
    const given = readDate(want.publishedAt);
    if (typeof given === 'string') { throw new GhostAuthorError(given); }
    // A date without a zone is checked once it is read on the site's clock (statusFields).
    if (!given.local && Date.parse(given.iso) <= now()) {
      throw new GhostAuthorError(`The scheduled date ${want.publishedAt} is not in the future.`, 'Choose a later date.');
    }
  }
}
