import { Writable, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import axios, { type AxiosInstance, type AxiosResponse, type Method } from 'axios';
import type { Logger } from '../log';
import { silentLogger } from '../log';
import {
  GhostApiError, GhostAuthorError, NetworkError, RedirectError, UnexpectedResponseError, type GhostErrorBody,
} from './errors';
import { ByteLimit, DEFAULT_DEADLINE_MS, DEFAULT_MAX_JSON_BYTES, pastDeadline, tooLarge } from './limits';
import { apiUrl, parseSiteUrl, type SiteAddress } from './siteUrl';

/** Supplies credentials for a request and decides what a refusal means. */
export interface Auth {
  readonly kind: 'key' | 'session';
  /** Adds credentials to the headers; returns an opaque value identifying what was sent. */
  apply(headers: Record<string, string>): Promise<string | undefined>;
  /**
   * Ghost refused the request with 401/403. Return true when trying once more with fresh
   * credentials can succeed (an expired token), after making them fresh.
   */
  refused(error: GhostApiError, sent: string | undefined, serverDateMs: number | undefined): boolean;
  /** Sees every response, e.g. to keep a renewed session cookie. */
  observe?(response: { headers: Record<string, unknown> }): void;
}

export interface RequestOptions {
  method: Method;
  /** Relative to `ghost/api/admin/`, e.g. `posts/` or `posts/abc/`. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** Send without credentials (the site probe). */
  anonymous?: boolean;
  /** How long the server may stay silent (before answering, or between two parts of its answer). */
  timeoutMs?: number;
  /** How long the request may take in all; defaults to the client's, and is never shorter than `timeoutMs`. */
  deadlineMs?: number;
  /** The most bytes the answer may hold; defaults to the client's (64 MB). */
  maxBytes?: number;
  signal?: AbortSignal;
  /** Override: whether a failed attempt may be repeated. Defaults by method. */
  idempotent?: boolean;
  /** Never repeat, whatever the failure (sign-in: Ghost locks out after a few attempts). */
  noRetry?: boolean;
  /** The route answers plain text on success (the session routes), not JSON. */
  text?: boolean;
}

export interface HttpOptions {
  userAgent: string;
  auth?: Auth;
  logger?: Logger;
  /** How long the server may stay silent (default 30 s). */
  timeoutMs?: number;
  /** How long one request may take in all, however steadily the server sends (default 120 s). */
  deadlineMs?: number;
  /** The most bytes one answer may hold (default 64 MB): counted as it arrives, cut off past it. */
  maxBytes?: number;
  /** Further attempts after the first, for failures that can pass. */
  retries?: number;
  /** Base of the exponential backoff, in milliseconds. */
  backoffMs?: number;
  /** For tests. */
  sleep?: (ms: number) => Promise<void>;
  /**
   * For a connection known from an earlier run (not checked with the site this time): called when an
   * answer says what was known may no longer hold (a refusal, 401 or 403; a version mismatch, 406; a
   * redirect). It connects again, or throws to end the request; once it has resolved, the refused
   * request is sent once more. Called at most once per client.
   */
  recheck?: (error: GhostAuthorError) => Promise<void>;
}

export interface HttpStats {
  requests: number;
  bytesReceived: number;
  bytesSent: number;
  retries: number;
  /** Requests that may change something (every method but GET and HEAD). */
  writes: number;
}

const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);
const RETRYABLE_NETWORK = new Set(['ECONNRESET', 'ETIMEDOUT', 'ECONNABORTED', 'EPIPE', 'ECONNREFUSED', 'EAI_AGAIN', 'ERR_BAD_RESPONSE']);
/** A request that never reached the server can be sent again even when it would create something. */
const NEVER_ARRIVED_NETWORK = new Set(['ECONNREFUSED', 'EAI_AGAIN']);

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class GhostHttp {
  readonly stats: HttpStats = { requests: 0, bytesReceived: 0, bytesSent: 0, retries: 0, writes: 0 };
  private readonly axios: AxiosInstance;
  private readonly log: Logger;
  private readonly retries: number;
  private readonly backoffMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly deadlineMs: number;
  private readonly maxBytes: number;

  constructor(readonly site: SiteAddress, private readonly opts: HttpOptions) {
    this.log = opts.logger ?? silentLogger;
    this.deadlineMs = opts.deadlineMs ?? DEFAULT_DEADLINE_MS;
    this.maxBytes = opts.maxBytes ?? DEFAULT_MAX_JSON_BYTES;
    this.retries = opts.retries ?? 3;
    this.backoffMs = opts.backoffMs ?? 500;
    this.sleep = opts.sleep ?? defaultSleep;
    this.axios = axios.create({
      timeout: opts.timeoutMs ?? 30_000,
      maxRedirects: 0,
      // Bodies are read here as a stream of bytes, counted against the size cap and the deadline as
      // they arrive, then parsed, so truncated or non-JSON answers are told apart.
      responseType: 'stream',
      transformResponse: [(d: unknown) => d],
      validateStatus: () => true,
      headers: { 'User-Agent': opts.userAgent, Accept: 'application/json' },
      proxy: false,
      // Node's own transport, always: the bundles leave axios's browser adapters out.
      adapter: 'http',
    });
  }

  get auth(): Auth | undefined {
    return this.opts.auth;
  }

  /** The one recheck of this client, shared by the requests refused meanwhile. */
  private rechecked: Promise<void> | undefined;
  /** After the recheck the connection is as fresh as a new one: a refusal then is final. */
  private recheckDone = false;

  async request<T>(req: RequestOptions): Promise<{ data: T; headers: Record<string, unknown>; status: number }> {
    const method = req.method.toUpperCase();
    const idempotent = req.idempotent ?? ['GET', 'HEAD', 'OPTIONS', 'DELETE'].includes(method);
    let authRetried = false;
    let rechecked = false;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.once<T>(req, method);
      } catch (e) {
        if (e instanceof AuthRetry && !authRetried) {
          authRetried = true;
          attempt--;
          continue;
        }
        const err = e instanceof AuthRetry ? e.error : e;
        if (this.opts.recheck && !rechecked && !this.recheckDone && saysChanged(err)) {
          // Refused before Ghost did anything, so even a write can be sent again.
          rechecked = true;
          if (!this.rechecked) {
            this.log.info(`${method} ${req.path}: ${err.message}; connecting to the site again`);
            this.rechecked = this.opts.recheck(err).finally(() => { this.recheckDone = true; });
          }
          await this.rechecked;
          attempt--;
          continue;
        }
        const wait = req.noRetry ? undefined : this.retryDelay(err, idempotent, attempt);
        if (wait === undefined) { throw err; }
        this.stats.retries++;
        this.log.warn(`${method} ${req.path}: ${(err as Error).message}; trying again in ${wait} ms (${attempt + 1}/${this.retries})`);
        await this.sleep(wait);
      }
    }
  }

  private retryDelay(err: unknown, idempotent: boolean, attempt: number): number | undefined {
    if (attempt >= this.retries) { return undefined; }
    let retryAfterMs: number | undefined;
    if (err instanceof GhostApiError || err instanceof UnexpectedResponseError) {
      if (!RETRYABLE_STATUS.has(err.status)) { return undefined; }
      // A 429 is refused before any work is done, so even a create can be repeated.
      if (!idempotent && err.status !== 429) { return undefined; }
      retryAfterMs = (err as { retryAfterMs?: number }).retryAfterMs;
    } else if (err instanceof NetworkError) {
      if (!RETRYABLE_NETWORK.has(err.code)) { return undefined; }
      if (!idempotent && !NEVER_ARRIVED_NETWORK.has(err.code)) { return undefined; }
    } else {
      return undefined;
    }
    const backoff = this.backoffMs * 2 ** attempt;
    return Math.min(retryAfterMs ?? backoff, 30_000);
  }

  private async once<T>(req: RequestOptions, method: string): Promise<{ data: T; headers: Record<string, unknown>; status: number }> {
    const headers: Record<string, string> = {};
    const auth = req.anonymous ? undefined : this.opts.auth;
    const sent = auth ? await auth.apply(headers) : undefined;
    const url = apiUrl(this.site, req.path);
    this.stats.requests++;
    if (method !== 'GET' && method !== 'HEAD') { this.stats.writes++; }
    const body = req.body;
    if (body !== undefined && !(body instanceof FormData)) {
      headers['Content-Type'] = 'application/json';
    }
    const payload = body === undefined || body instanceof FormData ? body : JSON.stringify(body);
    if (typeof payload === 'string') { this.stats.bytesSent += Buffer.byteLength(payload); }
    if (payload instanceof FormData) {
      for (const [, v] of payload.entries()) { this.stats.bytesSent += typeof v === 'string' ? Buffer.byteLength(v) : v.size; }
    }
    const started = Date.now();
    const timeout = req.timeoutMs ?? this.axios.defaults.timeout ?? 0;
    const { bytes, res } = await this.fetchBody(req, method, url, headers, payload, timeout);
    this.stats.bytesReceived += bytes.length;
    this.log.debug(`${method} ${req.path} → ${res.status} (${bytes.length} B, ${Date.now() - started} ms)`);
    const resHeaders = res.headers as Record<string, unknown>;
    auth?.observe?.({ headers: resHeaders });

    if (res.status >= 300 && res.status < 400) {
      throw redirectError(res.status, String(resHeaders.location ?? ''), url, this.site);
    }
    const text = bytes.toString('utf8');
    const contentType = String(resHeaders['content-type'] ?? '');
    if (res.status === 204 || (text === '' && res.status < 300)) {
      return { data: undefined as T, headers: resHeaders, status: res.status };
    }
    if (req.text && res.status < 300) {
      return { data: text as T, headers: resHeaders, status: res.status };
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw nonJsonError(res.status, contentType, text, retryAfter(resHeaders));
    }
    if (res.status >= 400) {
      const error = ghostError(res.status, json, method, req.path, retryAfter(resHeaders));
      if (auth && (res.status === 401 || res.status === 403)) {
        const date = Date.parse(String(resHeaders.date ?? ''));
        if (auth.refused(error, sent, Number.isNaN(date) ? undefined : date)) {
          this.log.info(`${method} ${req.path}: ${error.message}; retrying once with fresh credentials`);
          throw new AuthRetry(error);
        }
      }
      throw error;
    }
    return { data: json as T, headers: resHeaders, status: res.status };
  }

  /**
   * Sends the request and reads its answer whole, within the limits: no more than `maxBytes`
   * (a declared larger length is refused before reading), no silence longer than `timeout`, and
   * nothing past the deadline, however steadily the bytes trickle in.
   */
  private async fetchBody(req: RequestOptions, method: string, url: string, headers: Record<string, string>, payload: unknown, timeout: number): Promise<{ bytes: Buffer; res: AxiosResponse<Readable> }> {
    const deadlineMs = Math.max(req.deadlineMs ?? this.deadlineMs, timeout);
    const maxBytes = req.maxBytes ?? this.maxBytes;
    const host = new URL(this.site.adminUrl).host;
    const what = `The answer of ${host} to ${method} ${req.path}`;
    const bigHint = 'Ghost never answers this much: check that the URL is your Ghost site, not a proxy or another app in front of it.';
    const ctl = new AbortController();
    let late = false;
    const timer = setTimeout(() => { late = true; ctl.abort(); }, deadlineMs);
    const signal = req.signal ? AbortSignal.any([req.signal, ctl.signal]) : ctl.signal;
    let received = 0;
    try {
      let res: AxiosResponse<Readable>;
      try {
        res = await this.axios.request<Readable>({ url, method, headers, data: payload, params: cleanQuery(req.query), timeout, signal });
      } catch (e) {
        if (late) { throw pastDeadline(what, deadlineMs, 0); }
        throw toNetworkError(e, this.site, timeout);
      }
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > maxBytes) {
        res.data.destroy();
        throw tooLarge(`${what} (${declared} bytes, as its Content-Length says)`, maxBytes, bigHint);
      }
      const limit = new ByteLimit(maxBytes, () => tooLarge(what, maxBytes, bigHint), timeout,
        () => new NetworkError('ETIMEDOUT', `${host} stopped sending its answer for ${Math.round(timeout / 1000)} s.`, 'Check that the site is up, then try again.'));
      const chunks: Buffer[] = [];
      const sink = new Writable({ write(chunk: Buffer, _enc, done) { chunks.push(chunk); done(); } });
      try {
        await pipeline(res.data, limit, sink, { signal });
      } catch (e) {
        received = limit.received;
        if (late) { throw pastDeadline(what, deadlineMs, received); }
        if (GhostAuthorError.is(e)) { throw e; }
        if (req.signal?.aborted) { throw new NetworkError('ECANCELED', 'The request was cancelled.'); }
        if (/^Z_|^ERR__?ZLIB|ERR_BROTLI/.test(String((e as { code?: string }).code ?? ''))) {
          throw new UnexpectedResponseError(res.status, `${what} could not be decompressed.`, 'Try again; if it persists, check the server or proxy in front of Ghost.');
        }
        throw toNetworkError(Object.assign(e as object, { code: (e as { code?: string }).code ?? 'ECONNRESET' }), this.site, timeout);
      }
      return { bytes: Buffer.concat(chunks), res };
    } finally {
      clearTimeout(timer);
    }
  }
}

