/**
 * Ghost Author's records (`.ghost-author/state.json`, `sites.json`) are a cache of this computer's
 * pushes and connections, and ignore themselves in git. One that is tracked by git came with the
 * repository (a pull request can force-add it) and says what its author wants: an image's hash
 * mapped to their address, a post "already pushed". Such a record is not trusted: the run stops
 * and says how to take it out of git, rather than using it or writing over it.
 */
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { GhostAuthorError } from '../ghost/errors';
import { STATE_DIR, STATE_FILE } from './state';

/** The records under `root` that git tracks (as `.ghost-author/…`, relative to root); none outside a repository or without git. */
export function committedRecords(root: string): Promise<string[]> {
  const names = [STATE_FILE, 'sites.json'].map((f) => `${STATE_DIR}/${f}`);
  return new Promise((resolve) => {
    // ls-files names the paths given that the index holds; it runs no hook and changes nothing.
    execFile('git', ['-c', 'core.fsmonitor=false', 'ls-files', '-z', '--', ...names], { cwd: root, timeout: 10_000, windowsHide: true }, (e, stdout) => {
      if (e) { resolve([]); return; }
      // Named relative to root, as they were asked.
      resolve(String(stdout).split('\0').filter((n) => names.includes(n)));
    });
  });
}

/** Throws, naming each record git tracks under any of `roots`, and what to do; nothing when none is. */
export async function refuseCommittedRecords(...roots: string[]): Promise<void> {
  const found: string[] = [];
  for (const root of new Set(roots.map((r) => path.resolve(r)))) {
    for (const rel of await committedRecords(root)) { found.push(path.join(root, rel)); }
  }
  if (!found.length) { return; }
  const shown = found.map((f) => path.relative(process.cwd(), f).split(path.sep).join('/') || f);
  throw new GhostAuthorError(
    `${shown.join(' and ')} ${found.length === 1 ? 'is' : 'are'} committed to the repository; a committed record is not trusted (it could say an image is already uploaded, or a post already pushed, and hide what a sync sends), so nothing was read or sent.`,
    `Remove ${found.length === 1 ? 'it' : 'them'} from git (git rm --cached ${shown.join(' ')}) and commit: .ghost-author/ is this computer's cache and ignores itself.`);
}
