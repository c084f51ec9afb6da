// ghost-author pull: writes one post or page as Markdown (to stdout, or a new file with -o), or with
// --all every post and page into a folder. It only reads the site, and never overwrites a file.
import * as path from 'node:path';
import * as fs from 'node:fs/promises';
import { confine, isInside } from '../core/confine';
import { writeFileAtomic } from '../core/fsutil';
import { pullPost, recordSeen, type PublishContext } from '../core/publish/engine';
import { pullAll } from '../core/publish/folder';
import { gitPathHistory } from '../core/publish/history';
import { StateStore } from '../core/publish/state';
import { GhostAuthorError } from '../core/ghost/errors';
import { EXIT, exists, UsageError, type CommandContext, stateRoot } from './shared';

export async function run({ values, positionals, out, logger, connect }: CommandContext): Promise<number> {
  if (values.all) {
    if (positionals.length > 1) { throw new UsageError('pull --all takes no id or slug: it pulls every post and page (narrow it with --filter).'); }
    const dir = path.resolve(values.output ?? '.');
    const c = await connect();
    const ctx: PublishContext = { client: c.client, state: new StateStore(stateRoot(values.state)), logger, pathHistory: gitPathHistory() };
    const res = await pullAll(dir, ctx, { filter: values.filter, images: values.images, progress: values.json ? undefined : (n) => { if (n % 50 === 0) { process.stderr.write(`${n} written…\n`); } } });
    if (values.json) {
      out(`${JSON.stringify(res, null, 2)}\n`);
    } else {
      for (const w of res.written) { out(`${path.relative(process.cwd(), path.join(dir, w.file)).split(path.sep).join('/')}\n`); }
      out(`Wrote ${res.written.length} file(s); ${res.present.length} already here, left as they are.\n`);
      if (res.fromHtml.length) { process.stderr.write(`note: ${res.fromHtml.length} post(s) were written in Ghost's older editor and read from their HTML; check their cards before pushing them back: ${res.fromHtml.join(', ')}\n`); }
    }
    // The others were written; each one that was not is named, and the run fails at the end.
    for (const f of res.failed) { process.stderr.write(`error: ${f.type} ${f.slug ?? f.id} (${f.id}) was not written: ${f.error}\n`); }
    if (res.failed.length) {
      process.stderr.write(`${res.failed.length} ${res.failed.length === 1 ? 'post was' : 'posts were'} not written (nothing of them is on disk or in the records); the others were.\n`);
      return EXIT.error;
    }
    return EXIT.ok;
  }
  const ref = positionals[1];
  if (!ref) { throw new UsageError('Name the post or page to pull, by id or slug.'); }
  const type = values.type === 'page' || values.type === 'pages' ? 'page' : values.type === 'post' || values.type === 'posts' ? 'post' : undefined;
  const c = await connect();
  const ctx: PublishContext = { client: c.client, state: new StateStore(stateRoot(values.state)), logger, pathHistory: gitPathHistory() };
  if (values.output) {
    const pulled = await pullToFile(ref, ctx, path.resolve(values.output), type);
    process.stderr.write(`Wrote ${values.output} (${pulled.type} “${pulled.post.title}”).\n`);
    if (pulled.note) { process.stderr.write(`note: ${pulled.note}\n`); }
  } else {
    // Printed only: no file is linked to it, so no record changes.
    const pulled = await pullPost(ref, ctx, { type });
    if (pulled.note) { process.stderr.write(`note: ${pulled.note}\n`); }
    out(pulled.text);
  }
  return EXIT.ok;
}

/** Pulls a post into a new file, written whole or not at all; an existing file is never replaced. */
export async function pullToFile(ref: string, ctx: PublishContext, target: string, type?: 'post' | 'page'): Promise<Awaited<ReturnType<typeof pullPost>>> {
  // A link counts as a file that exists: nothing is written through it.
  if (await exists(target) || await fs.lstat(target).then(() => true, () => false)) {
    throw new GhostAuthorError(`${path.basename(target)} already exists: pull will not overwrite it.`, 'Choose another file or remove it first.');
  }
  // Named by the writer (a hidden name is theirs to choose), but never reached through a link below the project's root.
  await confine(target, { root: isInside(ctx.state.root, target) ? ctx.state.root : path.dirname(target), explicit: true, missingOk: true });
  const pulled = await pullPost(ref, ctx, { type });
  await writeFileAtomic(target, pulled.text, { exclusive: true });
  // Recorded once written; a file the records cannot vouch for is taken back.
  try {
    await recordSeen(ctx, target, pulled.text, pulled.post);
  } catch (e) {
    await fs.rm(target, { force: true });
    throw e;
  }
  return { ...pulled, file: target };
}
