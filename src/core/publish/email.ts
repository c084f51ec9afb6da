/**
 * The audience of a publish: which newsletter, which members, how many, and whether the post was
 * ever emailed. Everything here is checked before any request that changes the site.
 */
import type { PreparedDocument } from '../content/document';
import type { GhostClient } from '../ghost/client';
import { issueEmailSend, type EmailSend } from '../ghost/emailSend';
import { GhostApiError, GhostAuthorError } from '../ghost/errors';
import { isLive, type Newsletter, type PostEmail, type PostLike } from '../ghost/types';

export interface EmailPlan {
  newsletter: Newsletter;
  /** `all`, or a member filter. */
  segment: string;
  /** Members who would receive it now, as Ghost counts them. */
  recipients: number;
  /** The post is for the inbox only (Ghost gives it the status `sent`). */
  emailOnly: boolean;
}

/**
 * What a publish asks of email: a newsletter named with the command, or in the file for an
 * explicit publish. An empty `newsletter` means "no email", whatever the file says.
 */
export function emailIntent(doc: PreparedDocument, opts: { status?: string; newsletter?: string; emailSegment?: string; confirmEmail?: unknown }): { newsletter: string; segment: string } | undefined {
  // Only a caller that asks the writer to confirm a send can make one: every other path (save,
  // publish-on-save, sync, Schedule…, the Ghost view's status changes, retries) never emails.
  if (!opts.confirmEmail) {
    if (opts.newsletter) {
      throw new GhostAuthorError('An email is sent only once the writer confirms it, and this command cannot ask.', 'Publish with the newsletter from a command that asks (Publish…, or the CLI with --newsletter). Nothing was sent.');
    }
    return undefined;
  }
  const explicit = opts.status === 'published' || opts.status === 'scheduled';
  const newsletter = opts.newsletter ?? (explicit ? doc.meta.newsletter : undefined);
  if (!newsletter) { return undefined; }
  return { newsletter, segment: (opts.emailSegment ?? doc.meta.emailSegment ?? 'all').trim() || 'all' };
}

const quote = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** The members filter Ghost uses for a send (newsletter, not disabled, segment, paid-only newsletter). */
export function recipientFilter(newsletter: Newsletter, segment: string): string {
  return [`newsletters.slug:${quote(newsletter.slug)}`, 'email_disabled:0', ...(segment === 'all' ? [] : [`(${segment})`]), ...(newsletter.visibility === 'paid' ? ['status:-free'] : [])].join('+');
}

function sentWhen(email: PostEmail): string {
  const at = email.submitted_at ?? email.created_at;
  return `${at ? `on ${new Date(at).toUTCString()}` : 'before'}${email.email_count !== undefined ? ` to ${email.email_count} member(s)` : ''}${email.status === 'failed' ? ' (it failed; Ghost retries that same email when the post is published again)' : ''}`;
}

/**
 * Checks a send before anything changes: the newsletter exists and is active, the segment is a
 * filter Ghost accepts (and how many members it reaches), and the post has never been emailed.
 */
export async function planEmail(client: GhostClient, want: { newsletter: string; segment: string }, post: { id?: string; title: string; emailOnly: boolean; type: 'post' | 'page' }): Promise<EmailPlan> {
  if (post.type === 'page') {
    throw new GhostAuthorError(`“${post.title}” is a page: Ghost emails posts only.`, 'Publish it without a newsletter.');
  }
  const newsletter = await client.newsletter(want.newsletter);
  if (!newsletter || newsletter.status !== 'active') {
    const active = (await client.newsletters().catch(() => [])).map((n) => n.slug);
    throw new GhostAuthorError(
      newsletter ? `The newsletter “${want.newsletter}” is archived: Ghost sends nothing to it.` : `This site has no newsletter “${want.newsletter}”.`,
      active.length ? `Its active newsletters: ${active.join(', ')}. Nothing was sent.` : 'It has no active newsletter. Nothing was sent.',
    );
  }
  let recipients: number;
  try {
    recipients = await client.countMembers(recipientFilter(newsletter, want.segment));
  } catch (e) {
    if (GhostApiError.is(e) && e.status === 400) {
      throw new GhostAuthorError(`email_segment “${want.segment}” is not a member filter Ghost accepts.`, 'Use all, status:free, status:-free, label:SLUG, tier:SLUG, or a combination Ghost\'s member filters accept. Nothing was sent.');
    }
    throw e;
  }
  if (post.id) {
    const current = await client.posts.read(post.id, { fields: ['id', 'title'], include: ['email'] }).catch((e: unknown) => {
      if (GhostApiError.is(e) && e.status === 404) { return undefined; }
      throw e;
    });
    const email = (current as (PostLike & { email?: PostEmail | null }) | undefined)?.email;
    if (email) {
      throw new GhostAuthorError(`“${post.title}” was already sent by email ${sentWhen(email)}: Ghost sends a post once, and so does this tool.`, 'Publish it without a newsletter. Nothing was sent.');
    }
  }
  return { newsletter, segment: want.segment, recipients, emailOnly: post.emailOnly };
}

