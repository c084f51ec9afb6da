import type { Logger } from '../log';
import { silentLogger } from '../log';
import type { AdminKey } from './adminKey';
import type { GhostApiError } from './errors';
import type { Auth } from './http';
import { TokenSigner, type TokenSignerOptions } from './token';

/** Admin API key or staff access token: a JWT per token lifetime. */
export class KeyAuth implements Auth {
  readonly kind = 'key';
  readonly signer: TokenSigner;

  constructor(key: AdminKey, opts: TokenSignerOptions & { logger?: Logger } = {}) {
    this.signer = new TokenSigner(key, opts);
    this.log = opts.logger ?? silentLogger;
  }
  private readonly log: Logger;

  async apply(headers: Record<string, string>): Promise<string> {
    const token = await this.signer.token();
    headers.Authorization = `Ghost ${token}`;
    return token;
  }

  refused(error: GhostApiError, sent: string | undefined, serverDateMs: number | undefined): boolean {
    if (error.status !== 401 || error.code !== 'INVALID_JWT') { return false; }
    const text = `${error.body.message ?? ''} ${error.body.context ?? ''}`;
    if (!/expired|maxAge|iat|nbf/i.test(text)) { return false; }
    if (serverDateMs !== undefined && this.signer.observeServerDate(serverDateMs)) {
      this.log.warn(`This computer's clock differs from the server's by ${this.signer.clockSkewSeconds} s; tokens are dated by the server's clock from now on.`);
    }
    this.signer.invalidate(sent);
    return true;
  }
}

export const SESSION_COOKIE = 'ghost-admin-api-session';

/** A signed-in user: the session cookie (never the password) is the credential. */
export class SessionAuth implements Auth {
  readonly kind = 'session';
  private cookies = new Map<string, string>();
  /** Called when Ghost renews or sets the cookie, so the caller can store it. */
  onCookieChange: ((cookie: string) => void) | undefined;

  constructor(cookieHeader?: string) {
    if (cookieHeader) { this.setCookieHeader(cookieHeader); }
  }

  /** The `Cookie` header value to store in SecretStorage. */
  get cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  get hasSession(): boolean {
    return this.cookies.has(SESSION_COOKIE);
  }

  setCookieHeader(header: string): void {
    this.cookies = new Map();
    for (const part of header.split(';')) {
      const eq = part.indexOf('=');
      if (eq > 0) { this.cookies.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim()); }
    }
  }

  clear(): void {
    this.cookies.clear();
  }

  async apply(headers: Record<string, string>): Promise<string | undefined> {
    const value = this.cookieHeader;
    if (value) { headers.Cookie = value; }
    return undefined;
  }

  refused(): boolean {
    // A refused session cannot be renewed without the user: they must sign in again.
    return false;
  }

  observe(response: { headers: Record<string, unknown> }): void {
    const raw = response.headers['set-cookie'];
    const list = Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? [raw] : [];
    let changed = false;
    for (const line of list) {
      const [pair = '', ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq <= 0) { continue; }
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => /^\s*expires=/i.test(a) && Date.parse(a.split('=')[1] ?? '') < Date.now())
        || attrs.some((a) => /^\s*max-age=0\s*$/i.test(a));
      if (expired || value === '') {
        changed = this.cookies.delete(name) || changed;
      } else if (this.cookies.get(name) !== value) {
        this.cookies.set(name, value);
        changed = true;
      }
    }
    if (changed) { this.onCookieChange?.(this.cookieHeader); }
  }
}
