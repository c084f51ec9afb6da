import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';

/**
 * Writes a file so that it is either entirely old or entirely new, even if the process dies
 * half-way: the data goes to a temporary file beside it, is flushed, then renamed over it.
 */
export async function writeFileAtomic(target: string, data: string | Uint8Array): Promise<void> {
  // A symbolic link stays a link: the file it points to is the one rewritten.
  const file = await fs.realpath(target).catch(() => target);
  await fs.mkdir(path.dirname(file), { recursive: true });
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await fs.open(tmp, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    const mode = (await fs.stat(file).catch(() => undefined))?.mode;
    if (mode !== undefined) { await fs.chmod(tmp, mode); }
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
}
