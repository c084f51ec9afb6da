import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { InvalidInputError } from './errors';

/** The image types Ghost accepts: extension and part MIME type must both be on this list. */
export const IMAGE_TYPES: Readonly<Record<string, string>> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.svgz': 'image/svg+xml',
  '.ico': 'image/x-icon',
};

export function imageMimeType(file: string): string {
  const ext = path.extname(file).toLowerCase();
  const mime = IMAGE_TYPES[ext];
  if (!mime) {
    throw new InvalidInputError('image', `${path.basename(file)} cannot be uploaded: Ghost accepts images of type ${Object.keys(IMAGE_TYPES).join(', ')}.`, 'Convert it to one of those, or link it from elsewhere.');
  }
  return mime;
}

/** The multipart body of an image upload. */
export async function imageForm(file: string, opts: { purpose?: 'image' | 'profile_image' | 'icon'; ref?: string; data?: Uint8Array } = {}): Promise<FormData> {
  const type = imageMimeType(file);
  const bytes = opts.data ?? await fs.readFile(file);
  const form = new FormData();
  form.append('file', new Blob([bytes], { type }), path.basename(file));
  form.append('purpose', opts.purpose ?? 'image');
  if (opts.ref) { form.append('ref', opts.ref); }
  return form;
}
