import { createHash } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { IMAGE_TYPES } from '../ghost/uploads';

/** A local image a document refers to. */
export interface LocalImage {
  /** As written in the document (`img/a b.png`, `img/a%20b.png`). */
  ref: string;
  file: string;
}

export interface ImageProblem { ref: string; message: string }

/** Remote and inline images are left alone. */
export function isRemote(src: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(src) || src.startsWith('//') || src.startsWith('#');
}

function localPath(ref: string, baseDir: string): string {
  let p = ref.replace(/[?#].*$/, '');
  try { p = decodeURI(p); } catch { /* keep as written: a literal % in a file name */ }
  return path.resolve(baseDir, p);
}

/**
 * Resolves the local images among `refs` against the document's folder, and lists every one
 * that is missing or of a type Ghost refuses, so they can all be fixed before anything is sent.
 */
export async function resolveLocalImages(refs: readonly string[], baseDir: string): Promise<{ images: LocalImage[]; problems: ImageProblem[] }> {
  const images: LocalImage[] = [];
  const problems: ImageProblem[] = [];
  for (const ref of new Set(refs)) {
    if (!ref || isRemote(ref)) { continue; }
    const file = localPath(ref, baseDir);
    if (!IMAGE_TYPES[path.extname(file).toLowerCase()]) {
      problems.push({ ref, message: `${ref}: Ghost does not accept ${path.extname(file) || 'files without an extension'} images (it takes ${Object.keys(IMAGE_TYPES).join(', ')}).` });
      continue;
    }
    const stat = await fs.stat(file).catch(() => undefined);
    if (!stat?.isFile()) {
      problems.push({ ref, message: `${ref}: no such file (looked for ${file}).` });
      continue;
    }
    images.push({ ref, file });
  }
  return { images, problems };
}

export async function fileHash(file: string): Promise<string> {
  return createHash('sha256').update(await fs.readFile(file)).digest('hex');
}