/**
 * Asks the writer to confirm a checked send; only a yes issues the send that the client lets
 * through (see ghost/emailSend.ts). This is the only place one is issued.
 */
export async function confirmSend(plan: EmailPlan, title: string, confirm: ((plan: EmailPlan, title: string) => Promise<boolean>) | undefined): Promise<EmailSend | undefined> {
  if (!confirm || (await confirm(plan, title)) !== true) { return undefined; }
  return issueEmailSend(plan.newsletter.slug, plan.segment === 'all' ? undefined : plan.segment);
}

/** The plan in one sentence, for a confirmation or a dry run. */
export function describeEmail(plan: EmailPlan, title: string): string {
  const who = plan.segment === 'all' ? 'every subscriber' : `the subscribers matching ${plan.segment}`;
  return `“${title}” will be emailed to ${who} of “${plan.newsletter.name}” (${plan.newsletter.slug}): ${plan.recipients} member(s)${plan.emailOnly ? ', and only emailed: it will not appear on the site' : ''}. An email cannot be recalled.`;
}

/** Ghost lets staff users only preview and test-send emails: an integration key's refusal, explained. */
function staffOnly(e: unknown): unknown {
  if (GhostApiError.is(e) && (e.status === 403 || e.status === 501)) {
    return new GhostAuthorError('Ghost shows and test-sends emails for staff users only, and this site is connected with an integration key.', 'Connect it with your staff access token (your profile in Ghost Admin) or sign in with your email and password.');
  }
  return e;
}

export interface EmailView { newsletter?: string; segment?: string }

/** Ghost's own rendering of the email of a post (its subject, HTML and text). */
export async function previewEmail(client: GhostClient, postId: string, view: EmailView = {}): Promise<{ subject: string; html: string; plaintext: string }> {
  try {
    return await client.emailPreview(postId, view);
  } catch (e) {
    throw staffOnly(e);
  }
}

/** One test email of a post, to a staff user of the site; nothing else is sent. */
export async function sendTestEmail(client: GhostClient, postId: string, to: string, view: EmailView = {}): Promise<void> {
  const address = to.trim();
  if (!/^[^@\s]+@[^@\s]+$/.test(address)) { throw new GhostAuthorError(`“${to}” is not an email address.`); }
  let staff: string[];
  try {
    staff = await client.staffEmails([address]);
  } catch (e) {
    throw staffOnly(e);
  }
  if (!staff.some((s) => s.toLowerCase() === address.toLowerCase())) {
    throw new GhostAuthorError(`${address} is not a staff user of this site: test emails go to staff only.`, 'Use the address of a staff user (yours, for instance).');
  }
  try {
    await client.sendTestEmail(postId, address, view);
  } catch (e) {
    if (GhostApiError.is(e) && e.status >= 500 && /BULK_EMAIL|Mailgun/i.test(`${e.code ?? ''} ${JSON.stringify(e.body)}`)) {
      throw new GhostAuthorError('Ghost could not send the test email: its bulk email (Mailgun) is not set up or refused it.', 'Set up email in Ghost Admin (Settings → Email newsletter), then try again.');
    }
    throw staffOnly(e);
  }
}

export type Reader = 'anonymous' | 'free' | 'paid';

/**
 * Where a reader sees the post: a draft's preview link on the site's own domain (`/p/UUID/`,
 * Ghost's address for it), as an anonymous visitor, a free or a paying member would; a published
 * post's address.
 */
export function previewLink(post: Pick<PostLike, 'status' | 'url' | 'uuid'>, siteUrl: string, as?: Reader): string {
  const live = isLive(post.status);
  const base = post.url && (live || /\/p\/[0-9a-f-]+\/?$/.test(post.url)) ? post.url : `${siteUrl.replace(/\/?$/, '/')}p/${post.uuid ?? ''}/`;
  return as && !live ? `${base}?member_status=${as}` : base;
}
