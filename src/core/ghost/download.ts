/**
 * Downloads one of the site's own images for `pull --all --images`, as a hostile site could not
 * abuse it: only from the site's origin (the address Ghost Author connects to), a redirect only
 * within that origin (never to another host), never to a loopback, link-local or unspecified
 * address unless the site itself is on this machine, a PNG, JPEG, GIF or WebP by its Content-Type
 * and by its first bytes (SVG is text that can carry script: it stays at its address), no larger
 * than a cap and within an overall deadline. The bytes stream to a temporary file beside the
 * target and are renamed into place, never held whole in memory, never over an existing file.
 */
import { createHash, randomBytes } from 'node:crypto';
import { constants as fsConstants, createWriteStream } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as dns from 'node:dns';
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import * as path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { confine } from '../confine';
import { GhostAuthorError } from './errors';
import { ByteLimit, DEFAULT_MAX_IMAGE_BYTES, LimitError, pastDeadline, tooLarge } from './limits';
import { isLoopbackHost } from './siteUrl';

export interface DownloadOptions {
  /** The site's address: only its origin is downloaded from. */
  site: string;
  maxBytes?: number;
  /** How long one image may take in all (default 60 s). */
  deadlineMs?: number;
  /** How long the server may stay silent (default 30 s). */
  idleMs?: number;
  signal?: AbortSignal;
  userAgent?: string;
  /**
   * The folder the image is kept under (pull's output folder): the target and every folder on the
   * way to it are checked against the confinement rule before anything is made or written, and
   * again once its folder is made (no link, nothing outside).
   */
  root?: string;
  /** For tests: how host names resolve. */
  lookup?: net.LookupFunction;
}

export interface Downloaded {
  /** sha256 of the bytes, hex. */
  hash: string;
  bytes: number;
  /** False when the target already held other bytes (nothing was written). */
  placed: boolean;
}

/** Image types downloaded, with the first bytes each must start with. */
const IMAGE_TYPES: Record<string, (b: Buffer) => boolean> = {
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from('89504e470d0a1a0a', 'hex')),
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/gif': (b) => /^GIF8[79]a/.test(b.subarray(0, 6).toString('latin1')),
  'image/webp': (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
};
const MAX_HOPS = 3;

/** Addresses a remote site's image must never come from: this machine, link-local (cloud metadata), unspecified, multicast. */
export function isInternalAddress(address: string): boolean {
  const v4 = net.isIPv4(address) ? address : /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (v4) {
    const [a = 0, b = 0] = v4.split('.').map(Number);
    return a === 127 || a === 0 || (a === 169 && b === 254) || a >= 224;
  }
  const v6 = address.toLowerCase();
  return v6 === '::1' || v6 === '::' || /^fe[89ab]/.test(v6) || v6.startsWith('ff');
}

/** A site on this machine (or named by an internal address) may serve its images from there. */
function siteIsLocal(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '');
  return isLoopbackHost(hostname) || /\.localhost$/i.test(h) || (net.isIP(h) !== 0 && isInternalAddress(h));
}

