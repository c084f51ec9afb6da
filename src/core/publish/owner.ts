/**
 * Which file owns a post, when more than one file of the project names it: the files that name
 * each post, found by reading the project's Markdown (only when this clone's record and the
 * post's mark do not settle it), decided by the one owner rule (plan.ts, ownerOf).
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { prepareDocument } from '../content/document';
import { readLink } from '../content/link';
import { sourceHash } from './fingerprint';
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
