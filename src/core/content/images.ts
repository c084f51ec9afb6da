import { createHash } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { confine, ConfinementError, readConfined } from '../confine';
import { FILE_TYPES, IMAGE_TYPES, MEDIA_TYPES } from '../ghost/uploads';
import { mediaInfo, mediaMatches, type MediaInfo } from './media';
import { siteRoots } from './siteTool';

/**
 * A local file a document refers to, read and checked: an image, or the audio, video or file of
 * a card (they travel the same way: checked, uploaded once per content, replaced by their URL).
 */
export interface LocalImage {
  kind: 'image' | 'audio' | 'video' | 'file';
  /** The MIME type Ghost is told. */
  mime: string;
  /** Audio and video: duration, and a video's size, when its header says. */
  media?: MediaInfo;
  /** As written in the document (`img/a b.png`, `img/a%20b.png`). */
  ref: string;
  /** The file: inside the project, reached through no link. */
  file: string;
  /** The bytes that were checked: exactly these are uploaded. */
  data: Uint8Array;
  /** sha256 of `data`. */
  hash: string;
  /** Its size in pixels, read from its bytes (PNG, JPEG, GIF, WebP); Ghost's image and gallery cards need it. */
  size?: ImageSize;
}

export interface ImageSize { width: number; height: number }

export interface ImageProblem { ref: string; message: string }

/** Larger images are refused before anything is sent (Ghost's own hosts refuse far smaller ones). */
export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;
/** Audio, video and files: a larger limit (Ghost's own default is far larger still). */
export const MAX_ASSET_BYTES = 100 * 1024 * 1024;

/** Remote and inline images are left alone. */
export function isRemote(src: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(src) || src.startsWith('//') || src.startsWith('#');
}

