import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { prepareDocument, type PreparedDocument } from '../content/document';
import type { PostLike } from '../ghost/types';
import { readMark, sourceHash } from './fingerprint';
import { intentOf } from './plan';
import type { Intent } from './state';

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
  // Read once per file: a run asks a file's history for each thing it decides, and commits nothing.
  const read = new Map<string, Promise<string[]>>();
  return (file) => {
    const key = path.resolve(file);
    let versions = read.get(key);
    if (!versions) { versions = committedVersions(file, limit); read.set(key, versions); }
    return versions;
  };
}

function committedVersions(file: string, limit: number): Promise<string[]> {
  return (async () => {
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
  })();
}

/**
 * Whether some committed version of `file` (read as a push reads it, with its folder's defaults)
 * passes `test`: it is the file a push sent, or it shows what Ghost holds. False without history.
 */
export async function someVersion(history: FileHistory | undefined, file: string, defaults: Record<string, unknown> | undefined, test: (doc: PreparedDocument) => boolean): Promise<boolean> {
  return (await versions(history, file, defaults, test, true)).length > 0;
}

/** The committed versions of `file` that pass `test`, newest first (with `first`, only the newest). */
async function versions(history: FileHistory | undefined, file: string, defaults: Record<string, unknown> | undefined, test: (doc: PreparedDocument) => boolean, first = false): Promise<PreparedDocument[]> {
  const out: PreparedDocument[] = [];
  if (!history) { return out; }
  for (const text of await history(file)) {
    try {
      const doc = prepareDocument(file, text, { defaults });
      if (test(doc)) { out.push(doc); }
    } catch { /* a version that cannot be read shows nothing */ }
    if (first && out.length) { break; }
  }
  return out;
}

/**
 * With no record here (a clean clone, CI): the status and date the file said at the last push or
 * pull of its post, as what that left shows them. The mark's, when this file descends from the
 * push that left it (it is that file, or its history holds it). Otherwise (a `pull --all` mirror
 * of posts pushed from another folder, whose mark names that folder's file) the pull its history
 * holds: the newest committed version showing what Ghost holds, its status and date included;
 * else the oldest showing its content (the status changed in Ghost since that pull, not in the
 * file). Undefined when neither says.
 */
export async function lastIntent(post: PostLike, file: { path: string; src: string; defaults?: Record<string, unknown> }, history: FileHistory | undefined, shows: (doc: PreparedDocument) => boolean): Promise<Intent | undefined> {
  const mark = readMark(post.lexical);
  const src = mark?.src;
  if (src && (src === file.src || await someVersion(history, file.path, file.defaults, (d) => sourceHash(d.data, d.split.body) === src))) { return mark.intent; }
  const pulled = await versions(history, file.path, file.defaults, shows);
  const status = post.status === 'sent' ? 'published' : post.status;
  const asGhost = pulled.find((d) => d.meta.status === status && !d.meta.publishedAtLocal
    && (d.meta.publishedAt === undefined ? !post.published_at || status === 'draft' : !!post.published_at && Date.parse(d.meta.publishedAt) === Date.parse(post.published_at)));
  const shown = asGhost ?? pulled[pulled.length - 1];
  return shown ? intentOf(shown) : mark?.intent;
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
