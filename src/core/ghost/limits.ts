/**
 * Limits on what the network may send: how many bytes one reply may hold (counted as they arrive,
 * so a huge reply is cut off, never held whole), how long a request may take in all as well as how
 * long it may stay silent, and how many pages a list may run to. A reply past a limit is refused
 * with a LimitError that says what was refused and what to do; it is never tried again.
 */
import { Transform, type TransformCallback } from 'node:stream';
import { GhostAuthorError } from './errors';

/** The most one JSON reply may hold: Ghost's largest page (100 posts with their bodies) is a few MB. */
export const DEFAULT_MAX_JSON_BYTES = 64 * 1024 * 1024;
/** The most one downloaded image may hold. */
export const DEFAULT_MAX_IMAGE_BYTES = 50 * 1024 * 1024;
/** How long one request may take in all, whatever the server keeps sending. */
export const DEFAULT_DEADLINE_MS = 120_000;
/** The most pages one list is read to (100 items each: 200,000 posts or pages, far past any Ghost site's). */
export const MAX_PAGES = 2_000;

export type LimitKind = 'size' | 'deadline' | 'idle' | 'pages' | 'redirect' | 'origin' | 'type';

/** A reply refused because it went past a limit (or came from where it may not). Never retried. */
export class LimitError extends GhostAuthorError {
  constructor(readonly limit: LimitKind, message: string, hint?: string) {
    super(message, hint);
  }
  static override is(e: unknown): e is LimitError {
    return e instanceof LimitError;
  }
}

/** `64 MB`, `1.5 GB`: sizes as a writer reads them. */
export function formatBytes(n: number): string {
  if (n >= 1024 ** 3) { return `${(n / 1024 ** 3).toFixed(1).replace(/\.0$/, '')} GB`; }
  if (n >= 1024 ** 2) { return `${(n / 1024 ** 2).toFixed(1).replace(/\.0$/, '')} MB`; }
  if (n >= 1024) { return `${Math.round(n / 1024)} KB`; }
  return `${n} bytes`;
}

export function tooLarge(what: string, max: number, hint: string): LimitError {
  return new LimitError('size', `${what} is larger than ${formatBytes(max)}, the most Ghost Author reads for it; it was cut off there and nothing of it was used.`, hint);
}

export function pastDeadline(what: string, ms: number, received: number): LimitError {
  return new LimitError('deadline', `${what} took longer than ${Math.round(ms / 1000)} s in all (${formatBytes(received)} had arrived), so it was given up.`,
    'A server that sends this slowly is not answering like Ghost: check the site and any proxy in front of it, then try again.');
}

/**
 * A pass-through that counts bytes and fails the stream past `maxBytes`, or when nothing arrives
 * for `idleMs`. `received` is what went through so far.
 */
export class ByteLimit extends Transform {
  received = 0;
  private idle: NodeJS.Timeout | undefined;

  constructor(private readonly maxBytes: number, private readonly onTooLarge: () => Error, idleMs: number, onIdle: () => Error) {
    super();
    if (idleMs > 0) {
      this.idle = setTimeout(() => this.destroy(onIdle()), idleMs);
      this.idle.unref?.();
    }
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.received += chunk.length;
    this.idle?.refresh();
    if (this.received > this.maxBytes) { done(this.onTooLarge()); return; }
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    this.stop();
    done();
  }

  override _destroy(err: Error | null, done: (e: Error | null) => void): void {
    this.stop();
    done(err);
  }

  private stop(): void {
    if (this.idle) { clearTimeout(this.idle); this.idle = undefined; }
  }
}
