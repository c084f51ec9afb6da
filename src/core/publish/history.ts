import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { prepareDocument, type PreparedDocument } from '../content/document';

/** Earlier versions of a file, newest first: what a clone knows of where its file came from. */
export type FileHistory = (file: string) => Promise<string[]>;

function git(cwd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, timeout: 10_000, maxBuffer: 64 * 1024 * 1024, windowsHide: true }, (e, stdout) => (e ? reject(e) : resolve(stdout)));
  });
}

/**
 * The committed versions of a file in its git repository (up to `limit`, following renames),
 * newest first; none when git or the repository is not there. A shallow clone (CI's default)
 * knows only its last commit: fetch the history (`fetch-depth: 0`) for pushes from CI.
 */
export function gitHistory(limit = 50): FileHistory {
  return async (file) => {
    const dir = path.dirname(file);
    try {
      const top = (await git(dir, ['rev-parse', '--show-toplevel'])).trim();
      const rel = path.relative(top, file).split(path.sep).join('/');
      // Each commit's hash, then the file's name in that commit (it changes across a rename).
      const lines = (await git(top, ['log', `-n${limit}`, '--follow', '--name-only', '--format=%x00%H', '--', rel])).split('\n').filter(Boolean);
      const out: string[] = [];
      for (let i = 0; i < lines.length; i++) {
        const line = lines[i] ?? '';
        if (!line.startsWith('\u0000')) { continue; }
        const name = lines[i + 1] && !lines[i + 1]?.startsWith('\u0000') ? lines[i + 1] : rel;
        out.push(await git(top, ['show', `${line.slice(1)}:${name}`]).catch(() => ''));
      }
      return out.filter(Boolean);
    } catch {
      return [];
    }
  };
}

/**
 * Whether some committed version of `file` (read as a push reads it, with its folder's defaults)
 * passes `test`: it is the file a push sent, or it shows what Ghost holds. False without history.
 */
export async function someVersion(history: FileHistory | undefined, file: string, defaults: Record<string, unknown> | undefined, test: (doc: PreparedDocument) => boolean): Promise<boolean> {
  if (!history) { return false; }
  for (const text of await history(file)) {
    try {
      if (test(prepareDocument(file, text, { defaults }))) { return true; }
    } catch { /* a version that cannot be read shows nothing */ }
  }
  return false;
}

/**
 * A path's own history, renames not followed: whether the file at a path is still the one a push
 * was made from there, or another put in its place after that file was moved away or deleted (a
 * Save As copy written back to the path its original left). `git log --follow` cannot tell: it
 * follows the copy into the original's history as readily as a rename.
 */
export interface PathHistory {
  /** How many commits deleted the file at this path or moved it away. */
  vacated(file: string): Promise<number>;
  /** The path's committed versions, newest first, `null` for each commit that vacated it. */
  versions(file: string): Promise<Array<string | null>>;
}

/**
 * The path's history in its git repository: with `--no-renames`, a move shows as the old path
 * deleted, in every clone alike (a clean clone's included). Nothing vacated outside a repository.
 */
export function gitPathHistory(limit = 50): PathHistory {
  const where = async (file: string) => {
    const top = (await git(path.dirname(file), ['rev-parse', '--show-toplevel'])).trim();
    return { top, rel: path.relative(top, file).split(path.sep).join('/') };
  };
  return {
    async vacated(file) {
      try {
        const { top, rel } = await where(file);
        return (await git(top, ['--literal-pathspecs', 'log', '--no-renames', '--diff-filter=D', '--format=%H', '--', rel])).split('\n').filter(Boolean).length;
      } catch {
        return 0;
      }
    },
    async versions(file) {
      try {
        const { top, rel } = await where(file);
        // Each commit's hash, then how it changed the path (D: deleted, or moved away).
        const lines = (await git(top, ['--literal-pathspecs', 'log', `-n${limit}`, '--no-renames', '--name-status', '--format=%x00%H', '--', rel])).split('\n').filter(Boolean);
        const out: Array<string | null> = [];
        for (let i = 0; i < lines.length; i++) {
          const line = lines[i] ?? '';
          if (!line.startsWith('\u0000')) { continue; }
          const status = lines[i + 1]?.startsWith('\u0000') ? '' : lines[i + 1] ?? '';
          out.push(status.startsWith('D') ? null : await git(top, ['show', `${line.slice(1)}:${rel}`]).catch(() => ''));
        }
        return out;
      } catch {
        return [];
      }
    },
  };
}
