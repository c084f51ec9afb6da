/**
 * Removes secrets from text before it is written anywhere. Known secrets (keys, passwords,
 * cookies) are registered as they are loaded; JWTs, Ghost key pairs and session cookies are
 * also caught by shape, so a secret never registered is still hidden.
 */
const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{10,}/g;
const KEY_PAIR = /\b([0-9a-f]{24}):[0-9a-f]{64}\b/gi;
const HEX_SECRET = /\b[0-9a-f]{64}\b/gi;
const SESSION_COOKIE = /(ghost-admin-api-session(?:\.sig)?=)[^;\s"']+/gi;
const AUTH_HEADER = /(authorization["']?\s*[:=]\s*["']?(?:ghost|bearer|basic)\s+)[^\s"',}]+/gi;

export class Redactor {
  private readonly secrets = new Set<string>();

  /** Registers a secret (at least 6 characters: shorter strings would blank ordinary words). */
  add(secret: string | undefined): void {
    if (secret && secret.length >= 6) {
      this.secrets.add(secret);
    }
  }

  redact(text: string): string {
    let out = text;
    for (const s of this.secrets) {
      if (out.includes(s)) {
        out = out.split(s).join('[redacted]');
      }
    }
    return out
      .replace(JWT, '[redacted-jwt]')
      .replace(KEY_PAIR, '$1:[redacted]')
      .replace(HEX_SECRET, '[redacted]')
      .replace(SESSION_COOKIE, '$1[redacted]')
      .replace(AUTH_HEADER, '$1[redacted]');
  }
}
