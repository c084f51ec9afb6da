/**
 * Writes a post's link into its file as the file is on disk now: the words typed while the push
 * was under way (an editor's auto-save, another window) stay, and only the link is added.
 */
import * as fs from 'node:fs/promises';
import { readLink, writeLink } from '../content/link';
import { writeFileAtomic } from '../fsutil';

export async function linkFile(file: string, linkedText: string): Promise<void> {
  const link = readLink(linkedText);
  const now = await fs.readFile(file, 'utf8').catch(() => undefined);
  await writeFileAtomic(file, link && now !== undefined ? writeLink(now, link) : linkedText);
}
