/**
 * The entry point of a push. publishFile runs its phases in order: prepare (prepare.ts: the file,
 * no write), the writer's intent and the plan (plan.ts: pure), the email checked and confirmed
 * (email.ts), then apply (apply.ts: the one write and its records). It holds the types the phases
 * share and re-exports what callers import from here; it sends nothing itself, and writes no record
 * but the end of a create's doubt once the file carries its link.
 */
import * as path from 'node:path';
import { removeLink } from '../content/link';
import type { RenderMode } from '../content/meta';
import type { GhostClient } from '../ghost/client';
import { GhostAuthorError } from '../ghost/errors';
import type { Identity, PostLike } from '../ghost/types';
import type { Logger } from '../log';
import { silentLogger } from '../log';
import type { Payload } from './payload';
import type { StateStore } from './state';
import type { FileHistory, PathHistory } from './history';
import { checkStatusRequest, planPush, statusIntent } from './plan';
import { confirmSend, emailIntent, planEmail, type EmailPlan } from './email';
import type { EmailSend } from '../ghost/emailSend';
import { otherOwner, payloadOf, pendingCount, pendingOf, prepare } from './prepare';
import { CancelledError, checkAuthors, create, resolveAuthorNames, resolveTiers, stopIfCancelled, update } from './apply';

export { WrongSiteError, pulledImageKey } from './prepare';
export { CancelledError, changeStatus, recordPost } from './apply';
export { pullPost, recordSeen } from './pullPost';

export interface PublishContext {
  client: GhostClient;
  state: StateStore;
  logger?: Logger;
  /** Short messages for a progress bar. */
  progress?: (message: string) => void;
  /** The default when the file does not say (`render:` in its front matter). */
  renderMode?: RenderMode;
  /** Who the credentials belong to: Contributors and Authors must name themselves as author. */
  identity?: Identity;
  /** Stops before the next upload or write when aborted; what was already sent stays recorded. */
  signal?: AbortSignal;
  now?: () => number;
  /**
   * The front matter's `status` is acted on: on a first push, and afterwards only when it changed
   * since the last push (the CLI: CI publishes what the writer marked, and re-runs change nothing).
   */
  frontMatterStatus?: boolean;
  /**
   * Earlier versions of a file (git): with no record here, a push goes over the last push from
   * another clone only if this file descends from what that push sent.
   */
  history?: FileHistory;
  /**
   * A path's own history (git, renames not followed): whether the file at the path a record or
   * mark names is still the one pushed from there, or another put there after it moved away.
   */
  pathHistory?: PathHistory;
  /**
   * Writes a file's new text with its link, as soon as Ghost has made the post (before any
   * further step): the CLI writes the file, the extension edits the open document.
   */
  writeLink?: (file: string, text: string) => Promise<void>;
  /** Published posts' addresses by id (from a list of the site): where `[[Note]]` links point. */
  published?: ReadonlyMap<string, string>;
  /** Work from local data only (file decorations): no request, even to place a `[[link]]`. */
  offline?: boolean;
}

export interface PublishOptions {
  /** A status change, asked for explicitly. Without it the status in Ghost is left as it is. */
  status?: 'draft' | 'published' | 'scheduled';
  /** With status scheduled (or to back-date): defaults to the front matter's published_at. */
  publishedAt?: string;
  /** Send the post by email to this newsletter (slug) as it is published: cannot be undone. */
  newsletter?: string;
  emailSegment?: string;
  /** Send it as an email only (Ghost's `email_only`: the post never shows on the site). */
  emailOnly?: boolean;
  /**
   * Asked once a send is checked (newsletter, segment, members it reaches, never sent before),
   * before anything changes: false stops the publish. Without it nothing is ever emailed (a
   * newsletter the file names is left unsent, and said so).
   */
  confirmEmail?: (plan: EmailPlan, title: string) => Promise<boolean>;
  /** Overwrite Ghost's version even if it changed since it was last seen. */
  force?: boolean;
  /**
   * With `force`: the version of Ghost's post the writer was shown (its ghostFingerprint). Ghost's
   * version is overwritten only while it is still that one; changed again since, it is a conflict
   * again (an edit the writer never saw is never overwritten). Without it, `force` overwrites any.
   */
  forceOver?: string;
  /** Work out what would be sent; upload and send nothing. */
  dryRun?: boolean;
  /** Create the post again if it was deleted in Ghost. */
  recreate?: boolean;
  /** When another file owns the post: publish this file as a new post, or make it the owner. */
  ownership?: 'new' | 'take-over';
}

export interface Base {
  file: string;
  title: string;
  /** Warnings to show (unknown fields…). */
  warnings: string[];
  uploaded: number;
}

export type PublishOutcome = Base & (
  | { kind: 'created'; post: PostLike; /** The file's new text, with the link written in. */ newText: string;
    /** The post exists and is linked, but the rest of the push did not go through (the last warning says why). */ incomplete?: boolean }
  | { kind: 'updated'; post: PostLike }
  | { kind: 'unchanged'; id: string }
  /** Ghost has a version this push would overwrite; nothing was written. */
  | { kind: 'conflict'; id: string; server: PostLike | undefined; reason: 'edited-in-ghost' | 'no-record'; payload: Payload }
  /**
   * Another file of the project owns this post (a copy of it): nothing was sent. With `ambiguous`,
   * several files name the post and none can show it is the one last pushed: the writer chooses.
   */
  | { kind: 'owned-elsewhere'; id: string; owner: string; ambiguous?: string[] }
  | { kind: 'deleted'; id: string }
  | { kind: 'dry-run'; payload: Payload; action: 'create' | 'update' | 'none'; uploads: string[]; id?: string }
);

