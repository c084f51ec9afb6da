/**
 * Verifies an Admin API token the way Ghost does (services/auth/api-key/admin.js with
 * jsonwebtoken): HS256 only, secret hex-decoded, `exp` and `maxAge: 5m` with no clock tolerance,
 * audience matched against the request path. Returns Ghost's error, or the key id on success.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface JwtFailure { status: number; code: string; message: string; type: string }

function b64json(part: string | undefined): Record<string, unknown> | undefined {
  if (!part) { return undefined; }
  try {
    const v: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return v && typeof v === 'object' ? v as Record<string, unknown> : undefined;
  } catch {
    return undefined;
  }
}

export function verifyGhostJwt(
  authorization: string | undefined,
  pathname: string,
  secrets: ReadonlyMap<string, { secret: string; type: 'admin' | 'content' }>,
  nowS: number,
): { ok: true; keyId: string } | { ok: false; error: JwtFailure } {
  const fail = (status: number, code: string, message: string, type = status === 400 ? 'BadRequestError' : 'UnauthorizedError') => ({ ok: false as const, error: { status, code, message, type } });
  const m = /^ghost\s+(.+)$/i.exec(authorization ?? '');
  if (!m?.[1]) {
    return fail(401, 'INVALID_AUTH_HEADER', 'Authorization header format is "Authorization: Ghost [token]"');
  }
  const token = m[1].trim();
  const [h, p, sig] = token.split('.');
  const header = b64json(h);
  const payload = b64json(p);
  if (!header || !payload || sig === undefined) {
    return fail(400, 'INVALID_JWT', 'Invalid JWT');
  }
  const kid = header.kid;
  if (typeof kid !== 'string') {
    return fail(400, 'MISSING_ADMIN_API_KID', 'Admin API kid missing.');
  }
  const key = secrets.get(kid);
  if (!key) {
    return fail(401, 'UNKNOWN_ADMIN_API_KEY', 'Unknown Admin API Key');
  }
  if (key.type !== 'admin') {
    return fail(401, 'INVALID_API_KEY_TYPE', 'Invalid API Key type');
  }
  const invalid = (reason: string) => fail(401, 'INVALID_JWT', `Invalid token: ${reason}`);
  if (header.alg !== 'HS256') {
    return invalid('invalid algorithm');
  }
  const expected = createHmac('sha256', Buffer.from(key.secret, 'hex')).update(`${h}.${p}`).digest();
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return invalid('invalid signature');
  }
  if (typeof payload.exp === 'number' && nowS >= payload.exp) {
    return invalid('jwt expired');
  }
  const versioned = /\/ghost\/api\/(v\d+|canary)\/admin\//.exec(pathname)?.[1];
  const audience = versioned ? new RegExp(`${versioned}/admin/?$`) : /admin\/?$/;
  const aud = payload.aud;
  const auds = Array.isArray(aud) ? aud : [aud];
  if (!auds.some((a) => typeof a === 'string' && audience.test(a))) {
    return invalid(`jwt audience invalid. expected: ${audience.toString()}`);
  }
  if (typeof payload.iat !== 'number') {
    return invalid('iat required when maxAge is specified');
  }
  if (nowS >= payload.iat + 300) {
    return invalid('maxAge exceeded');
  }
  return { ok: true, keyId: kid };
}
