/**
 * Every failure the client can produce, each carrying a message that says what happened and what
 * to do. Classes expose a static `is()` so callers narrow without `instanceof` across bundles.
 */

export interface GhostErrorBody {
  message?: string;
  context?: string | null;
  type?: string;
  details?: unknown;
  property?: string | null;
  help?: string | null;
  code?: string | null;
  id?: string;
}

export class GhostAuthorError extends Error {
  /** A short next step for the user, shown after the message. */
  readonly hint: string | undefined;
  constructor(message: string, hint?: string) {
    super(message);
    this.name = new.target.name;
    this.hint = hint;
  }
  static is(e: unknown): e is GhostAuthorError {
    return e instanceof GhostAuthorError;
  }
  /** The message with its hint, for notifications and the CLI. */
  get explanation(): string {
    return this.hint ? `${this.message} ${this.hint}` : this.message;
  }
}

/** Input the user gave (a URL, a key) is not usable as it stands. */
export class InvalidInputError extends GhostAuthorError {
  constructor(readonly field: string, message: string, hint?: string) {
    super(message, hint);
  }
  static override is(e: unknown): e is InvalidInputError {
    return e instanceof InvalidInputError;
  }
}

/** Ghost answered with an HTTP error; `body` is its first error object. */
export class GhostApiError extends GhostAuthorError {
  constructor(
    readonly status: number,
    readonly body: GhostErrorBody,
    message: string,
    hint?: string,
  ) {
    super(message, hint);
  }
  get type(): string | undefined { return this.body.type; }
  get code(): string | undefined { return this.body.code ?? undefined; }
  static override is(e: unknown): e is GhostApiError {
    return e instanceof GhostApiError;
  }
}

/** The request never got an HTTP answer: DNS, refused, reset, timeout, TLS. */
export class NetworkError extends GhostAuthorError {
  constructor(readonly code: string, message: string, hint?: string) {
    super(message, hint);
  }
  static override is(e: unknown): e is NetworkError {
    return e instanceof NetworkError;
  }
}

/** Ghost (or a proxy) answered with a redirect, which is never followed with credentials. */
export class RedirectError extends GhostAuthorError {
  constructor(readonly status: number, readonly location: string, message: string, hint?: string) {
    super(message, hint);
  }
  static override is(e: unknown): e is RedirectError {
    return e instanceof RedirectError;
  }
}

/** The answer was not the JSON Ghost sends: a proxy page, a truncated body. */
export class UnexpectedResponseError extends GhostAuthorError {
  constructor(readonly status: number, message: string, hint?: string) {
    super(message, hint);
  }
  static override is(e: unknown): e is UnexpectedResponseError {
    return e instanceof UnexpectedResponseError;
  }
}

export function errorMessage(e: unknown): string {
  if (GhostAuthorError.is(e)) { return e.explanation; }
  if (e instanceof Error) { return e.message; }
  return String(e);
}

/**
 * Ghost has a newer version of the post than the one this edit was based on (409
 * UPDATE_COLLISION). Nothing was written; `server` is Ghost's current version when it could be read.
 */
export class ConflictError extends GhostApiError {
  server: unknown;
  static override is(e: unknown): e is ConflictError {
    return e instanceof ConflictError;
  }
}
