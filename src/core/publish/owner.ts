/**
 * Which file owns a post, when more than one file of the project names it: the files that name
 * each post, found by reading the project's Markdown (only when this clone's record and the
 * post's mark do not settle it), decided by the one owner rule (plan.ts, ownerOf).
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { prepareDocument } from '../content/document';
import { readLink } from '../content/link';
import type { PublishContext } from './engine';
import { sourceHash } from './fingerprint';
import { folderDefaults } from './folderConfig';
import type { Claimant } from './plan';
import { markdownFiles } from './markdownFiles';

/**
 * The files under `root` naming each post, with what each holds now (its source hash). Read
 * afresh each time: asked only when neither this clone's record nor the post's mark names this
 * file as the post's own.
 */
export async function claimantsUnder(root: string): Promise<Map<string, Claimant[]>> {
  const byId = new Map<string, Claimant[]>();
  for (const abs of await markdownFiles(root)) {
    const text = await fs.readFile(abs, 'utf8').catch(() => undefined);
    if (text === undefined || !/ghost_id/.test(text)) { continue; }
    const id = readLink(text)?.id;
    if (!id) { continue; }
    let src: string | undefined;
    try {
      const doc = prepareDocument(abs, text);
      src = sourceHash(doc.data, doc.split.body);
    } catch { /* unreadable: it names the post all the same */ }
    const list = byId.get(id) ?? [];
    list.push({ file: path.relative(root, abs).split(path.sep).join('/'), ...(src ? { src } : {}) });
    byId.set(id, list);
  }
  return byId;
}

/** A push as a record or a mark tells of it: its post, the file sent (sourceHash), and how many times its path had been vacated then. */
export interface PushedFrom { id: string; src?: string; gone?: number }

/** How many times the file's path has been vacated (deleted, or moved away) in its history; undefined without one. */
export async function goneOf(ctx: PublishContext, file: string): Promise<number | undefined> {
  return ctx.pathHistory ? ctx.pathHistory.vacated(file).catch(() => undefined) : undefined;
}

/**
 * Whether the path a record or a mark names was vacated after that push and the file there now
 * cannot show it is the one pushed (a copy put back where its original moved away from): the
 * path then no longer says which file owns the post. With the count kept by the push (`gone`):
 * vacated again since. Without it (a record or mark made before it was kept), the path's versions:
 * the version pushed was there before the path was last vacated, or the path named the post then
 * and the file there since never held the version pushed. `text`: the file there now, when read.
 * Without a path history (no git), nothing is known to have vacated it.
 */
export async function vacatedSince(ctx: PublishContext, file: string, pushed: PushedFrom, text?: string): Promise<boolean> {
  const h = ctx.pathHistory;
  if (!h) { return false; }
  const now = await h.vacated(file).catch(() => 0);
  if (!now || (pushed.gone !== undefined && now <= pushed.gone)) { return false; }
  if (pushed.gone !== undefined) { return true; }
  const versions: Array<string | null> = await h.versions(file).catch(() => []);
  const cut = versions.indexOf(null);
  if (cut < 0) { return false; }
  const before = versions.slice(cut + 1).filter((t): t is string => t !== null);
  const current = text ?? await fs.readFile(file, 'utf8').catch(() => undefined);
  const since = [...versions.slice(0, cut), ...(current === undefined ? [] : [current])].filter((t): t is string => t !== null);
  const { values } = await folderDefaults(file, ctx.state.root).catch(() => ({ values: {} }));
  const defaults = Object.keys(values).length ? values : undefined;
  const srcOf = (t: string) => {
    try {
      const doc = prepareDocument(file, t, { defaults });
      return sourceHash(doc.data, doc.split.body);
    } catch { return undefined; }
  };
  if (pushed.src && before.some((t) => srcOf(t) === pushed.src)) { return true; }
  if (!before.some((t) => readLink(t)?.id === pushed.id)) { return false; }
  return !(pushed.src && since.some((t) => srcOf(t) === pushed.src));
}

/**
 * A file's identity on this computer, its device and inode: the same through a rename or a move
 * (git mv, the editor's), another for a copy. Only this clone's record keeps it (never the mark).
 */
export async function identityOf(file: string): Promise<string | undefined> {
  const st = await fs.stat(file, { bigint: true }).catch(() => undefined);
  return st?.ino ? `${st.dev}:${st.ino}` : undefined;
}

/**
 * Whether the path a record or a mark names still holds the file pushed from there, so that its
 * word on the owner counts: in the clone whose record names it (`record`), the file pushed is not
 * now one of `others` (the other files naming the post: moved there, with another file put in its
 * place, which git may not know yet); and the path was not vacated in git since (vacatedSince).
 */
export async function stillThere(ctx: PublishContext, file: string, pushed: PushedFrom, opts: { record?: { ino?: string }; others: readonly string[]; text?: string }): Promise<boolean> {
  const ino = opts.record?.ino;
  if (ino && await identityOf(file) !== ino) {
    for (const other of opts.others) {
      if (await identityOf(other) === ino) { return false; }
    }
  }
  return !(await vacatedSince(ctx, file, pushed, opts.text));
}