/**
 * Pushes one Markdown file to Ghost: creates the post on first push (and returns the link to
 * write into the file), updates it afterwards, and never overwrites an edit made in Ghost since
 * the post was last seen. Content unchanged since the last push sends no request at all.
 */
export async function publishFile(file: string, text: string, ctx: PublishContext, opts: PublishOptions = {}): Promise<PublishOutcome> {
  return publishText(file, text, ctx, opts, false);
}

/** `linkedHere`: the link in `text` was just written by this push, not yet seen in the file. */
export async function publishText(file: string, text: string, ctx: PublishContext, opts: PublishOptions, linkedHere: boolean): Promise<PublishOutcome> {
  const p = await prepare(file, text, ctx);
  p.linkedHere = linkedHere;
  const { site, link, base } = p;
  const record = link ? ctx.state.post(site, link.id) : undefined;
  if (link && !linkedHere) {
    // A file carries the link: the record of that post's creation has done its job, whatever
    // name it was made under (a file moved since must not leave it for a new file of its old name).
    for (const made of ctx.state.pendingCreates(site).filter((x) => x.postId === link.id)) {
      await ctx.state.clearPendingCreate(site, path.join(ctx.state.root, made.file));
    }
  }
  const owner = link ? await otherOwner(file, link.id, record, ctx) : undefined;
  if (opts.emailOnly) { p.doc.meta.fields.email_only = true; }
  const want = statusIntent(p, record?.intent, opts, ctx);
  checkStatusRequest(want, opts, ctx.now ?? Date.now);
  const goesLive = want.status === 'published' || want.status === 'scheduled';
  const email = emailIntent(p.doc, opts);
  if (p.doc.meta.fields.email_only === true && goesLive && !email) {
    // Ghost would mark it sent and email nobody: an email-only post only ever goes out by email.
    throw new GhostAuthorError(`“${p.doc.title}” is email-only: publishing it means sending it, so it needs a newsletter and a confirmed send.`,
      opts.confirmEmail && !p.doc.meta.newsletter ? 'Name the newsletter (newsletter: in the front matter, or --newsletter). Nothing was sent.'
        : `A send goes out only with an explicit publish that asks you to confirm it: Publish… in VS Code, or the CLI's publish --status published${p.doc.meta.newsletter ? ` (the file names “${p.doc.meta.newsletter}”)` : ''}. Nothing was sent.`);
  }
  if (goesLive && !email && p.doc.meta.newsletter && !opts.dryRun) {
    base.warnings.push(`The file names the newsletter “${p.doc.meta.newsletter}”, but no email was sent: only a publish that asks you to confirm the send (Publish…, or the CLI with a confirmation) emails.`);
  }
  // Authors named by slug or name (Jekyll, Hugo): their emails, before what is sent is known.
  await resolveAuthorNames(p, ctx);
  const known = payloadOf(p);
  const pending = pendingOf(p);
  const step = planPush({
    linked: !!link, owner, ownership: opts.ownership, recordHash: record?.hash, hash: known.hash,
    recordIsThisFile: !!record && (record.file === undefined || record.file === ctx.state.relative(file)),
    pendingUploads: pendingCount(p), wantsChange: !!want.status || want.publishedAt !== undefined,
  });
  if (step === 'as-new') { return publishFile(file, removeLink(text), ctx, { ...opts, ownership: undefined, recreate: false }); }
  if (step === 'owned-elsewhere' && link && owner) { return { ...base, kind: 'owned-elsewhere', id: link.id, owner }; }
  if (opts.dryRun) {
    return { ...base, kind: 'dry-run', payload: known, action: step === 'create' ? 'create' : step === 'unchanged' ? 'none' : 'update', uploads: pending.map((i) => i.ref), id: link?.id };
  }
  if (step === 'unchanged' && link) {
    (ctx.logger ?? silentLogger).debug(`${file}: unchanged since the last push; nothing sent.`);
    return { ...base, kind: 'unchanged', id: link.id };
  }
  // Checked only when something will be sent: an unchanged file costs no request at all.
  if (p.doc.meta.authors?.length) { await checkAuthors(ctx.client, p.doc.meta.authors); }
  if (p.doc.meta.tiers) { p.tierIds = await resolveTiers(ctx, p.doc.meta.tiers); }
  // The audience: checked, then confirmed, before anything changes on the site. No email unless
  // the writer confirmed this very send (an empty newsletter says "none", over the file's).
  let send: EmailSend | undefined;
  if (email) {
    const plan = await planEmail(ctx.client, email, { id: link?.id, title: p.doc.title, emailOnly: p.doc.meta.fields.email_only === true, type: p.doc.meta.type });
    send = await confirmSend(plan, p.doc.title, opts.confirmEmail);
    if (!send) { throw new CancelledError('Not published: the email was not confirmed. Nothing was sent.'); }
  }
  stopIfCancelled(ctx);
  return link ? update(p, link, record, want, opts, ctx, send) : create(p, want, opts, ctx, send);
}
