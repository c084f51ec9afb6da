/**
 * The one door for email. A request that would make Ghost email a post (`newsletter` and
 * `email_segment` on a PUT) carries an EmailSend, and an EmailSend is issued only by
 * `publish/email.ts` once the writer has confirmed that very send (a dialog naming the
 * newsletter, the segment and the count; the CLI's answer or --yes). The client refuses any
 * other value at run time, and a unit test checks that no other module issues one.
 */
const issued = new WeakSet<object>();

declare const confirmedSend: unique symbol;

export interface EmailSend {
  readonly newsletter: string;
  /** A member filter; absent for every subscriber. */
  readonly segment?: string;
  readonly [confirmedSend]: true;
}

/** Only for publish/email.ts, after a confirmation said yes. */
export function issueEmailSend(newsletter: string, segment: string | undefined): EmailSend {
  const send = Object.freeze({ newsletter, ...(segment ? { segment } : {}) }) as EmailSend;
  issued.add(send);
  return send;
}

/** Whether a value is a send issued after a confirmation (a look-alike object is not). */
export function isIssuedSend(v: unknown): v is EmailSend {
  return typeof v === 'object' && v !== null && issued.has(v);
}
