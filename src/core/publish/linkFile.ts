/**
 * Writes a post's link into its file as the file is on disk now: the words typed while the push
 * was under way (an editor's auto-save, another window) stay, and only the link is added. A file
 * that is (or has become) a symbolic link, or anything but a regular file, is refused: the link is
 * never written into the file a link points to.
 */
import { constants as fsConstants } from 'node:fs';
import * as fs from 'node:fs/promises';
import { ConfinementError } from '../confine';
import { readLink, writeLink } from '../content/link';
import { writeFileAtomic } from '../fsutil';

/** The file's text, read without following a link; undefined when there is no file. */
async function readPlain(file: string): Promise<string | undefined> {
  const st = await fs.lstat(file).catch(() => undefined);
  if (!st) { return undefined; }
  const refuse = (what: string) => new ConfinementError(file, `${file} ${what}: its link (ghost_id, ghost_site) was not written, so that nothing is written where a link points.`, 'Replace the link with the file itself, then push again.');
  if (st.isSymbolicLink()) { throw refuse('is a symbolic link'); }
  if (!st.isFile()) { throw refuse('is not a regular file'); }
  const handle = await fs.open(file, fsConstants.O_RDONLY | (fsConstants.O_NOFOLLOW ?? 0)).catch((e: NodeJS.ErrnoException) => {
    throw e.code === 'ELOOP' ? refuse('is a symbolic link') : e;
  });
  try {
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}

export async function linkFile(file: string, linkedText: string): Promise<void> {
  const link = readLink(linkedText);
  const now = await readPlain(file);
  // The name itself is replaced: a link made there since it was read is not followed either.
  await writeFileAtomic(file, link && now !== undefined ? writeLink(now, link) : linkedText, { noFollow: true });
}
