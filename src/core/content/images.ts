import { createHash } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { IMAGE_TYPES } from '../ghost/uploads';

/** A local image a document refers to, read and checked. */
export interface LocalImage {
  /** As written in the document (`img/a b.png`, `img/a%20b.png`). */
  ref: string;
  /** The file, with every link resolved: inside the project. */
  file: string;
  /** The bytes that were checked: exactly these are uploaded. */
  data: Uint8Array;
  /** sha256 of `data`. */
  hash: string;
}

export interface ImageProblem { ref: string; message: string }

/** Larger images are refused before anything is sent (Ghost's own hosts refuse far smaller ones). */
export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;

/** Remote and inline images are left alone. */
export function isRemote(src: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(src) || src.startsWith('//') || src.startsWith('#');
}

function localPath(ref: string, baseDir: string): string {
  let p = ref.replace(/[?#].*$/, '');
  try { p = decodeURI(p); } catch { /* keep as written: a literal % in a file name */ }
  return path.resolve(baseDir, p);
}

function inside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
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

function expectedType(ext: string): string | undefined {
  return ext === '.svgz' ? 'application/gzip' : IMAGE_TYPES[ext];
}

/**
 * Resolves the local images among `refs` against the document's folder, and checks each one:
 * it must be inside `root` (the project), also once every symbolic link is followed; its bytes
 * must be an image of the type its name says; it must not be too large. Every problem is listed,
 * so they can all be fixed before anything is sent.
 */
export async function resolveLocalImages(refs: readonly string[], baseDir: string, root: string): Promise<{ images: LocalImage[]; problems: ImageProblem[] }> {
  const images: LocalImage[] = [];
  const problems: ImageProblem[] = [];
  const realRoot = await fs.realpath(root).catch(() => path.resolve(root));
  for (const ref of new Set(refs)) {
    if (!ref || isRemote(ref)) { continue; }
    const problem = (message: string) => problems.push({ ref, message: `${ref}: ${message}` });
    const file = localPath(ref, baseDir);
    const ext = path.extname(file).toLowerCase();
    if (!IMAGE_TYPES[ext]) {
      problem(`Ghost does not accept ${ext || 'files without an extension'} images (it takes ${Object.keys(IMAGE_TYPES).join(', ')}).`);
      continue;
    }
    if (!inside(path.resolve(root), file)) {
      problem(`${file} is outside the project folder (${path.resolve(root)}); only images inside it are uploaded.`);
      continue;
    }
    const real = await fs.realpath(file).catch(() => undefined);
    if (!real) {
      problem(`no such file (looked for ${file}).`);
      continue;
    }
    if (!inside(realRoot, real)) {
      problem(`${file} is a link to ${real}, outside the project folder; only images inside it are uploaded.`);
      continue;
    }
    const stat = await fs.stat(real);
    if (!stat.isFile()) {
      problem(`${file} is not a file.`);
      continue;
    }
    if (stat.size > MAX_IMAGE_BYTES) {
      problem(`${file} is ${(stat.size / 1048576).toFixed(1)} MB; images up to ${MAX_IMAGE_BYTES / 1048576} MB are uploaded.`);
      continue;
    }
    const data = new Uint8Array(await fs.readFile(real));
    const sniffed = sniffImageType(data);
    if (sniffed !== expectedType(ext)) {
      problem(`${file} is named ${ext} but its bytes are ${sniffed ? `a ${sniffed} file` : 'not an image Ghost accepts'}.`);
      continue;
    }
    images.push({ ref, file: real, data, hash: createHash('sha256').update(data).digest('hex') });
  }
  return { images, problems };
}
