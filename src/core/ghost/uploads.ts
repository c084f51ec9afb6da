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

/** Audio and video Ghost takes for its audio and video cards (`/media/upload/`). */
export const MEDIA_TYPES: Readonly<Record<string, { mime: string; kind: 'audio' | 'video' }>> = {
  '.mp4': { mime: 'video/mp4', kind: 'video' },
  '.webm': { mime: 'video/webm', kind: 'video' },
  '.ogv': { mime: 'video/ogg', kind: 'video' },
  '.mp3': { mime: 'audio/mpeg', kind: 'audio' },
  '.wav': { mime: 'audio/wav', kind: 'audio' },
  '.ogg': { mime: 'audio/ogg', kind: 'audio' },
  '.m4a': { mime: 'audio/mp4', kind: 'audio' },
};

/** Files Ghost takes for its file card (`/files/upload/`; it refuses others, executables among them). */
export const FILE_TYPES: Readonly<Record<string, string>> = {
  '.pdf': 'application/pdf', '.zip': 'application/zip', '.csv': 'text/csv', '.txt': 'text/plain', '.json': 'application/json',
  '.epub': 'application/epub+zip', '.rtf': 'application/rtf', '.xml': 'application/xml',
  '.doc': 'application/msword', '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xls': 'application/vnd.ms-excel', '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.ppt': 'application/vnd.ms-powerpoint', '.pptx': 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  '.odt': 'application/vnd.oasis.opendocument.text', '.ods': 'application/vnd.oasis.opendocument.spreadsheet', '.odp': 'application/vnd.oasis.opendocument.presentation',
};

/** The multipart body of a media or file upload. */
export function assetForm(file: string, type: string, data: Uint8Array, ref?: string): FormData {
  const form = new FormData();
  form.append('file', new Blob([data], { type }), path.basename(file));
  if (ref) { form.append('ref', ref); }
  return form;
}

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
