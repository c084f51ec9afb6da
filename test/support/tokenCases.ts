/**
 * Deliberately bad tokens and what Ghost answers to each (ghost-admin-api.md §1). The same
 * table runs against the real Ghost servers and the fake one, so the fake keeps Ghost's rules.
 */
import { createHmac } from 'node:crypto';

export interface TokenCase {
  name: string;
  header: (key: { id: string; secret: string }, nowS: number) => string;
  status: number;
  code: string;
  message?: RegExp;
}

function b64(o: unknown): string {
  return Buffer.from(JSON.stringify(o)).toString('base64url');
}

export function jwt(header: Record<string, unknown>, payload: Record<string, unknown>, secretHex: string, alg = 'sha256'): string {
  const head = `${b64(header)}.${b64(payload)}`;
  return `${head}.${createHmac(alg, Buffer.from(secretHex, 'hex')).update(head).digest('base64url')}`;
}

const good = (k: { id: string }, now: number) => ({ header: { alg: 'HS256', typ: 'JWT', kid: k.id }, payload: { iat: now, exp: now + 300, aud: '/admin/' } });

export const TOKEN_CASES: TokenCase[] = [
  { name: 'a Bearer scheme', header: (k, n) => { const g = good(k, n); return `Bearer ${jwt(g.header, g.payload, k.secret)}`; }, status: 401, code: 'INVALID_AUTH_HEADER' },
  { name: 'an undecodable token', header: () => 'Ghost not.a.jwt', status: 400, code: 'INVALID_JWT' },
  { name: 'no kid', header: (k, n) => `Ghost ${jwt({ alg: 'HS256', typ: 'JWT' }, good(k, n).payload, k.secret)}`, status: 400, code: 'MISSING_ADMIN_API_KID' },
  { name: 'an unknown key id', header: (k, n) => { const g = good({ id: 'ffffffffffffffffffffffff' }, n); return `Ghost ${jwt(g.header, g.payload, k.secret)}`; }, status: 401, code: 'UNKNOWN_ADMIN_API_KEY' },
  { name: 'a wrong secret', header: (k, n) => { const g = good(k, n); return `Ghost ${jwt(g.header, g.payload, 'ab'.repeat(32))}`; }, status: 401, code: 'INVALID_JWT', message: /invalid signature/ },
  { name: 'the secret used as text, not hex-decoded', header: (k, n) => { const g = good(k, n); return `Ghost ${jwt(g.header, g.payload, Buffer.from(k.secret).toString('hex'))}`; }, status: 401, code: 'INVALID_JWT', message: /invalid signature/ },
  { name: 'an expired token', header: (k, n) => { const g = good(k, n - 400); return `Ghost ${jwt(g.header, g.payload, k.secret)}`; }, status: 401, code: 'INVALID_JWT', message: /jwt expired/ },
  { name: 'a token older than 5 minutes with a far exp', header: (k, n) => `Ghost ${jwt(good(k, n).header, { iat: n - 301, exp: n + 3600, aud: '/admin/' }, k.secret)}`, status: 401, code: 'INVALID_JWT', message: /maxAge exceeded/ },
  { name: 'a wrong audience', header: (k, n) => `Ghost ${jwt(good(k, n).header, { iat: n, exp: n + 300, aud: '/content/' }, k.secret)}`, status: 401, code: 'INVALID_JWT', message: /audience invalid/ },
  { name: 'HS512', header: (k, n) => `Ghost ${jwt({ ...good(k, n).header, alg: 'HS512' }, good(k, n).payload, k.secret, 'sha512')}`, status: 401, code: 'INVALID_JWT', message: /invalid algorithm/ },
];

/** Tokens Ghost accepts although a strict client might not send them. */
export const ACCEPTED_CASES: Array<{ name: string; header: (key: { id: string; secret: string }, nowS: number) => string }> = [
  { name: 'a lower-case scheme', header: (k, n) => { const g = good(k, n); return `ghost ${jwt(g.header, g.payload, k.secret)}`; } },
  { name: 'an iat in the future', header: (k, n) => `Ghost ${jwt(good(k, n).header, { iat: n + 120, exp: n + 420, aud: '/admin/' }, k.secret)}` },
  { name: 'an audience of "admin/"', header: (k, n) => `Ghost ${jwt(good(k, n).header, { iat: n, exp: n + 300, aud: 'admin/' }, k.secret)}` },
];
