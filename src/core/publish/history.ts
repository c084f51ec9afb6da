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
