import { randomBytes } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { confine, ConfinementError, truncateUtf8 } from './confine';

/**
 * Writes a file so that it is either entirely old or entirely new, even if the process dies
 * half-way: the data goes to a temporary file beside it, is flushed, then renamed over it. With
 * `exclusive`, it is never written over a file that exists (EEXIST).
 */
export async function writeFileAtomic(target: string, data: string | Uint8Array, opts: { exclusive?: boolean; noFollow?: boolean } = {}): Promise<void> {
  // A symbolic link stays a link: the file it points to is the one rewritten. With `noFollow`, the
  // name itself is replaced (a link put there since it was checked is replaced, never followed).
  const file = opts.noFollow ? target : await fs.realpath(target).catch(() => target);
  await fs.mkdir(path.dirname(file), { recursive: true });
  // Its name within the 255 bytes a file name may have, however long the file's own.
  const tmp = path.join(path.dirname(file), `.${truncateUtf8(path.basename(file), 200)}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await fs.open(tmp, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  if (opts.exclusive) {
    // Never over a file that exists (one made since we looked): a hard link fails if the name is taken.
    try {
      await fs.link(tmp, file).catch(async (e: NodeJS.ErrnoException) => {
        if (e.code === 'EEXIST') { throw e; }
        await fs.copyFile(tmp, file, fsConstants.COPYFILE_EXCL);
      });
    } finally {
      await fs.rm(tmp, { force: true });
    }
    return;
  }
  try {
    const st = await (opts.noFollow ? fs.lstat(file) : fs.stat(file)).catch(() => undefined);
    const mode = st?.isFile() ? st.mode : undefined;
    if (mode !== undefined) { await fs.chmod(tmp, mode); }
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
}

/**
 * For the tool's own files (`.ghost-author/`): the confinement rule (see confine.ts) with the
 * folder above `.ghost-author` as the root and the hidden name allowed (it is the tool's own):
 * refuses the folder or the file when it is a symbolic link or not a plain file, so that a
 * repository that commits one cannot make a run read or rewrite a file outside the project.
 * Missing is fine (it is created as a plain folder or file).
 */
export async function ownFileOnly(file: string): Promise<void> {
  const root = path.dirname(path.dirname(path.resolve(file)));
  try {
    await confine(file, { root, explicit: true, missingOk: true });
  } catch (e) {
    if (!ConfinementError.is(e)) { throw e; }
    throw new Error(`${e.message} Ghost Author keeps its records only in a plain folder of the project: remove the link (the folder only caches what was pushed).`);
  }
}
