/**
 * Small HTTP helpers the harness uses to set Ghost up and seed it. They are written apart from
 * the extension's own client on purpose: the harness must not depend on the code it tests.
 */
import { SignJWT } from 'jose';

export interface ApiTarget { url: string }

export async function adminToken(key: string, audience = '/admin/'): Promise<string> {
  const [id = '', secret = ''] = key.split(':');
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: id })
    .setIssuedAt()
    .setExpirationTime('5m')
    .setAudience(audience)
    .sign(Buffer.from(secret, 'hex'));
}

export interface AdminResponse<T> { status: number; body: T; headers: Headers }

/** A request to the Admin API with a key, a session cookie, or nothing; throws on HTTP errors. */
export async function adminRequest<T = Record<string, unknown>>(
  target: ApiTarget, method: string, route: string,
  opts: { key?: string; cookie?: string; body?: unknown; form?: FormData; allow?: number[] } = {},
): Promise<AdminResponse<T>> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (opts.key) { headers.Authorization = `Ghost ${await adminToken(opts.key)}`; }
  if (opts.cookie) { headers.Cookie = opts.cookie; }
  let body: string | FormData | undefined;
  if (opts.form) {
    body = opts.form;
  } else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  const res = await fetch(`${target.url}/ghost/api/admin/${route}`, { method, headers, body, redirect: 'manual' });
  const text = await res.text();
  let parsed: unknown = text;
  try { parsed = text ? JSON.parse(text) : undefined; } catch { /* plain text answers (session routes) */ }
  if (res.status >= 400 && !opts.allow?.includes(res.status)) {
    throw new Error(`${method} ${route} → ${res.status}: ${text.slice(0, 500)}`);
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}

/** The `name=value` pairs of a response's cookies, as a Cookie header. */
export function cookieHeader(headers: Headers): string {
  return headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}
