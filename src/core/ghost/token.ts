import { SignJWT } from 'jose';
import type { AdminKey } from './adminKey';

/** Ghost refuses a token 300 s after its `iat`, with no tolerance (maxAge '5m'). */
export const TOKEN_LIFETIME_S = 300;
/** A token is replaced this long before Ghost would refuse it, so a slow request still lands. */
export const TOKEN_REFRESH_MARGIN_S = 60;

export interface TokenSignerOptions {
  /** `/admin/` for the unversioned API; `/v4/admin/` and the like for legacy paths. */
  audience?: string;
  /** Milliseconds since the epoch; injectable so tests can move time. */
  now?: () => number;
}

/**
 * Signs Admin API tokens and shares one per lifetime between all requests, including
 * concurrent ones that arrive while the first signature is being made.
 */
export class TokenSigner {
  private current: { token: string; iat: number } | undefined;
  private pending: Promise<string> | undefined;
  private readonly secret: Uint8Array;
  private readonly audience: string;
  private readonly now: () => number;
  /** Server time minus local time, in seconds; set when the server's clock disagrees. */
  private skewS = 0;
  /** How many tokens were signed: the benchmark and the tests read it. */
  signed = 0;

  constructor(readonly key: AdminKey, opts: TokenSignerOptions = {}) {
    this.secret = Uint8Array.from(Buffer.from(key.secret, 'hex'));
    this.audience = opts.audience ?? '/admin/';
    this.now = opts.now ?? Date.now;
  }

  /** Server-adjusted seconds. */
  private nowS(): number {
    return Math.floor(this.now() / 1000) + this.skewS;
  }

  get clockSkewSeconds(): number {
    return this.skewS;
  }

  /**
   * Records the server's clock. Only a skew large enough to matter is applied, so ordinary
   * jitter does not churn tokens. Returns true when the correction changed.
   */
  observeServerDate(serverMs: number, localMs = this.now()): boolean {
    const skew = Math.round((serverMs - localMs) / 1000);
    const next = Math.abs(skew) >= 30 ? skew : 0;
    if (next === this.skewS) { return false; }
    this.skewS = next;
    this.current = undefined;
    return true;
  }

  /** The token to send now: the cached one while it has margin left, else a fresh one. */
  async token(): Promise<string> {
    const cur = this.current;
    if (cur && this.nowS() - cur.iat < TOKEN_LIFETIME_S - TOKEN_REFRESH_MARGIN_S && this.nowS() >= cur.iat - 5) {
      return cur.token;
    }
    if (!this.pending) {
      this.pending = this.sign().finally(() => { this.pending = undefined; });
    }
    return this.pending;
  }

  /** Forget the cached token (after Ghost refused it). */
  invalidate(rejected?: string): void {
    if (rejected === undefined || this.current?.token === rejected) {
      this.current = undefined;
    }
  }

  private async sign(): Promise<string> {
    const iat = this.nowS();
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: this.key.id })
      .setIssuedAt(iat)
      .setExpirationTime(iat + TOKEN_LIFETIME_S)
      .setAudience(this.audience)
      .sign(this.secret);
    this.signed += 1;
    this.current = { token, iat };
    return token;
  }
}