export function localPath(ref: string, baseDir: string): string {
  let p = ref.replace(/[?#].*$/, '');
  try { p = decodeURI(p); } catch { /* keep as written: a literal % in a file name */ }
  return path.resolve(baseDir, p);
}

/** A path from the site's root (`/img/x.png`), as Jekyll, Hugo's `static/` and Astro's `public/` write them. */
export function isSiteRootPath(ref: string): boolean {
  return ref.startsWith('/') && !ref.startsWith('//');
}

/**
 * Where a site-root path is in the project: the first of the site's static folders (siteTool.ts)
 * that holds it, else where the first would (for the message). Joined, never resolved from the
 * machine's root: `/../x` stays a path under a folder of the project, which confine() then checks.
 */
async function siteRootFile(ref: string, baseDir: string, root: string): Promise<{ file: string; looked: string[] }> {
  let p = ref.replace(/[?#].*$/, '');
  try { p = decodeURI(p); } catch { /* as written */ }
  const roots = siteRoots(path.join(baseDir, 'index.md'), root);
  const candidates = roots.map((r) => path.join(r, p));
  for (const c of candidates) {
    if (await fs.lstat(c).then(() => true, () => false)) { return { file: c, looked: roots }; }
  }
  return { file: candidates[0] ?? path.join(root, p), looked: roots };
}

const startsWith = (b: Uint8Array, sig: number[], at = 0) => sig.every((v, i) => b[at + i] === v);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/** What the bytes of a file are, by their magic numbers: the MIME type Ghost would be told. */
export function sniffImageType(b: Uint8Array): string | undefined {
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) { return 'image/png'; }
  if (startsWith(b, [0xff, 0xd8, 0xff])) { return 'image/jpeg'; }
  if (startsWith(b, ascii('GIF87a')) || startsWith(b, ascii('GIF89a'))) { return 'image/gif'; }
  if (startsWith(b, ascii('RIFF')) && startsWith(b, ascii('WEBP'), 8)) { return 'image/webp'; }
  if (startsWith(b, [0x00, 0x00, 0x01, 0x00])) { return 'image/x-icon'; }
  if (startsWith(b, [0x1f, 0x8b])) { return 'application/gzip'; }
  const head = Buffer.from(b.subarray(0, 4096)).toString('utf8').replace(/^\uFEFF/, '');
  // An SVG is XML whose first element is <svg>, after an optional declaration, comments and doctype.
  if (/^\s*(<\?xml[^>]*\?>\s*)?(<!--[\s\S]*?-->\s*|<!DOCTYPE[^>]*>\s*)*<svg[\s>]/i.test(head)) { return 'image/svg+xml'; }
  return undefined;
}

const u16be = (b: Uint8Array, i: number) => ((b[i] ?? 0) << 8) | (b[i + 1] ?? 0);
const u16le = (b: Uint8Array, i: number) => (b[i] ?? 0) | ((b[i + 1] ?? 0) << 8);
const u24le = (b: Uint8Array, i: number) => u16le(b, i) | ((b[i + 2] ?? 0) << 16);
const u32be = (b: Uint8Array, i: number) => ((u16be(b, i) << 16) >>> 0) + u16be(b, i + 2);

/** An image's size in pixels, from its header; undefined for SVG, icons and anything unreadable. */
export function imageSize(b: Uint8Array): ImageSize | undefined {
  const ok = (width: number, height: number) => (width > 0 && height > 0 ? { width, height } : undefined);
  switch (sniffImageType(b)) {
    case 'image/png':
      return startsWith(b, ascii('IHDR'), 12) ? ok(u32be(b, 16), u32be(b, 20)) : undefined;
    case 'image/gif':
      return ok(u16le(b, 6), u16le(b, 8));
    case 'image/webp':
      if (startsWith(b, ascii('VP8X'), 12)) { return ok(u24le(b, 24) + 1, u24le(b, 27) + 1); }
      if (startsWith(b, ascii('VP8L'), 12) && b[20] === 0x2f) {
        const bits = (b[21] ?? 0) | ((b[22] ?? 0) << 8) | ((b[23] ?? 0) << 16) | ((b[24] ?? 0) << 24);
        return ok((bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
      }
      if (startsWith(b, ascii('VP8 '), 12) && startsWith(b, [0x9d, 0x01, 0x2a], 23)) { return ok(u16le(b, 26) & 0x3fff, u16le(b, 28) & 0x3fff); }
      return undefined;
    case 'image/jpeg': {
      // The frame header (SOFn) holds the size; markers before it are skipped by their lengths.
      let i = 2;
      while (i + 9 < b.length) {
        if (b[i] !== 0xff) { return undefined; }
        const marker = b[i + 1] ?? 0;
        if (marker === 0xff) { i++; continue; }
        if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) { i += 2; continue; }
        if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) { return ok(u16be(b, i + 7), u16be(b, i + 5)); }
        const len = u16be(b, i + 2);
        if (len < 2) { return undefined; }
        i += 2 + len;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

function expectedType(ext: string): string | undefined {
  return ext === '.svgz' ? 'application/gzip' : IMAGE_TYPES[ext];
}

/** Where in a file's text a reference is first written (1-based), for errors that name the line. */
export function lineFinder(text: string): (ref: string) => number | undefined {
  const lines = text.split(/\r\n|\r|\n/);
  return (ref) => {
    let decoded = ref;
    try { decoded = decodeURI(ref); } catch { /* as written */ }
    const i = lines.findIndex((l) => l.includes(ref) || l.includes(decoded));
    return i >= 0 ? i + 1 : undefined;
  };
}

/**
 * Resolves the local images among `refs` against the document's folder, and checks each one
 * under the confinement rule (confine.ts): inside `root`, a regular file, never through a symbolic
 * link, never in a hidden folder or file; its bytes must be an image of the type its name says;
 * it must not be too large. Every problem is listed, with the Markdown line of the reference when
 * `lineOf` knows it, so they can all be fixed before anything is sent.
 */
export async function resolveLocalImages(refs: readonly string[], baseDir: string, root: string, opts: { lineOf?: (ref: string) => number | undefined } = {}): Promise<{ images: LocalImage[]; problems: ImageProblem[] }> {
  const images: LocalImage[] = [];
  const problems: ImageProblem[] = [];
  for (const ref of new Set(refs)) {
    if (!ref || isRemote(ref)) { continue; }
    const line = opts.lineOf?.(ref);
    const problem = (message: string) => problems.push({ ref, message: `${line ? `line ${line}: ` : ''}${ref}: ${message}` });
    const siteRoot = isSiteRootPath(ref) ? await siteRootFile(ref, baseDir, root) : undefined;
    const file = siteRoot?.file ?? localPath(ref, baseDir);
    const ext = path.extname(file).toLowerCase();
    const media = MEDIA_TYPES[ext];
    const kind = IMAGE_TYPES[ext] ? 'image' : media ? media.kind : FILE_TYPES[ext] ? 'file' : undefined;
    if (!kind) {
      problem(`Ghost does not accept ${ext || 'files without an extension'} images (it takes ${Object.keys(IMAGE_TYPES).join(', ')}; audio and video ${Object.keys(MEDIA_TYPES).join(', ')}).`);
      continue;
    }
    const max = kind === 'image' ? MAX_IMAGE_BYTES : MAX_ASSET_BYTES;
    let real: string;
    let data: Uint8Array;
    try {
      real = await confine(file, { root, label: file, rootName: `the project folder (${path.resolve(root)})` });
      data = new Uint8Array(await readConfined(real, { root, label: file, maxBytes: max }));
      // As the records name it (the root itself may be reached through a link, as /tmp is on macOS).
      real = await fs.realpath(real);
    } catch (e) {
      if (!ConfinementError.is(e)) { throw e; }
      const where = siteRoot ? `a path from the site's root, looked for in ${siteRoot.looked.map((r) => `${path.relative(root, r).split(path.sep).join('/') || 'the project root'}`).join(', ')}` : `looked for ${file}`;
      problem(/: no such file/.test(e.message) ? `no such file (${where}).` : `${e.message}${e.hint ? ` ${e.hint}` : ''}`);
      continue;
    }
    const hash = createHash('sha256').update(data).digest('hex');
    if (media) {
      if (!mediaMatches(data, ext)) {
        problem(`${file} is named ${ext} but its bytes are not ${media.kind} of that type.`);
        continue;
      }
      images.push({ ref, file: real, data, hash, kind, mime: media.mime, media: mediaInfo(data, ext) });
      continue;
    }
    if (kind === 'file') {
      images.push({ ref, file: real, data, hash, kind, mime: FILE_TYPES[ext] as string });
      continue;
    }
    const sniffed = sniffImageType(data);
    if (sniffed !== expectedType(ext)) {
      problem(`${file} is named ${ext} but its bytes are ${sniffed ? `a ${sniffed} file` : 'not an image Ghost accepts'}.`);
      continue;
    }
    images.push({ ref, file: real, data, hash, kind: 'image', mime: sniffed as string, size: imageSize(data) });
  }
  return { images, problems };
}