function guardedLookup(base: net.LookupFunction, host: string): net.LookupFunction {
  return ((hostname: string, options: dns.LookupOptions, callback: (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void) => {
    base(hostname, options, (err, address, family) => {
      if (err) { callback(err, address, family); return; }
      const list = Array.isArray(address) ? address.map((a) => a.address) : [address];
      const bad = list.find(isInternalAddress);
      if (bad) {
        callback(new LimitError('redirect', `${host} resolves to ${bad}, an address of this machine or its network that a remote site's image is never fetched from.`,
          'Check the site\'s DNS. The image stays at its address.') as unknown as NodeJS.ErrnoException, address, family);
        return;
      }
      callback(null, address, family);
    });
  }) as net.LookupFunction;
}

/**
 * Downloads `url` (one of the site's images) to `target`. Refusals are LimitErrors (origin,
 * redirect, type, size, deadline); other failures (404, a reset) GhostAuthorErrors. Nothing is
 * left behind on failure.
 */
export async function downloadImage(url: string, target: string, opts: DownloadOptions): Promise<Downloaded> {
  // Before a byte is asked for: a link on the way (images/ -> elsewhere) refuses the image.
  if (opts.root !== undefined) { await confine(target, { root: opts.root, missingOk: true, rootName: `the output folder (${path.resolve(opts.root)})` }); }
  const origin = new URL(opts.site).origin;
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_IMAGE_BYTES;
  const deadlineMs = opts.deadlineMs ?? 60_000;
  const idleMs = opts.idleMs ?? 30_000;
  const hostname = new URL(opts.site).hostname;
  const baseLookup = (opts.lookup ?? dns.lookup) as net.LookupFunction;
  const lookup = siteIsLocal(hostname) ? baseLookup : guardedLookup(baseLookup, new URL(opts.site).host);
  const ctl = new AbortController();
  let late = false;
  const timer = setTimeout(() => { late = true; ctl.abort(); }, deadlineMs);
  const signal = opts.signal ? AbortSignal.any([opts.signal, ctl.signal]) : ctl.signal;
  const dir = path.dirname(target);
  const tmp = path.join(dir, `.${path.basename(target)}.${randomBytes(4).toString('hex')}.tmp`);
  let received = 0;
  try {
    let at = new URL(url);
    let res: http.IncomingMessage;
    for (let hop = 0; ; hop++) {
      if (at.origin !== origin) {
        throw new LimitError(hop ? 'redirect' : 'origin', hop
          ? `${url} redirects to ${at.origin}, another host: the redirect was not followed.`
          : `${url} is not on the site (${origin}): only the site's own images are downloaded.`, 'The image stays at its address.');
      }
      res = await get(at, { signal, lookup, userAgent: opts.userAgent });
      if (res.statusCode && res.statusCode >= 300 && res.statusCode < 400 && res.headers.location) {
        res.resume();
        if (hop >= MAX_HOPS) { throw new LimitError('redirect', `${url} redirects more than ${MAX_HOPS} times.`, 'The image stays at its address.'); }
        at = new URL(res.headers.location, at);
        continue;
      }
      break;
    }
    if (res.statusCode !== 200) {
      res.resume();
      throw new GhostAuthorError(`${url} answered ${res.statusCode ?? 'nothing'}.`, 'The image stays at its address.');
    }
    const type = String(res.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    const magic = IMAGE_TYPES[type];
    if (!magic) {
      res.destroy();
      throw new LimitError('type', `${url} is ${type ? `of type ${type}` : 'of no stated type'}, not a PNG, JPEG, GIF or WebP image: it was not downloaded.`,
        type === 'image/svg+xml' ? 'SVG is text that can carry script: it stays at its address on the site.' : 'It stays at its address on the site.');
    }
    const declared = Number(res.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      res.destroy();
      throw tooLarge(`${url} (${declared} bytes, as its Content-Length says)`, maxBytes, 'It stays at its address on the site.');
    }
    const limit = new ByteLimit(maxBytes, () => tooLarge(url, maxBytes, 'It stays at its address on the site.'), idleMs,
      () => new GhostAuthorError(`${url} stopped arriving for ${Math.round(idleMs / 1000)} s.`, 'The image stays at its address; try again later.'));
    const hash = createHash('sha256');
    let head = Buffer.alloc(0);
    const inspect = new Transform({
      transform(chunk: Buffer, _enc, done) {
        if (head.length < 16) {
          head = Buffer.concat([head, chunk.subarray(0, 16 - head.length)]);
          if (head.length >= 12 && !magic(head)) { done(new LimitError('type', `${url} says it is ${type}, but its bytes are not.`, 'It stays at its address on the site.')); return; }
        }
        hash.update(chunk);
        done(null, chunk);
      },
    });
    await fs.mkdir(dir, { recursive: true });
    if (opts.root !== undefined) { await confine(dir, { root: opts.root, folder: true, rootName: `the output folder (${path.resolve(opts.root)})` }); }
    try {
      await pipeline(res, limit, inspect, createWriteStream(tmp, { flags: 'wx' }), { signal });
    } catch (e) {
      received = limit.received;
      if (late) { throw pastDeadline(url, deadlineMs, received); }
      if (GhostAuthorError.is(e)) { throw e; }
      throw new GhostAuthorError(`${url} could not be downloaded: ${(e as Error).message}.`, 'The image stays at its address; try again later.');
    }
    received = limit.received;
    if (!magic(head)) { throw new LimitError('type', `${url} says it is ${type}, but its bytes are not.`, 'It stays at its address on the site.'); }
    const digest = hash.digest('hex');
    // Into place, never over a file that exists: a hard link fails if the name is taken.
    try {
      await fs.link(tmp, target).catch(async (e: NodeJS.ErrnoException) => {
        if (e.code === 'EEXIST') { throw e; }
        await fs.copyFile(tmp, target, fsConstants.COPYFILE_EXCL);
      });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') { throw e; }
      return { hash: digest, bytes: received, placed: await hashFile(target) === digest };
    }
    return { hash: digest, bytes: received, placed: true };
  } catch (e) {
    if (late && !GhostAuthorError.is(e)) { throw pastDeadline(url, deadlineMs, received); }
    if (LimitError.is(e) || GhostAuthorError.is(e)) { throw e; }
    if (late) { throw pastDeadline(url, deadlineMs, received); }
    throw new GhostAuthorError(`${url} could not be downloaded: ${(e as Error).message}.`, 'The image stays at its address; try again later.');
  } finally {
    clearTimeout(timer);
    await fs.rm(tmp, { force: true });
  }
}

async function hashFile(file: string): Promise<string> {
  const h = createHash('sha256');
  const handle = await fs.open(file, 'r');
  try {
    for await (const chunk of handle.createReadStream()) { h.update(chunk as Buffer); }
  } finally {
    await handle.close().catch(() => undefined);
  }
  return h.digest('hex');
}

function get(url: URL, opts: { signal: AbortSignal; lookup: net.LookupFunction; userAgent?: string }): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const mod = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : undefined;
    if (!mod) { reject(new LimitError('origin', `${url.href} is not an http(s) address.`)); return; }
    const req = mod.get(url, { signal: opts.signal, lookup: opts.lookup, agent: false, headers: { Accept: 'image/png,image/jpeg,image/gif,image/webp', 'User-Agent': opts.userAgent ?? 'Ghost Author' } }, resolve);
    req.on('error', (e) => {
      const cause = (e as { cause?: unknown }).cause;
      reject(LimitError.is(cause) ? cause : e);
    });
  });
}
