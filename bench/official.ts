/**
 * The same work done through Ghost's official client, @tryghost/admin-api, the way existing
 * Ghost tools use it: its own token per request, default browse fields. Counted, not changed.
 */
// The official client ships no type declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const GhostAdminAPI = require('@tryghost/admin-api') as (opts: Record<string, unknown>) => OfficialApi;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const defaultToken = require('@tryghost/admin-api/lib/token') as (key: string, audience: string) => string;

interface OfficialResource {
  browse(params?: Record<string, unknown>): Promise<unknown[]>;
  add(data: Record<string, unknown>, params?: Record<string, unknown>): Promise<Record<string, unknown>>;
  edit(data: Record<string, unknown>, params?: Record<string, unknown>): Promise<Record<string, unknown>>;
  read(data: Record<string, unknown>, params?: Record<string, unknown>): Promise<Record<string, unknown>>;
}
export interface OfficialApi {
  posts: OfficialResource;
  images: { upload(data: { file: string; ref?: string }): Promise<{ url: string }> };
}

type BodyInitLike = string | Uint8Array | undefined;

export interface Counted { api: OfficialApi; stats: { tokens: number; requests: number; bytesReceived: number; bytesSent: number } }

export function officialClient(url: string, key: string): Counted {
  const stats = { tokens: 0, requests: 0, bytesReceived: 0, bytesSent: 0 };
  const api = GhostAdminAPI({
    url, key, version: 'v6.0',
    generateToken(k: string, audience: string) {
      stats.tokens++;
      return defaultToken(k, audience);
    },
    async makeRequest({ url: u, method, data, params = {}, headers = {} }: { url: string; method: string; data?: unknown; params?: Record<string, unknown>; headers?: Record<string, string> }) {
      const query = Object.entries(params).map(([k, v]) => `${k}=${encodeURIComponent(([] as unknown[]).concat(v).join(','))}`).join('&');
      stats.requests++;
      let body: string | Buffer | undefined;
      const h: Record<string, string> = { ...headers };
      const form = data as { getHeaders?: () => Record<string, string>; on?: (e: string, f: (c?: unknown) => void) => void; resume?: () => void } | undefined;
      if (form?.getHeaders && form.on && form.resume) {
        // The official client uploads with the form-data package: a stream, read out here.
        const chunks: Buffer[] = [];
        await new Promise<void>((resolve, reject) => {
          form.on?.('data', (c) => chunks.push(Buffer.from(c as Buffer)));
          form.on?.('end', () => resolve());
          form.on?.('error', (e) => reject(e as Error));
          form.resume?.();
        });
        body = Buffer.concat(chunks);
        for (const k of Object.keys(h)) { if (k.toLowerCase() === 'content-type') { delete h[k]; } }
        Object.assign(h, form.getHeaders());
        stats.bytesSent += body.length;
      } else if (data !== undefined) {
        body = JSON.stringify(data);
        h['Content-Type'] = 'application/json';
        stats.bytesSent += Buffer.byteLength(body);
      }
      const res = await fetch(query ? `${u}?${query}` : u, { method, headers: h, body: body as BodyInitLike });
      const buf = Buffer.from(await res.arrayBuffer());
      stats.bytesReceived += buf.length;
      if (res.status >= 400) { throw new Error(`${method} ${u} → ${res.status}: ${buf.toString().slice(0, 200)}`); }
      return buf.length ? JSON.parse(buf.toString()) as unknown : undefined;
    },
  });
  return { api, stats };
}
