/** The project's Markdown files, found one way for every reader of a folder. */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { STATE_DIR } from './state';

const SKIP_DIRS = new Set(['node_modules', STATE_DIR]);

/**
 * The Markdown files under a folder, sorted: hidden folders and files, node_modules and symbolic
 * links skipped (the confinement rule: a walk never follows a link, nor reads a hidden file).
 */
export async function markdownFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string): Promise<void> => {
    const entries = await fs.readdir(d, { withFileTypes: true });
    for (const e of entries) {
      if (e.isDirectory()) {
        if (!e.name.startsWith('.') && !SKIP_DIRS.has(e.name)) { await walk(path.join(d, e.name)); }
      } else if (e.isFile() && !e.name.startsWith('.') && /\.(md|markdown)$/i.test(e.name)) {
        out.push(path.join(d, e.name));
      }
    }
  };
  await walk(dir);
  return out.sort();
}