/** An answer saying that what was known of the site or the key may no longer hold. */
function saysChanged(e: unknown): e is GhostAuthorError {
  if (RedirectError.is(e)) { return true; }
  return (GhostApiError.is(e) || UnexpectedResponseError.is(e)) && [401, 403, 406].includes(e.status);
}

/** Internal signal: the request may be repeated once with fresh credentials. */
class AuthRetry extends Error {
  constructor(readonly error: GhostApiError) { super(error.message); }
}

function cleanQuery(q: RequestOptions['query']): Record<string, string> | undefined {
  if (!q) { return undefined; }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(q)) {
    if (v !== undefined) { out[k] = String(v); }
  }
  return out;
}

function retryAfter(headers: Record<string, unknown>): number | undefined {
  const raw = headers['retry-after'];
  if (raw === undefined) { return undefined; }
  const secs = Number(raw);
  if (Number.isFinite(secs)) { return Math.max(0, secs * 1000); }
  const at = Date.parse(String(raw));
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

function toNetworkError(e: unknown, site: SiteAddress, timeoutMs: number): Error {
  if (axios.isCancel(e)) {
    return new NetworkError('ECANCELED', 'The request was cancelled.');
  }
  const err = e as { code?: string; message?: string; cause?: { code?: string } };
  const code = err.code ?? err.cause?.code ?? 'UNKNOWN';
  const host = new URL(site.adminUrl).host;
  switch (code) {
    case 'ENOTFOUND':
      return new NetworkError(code, `The host ${host} could not be found.`, 'Check the site URL for typos, and your internet connection.');
    case 'EAI_AGAIN':
      return new NetworkError(code, `The host ${host} could not be looked up right now.`, 'Check your internet connection and try again.');
    case 'ECONNREFUSED':
      return new NetworkError(code, `${host} refused the connection.`, 'Check that the site is running and the URL (and port) is right.');
    case 'ECONNRESET':
    case 'EPIPE':
    case 'ERR_BAD_RESPONSE':
      return new NetworkError('ECONNRESET', `The connection to ${host} was cut off before Ghost finished answering.`, 'Try again; if it keeps happening, a proxy in front of Ghost may be dropping requests.');
    case 'ECONNABORTED':
    case 'ETIMEDOUT':
      return new NetworkError('ETIMEDOUT', `${host} did not answer within ${Math.round(timeoutMs / 1000)} s.`, 'Check that the site is up, then try again.');
    case 'CERT_HAS_EXPIRED':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return new NetworkError(code, `The HTTPS certificate of ${host} is not valid (${code}).`, 'Fix the certificate on the server; Ghost Author does not send keys over an unverified connection.');
    default:
      return new NetworkError(code, `Could not reach ${host}: ${err.message ?? code}.`, 'Check the site URL and your connection.');
  }
}

function redirectError(status: number, location: string, requested: string, site: SiteAddress): RedirectError {
  if (!location) {
    return new RedirectError(status, '', `The site answered with a redirect (${status}) without saying where to.`, 'Check the site URL.');
  }
  const target = new URL(location, requested);
  const from = new URL(requested);
  if (target.origin === from.origin && target.pathname === `${from.pathname}/`) {
    return new RedirectError(status, target.href, `Ghost redirected ${from.pathname} to ${target.pathname}: the request path is missing its trailing slash.`, 'This is a bug in Ghost Author; please report it.');
  }
  let suggested: string | undefined;
  try {
    suggested = parseSiteUrl(target.href).adminUrl;
  } catch {
    suggested = undefined;
  }
  const why = target.host !== from.host
    ? `to another address, ${target.origin}`
    : target.protocol !== from.protocol
      ? `from ${from.protocol.replace(':', '')} to ${target.protocol.replace(':', '')}`
      : `to ${target.pathname}`;
  const message = `${site.adminUrl} redirects ${why}. Ghost Author does not follow redirects with your credentials.`;
  const hint = suggested && suggested !== site.adminUrl
    ? `Use ${suggested} as the site URL instead (for sites with a separate admin domain, use the admin address).`
    : 'Use the address your Ghost Admin is served from.';
  return new RedirectError(status, target.href, message, hint);
}

function nonJsonError(status: number, contentType: string, text: string, retryAfterMs: number | undefined): UnexpectedResponseError {
  let err: UnexpectedResponseError;
  if (status >= 200 && status < 300) {
    err = new UnexpectedResponseError(status, 'Ghost sent an answer that was cut off or is not JSON.', 'Try again; if it persists, check the server or proxy logs.');
  } else if (/html/i.test(contentType) || /^\s*</.test(text)) {
    const title = /<title>([^<]{1,120})<\/title>/i.exec(text)?.[1]?.trim();
    const hint = status === 404
      ? 'Check that the URL is the address of a Ghost site (or its admin domain).'
      : status === 413
        ? 'The file is larger than the server accepts: make it smaller, or raise the proxy’s upload limit.'
        : 'This came from a proxy or host in front of Ghost, not from Ghost itself. Try again later.';
    err = new UnexpectedResponseError(status, `The server answered ${status}${title ? ` (“${title}”)` : ''} with a web page instead of Ghost’s API.`, hint);
  } else {
    err = new UnexpectedResponseError(status, `The server answered ${status} with something that is not Ghost’s API.`, status === 404 ? 'Check that the URL is the address of a Ghost site.' : 'Try again later.');
  }
  (err as { retryAfterMs?: number }).retryAfterMs = retryAfterMs;
  return err;
}

const ACTIONS: Record<string, string> = { GET: 'read', POST: 'create', PUT: 'edit', DELETE: 'delete' };

export function ghostError(status: number, json: unknown, method: string, path: string, retryAfterMs?: number): GhostApiError {
  const first = (json as { errors?: GhostErrorBody[] } | undefined)?.errors?.[0] ?? {};
  const base = first.message ?? `Ghost answered ${status}.`;
  const context = first.context && first.context !== base ? ` ${first.context}` : '';
  const message = `${base}${context}`.trim();
  const err = new GhostApiError(status, first, message, hintFor(status, first, method, path));
  (err as { retryAfterMs?: number }).retryAfterMs = retryAfterMs;
  return err;
}

function hintFor(status: number, body: GhostErrorBody, method: string, path: string): string | undefined {
  const code = body.code ?? '';
  const msg = `${body.message ?? ''} ${body.context ?? ''}`;
  switch (code) {
    case 'INVALID_API_KEY_TYPE':
      return 'This is a Content API key. Use the Admin API key of a custom integration, or your staff access token.';
    case 'UNKNOWN_ADMIN_API_KEY':
      return 'Ghost does not know this key: it belongs to another site, or was regenerated or deleted. Copy the current key from Ghost Admin.';
    case 'INVALID_AUTH_HEADER':
    case 'MISSING_ADMIN_API_KID':
      return 'The key could not be used. Paste the Admin API key again.';
    case 'INVALID_JWT':
      if (/expired|maxAge/i.test(msg)) {
        return "Your computer's clock may be wrong: set it to update automatically, then try again.";
      }
      if (/signature/i.test(msg)) {
        return "The key's secret does not match: copy the whole key again from Ghost Admin.";
      }
      return 'Paste the Admin API key again.';
    case 'UPDATE_COLLISION':
      return 'Someone edited this in Ghost since it was last fetched.';
    default:
      break;
  }
  if (status === 401) {
    return 'Sign in again, or check the key.';
  }
  if (status === 403) {
    const what = path.split('/')[0] ?? 'this';
    return `Your role or integration is not allowed to ${ACTIONS[method] ?? 'use'} ${what}. Ask an Administrator of the site, or use a key with more rights.`;
  }
  if (status === 404 && body.type === 'NotFoundError') {
    return 'It may have been deleted in Ghost.';
  }
  if (status === 406) {
    return 'This Ghost version does not support the request: update Ghost or Ghost Author.';
  }
  if (status === 413) {
    return 'It is larger than the server accepts.';
  }
  if (status === 422) {
    return 'Fix the field named above and try again.';
  }
  if (status === 429) {
    return 'Too many requests: wait a few minutes before trying again.';
  }
  if (status >= 500) {
    return 'Ghost had a problem on its side; try again later.';
  }
  return undefined;
}
