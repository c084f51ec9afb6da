/** The project's Markdown files, found one way for every reader of a folder. */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { STATE_DIR } from './state';

const SKIP_DIRS = new Set(['node_modules', STATE_DIR]);

/** The Markdown files under a folder (hidden folders and node_modules skipped), sorted. */
export async function markdownFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string): Promise<void> => {
    const entries = await fs.readdir(d, { withFileTypes: true });
    for (const e of entries) {
      if (e.isDirectory()) {
        if (!e.name.startsWith('.') && !SKIP_DIRS.has(e.name)) { await walk(path.join(d, e.name)); }
      } else if (e.isFile() && /\.(md|markdown)$/i.test(e.name)) {
        out.push(path.join(d, e.name));
      }
    }
  };
  await walk(dir);
  return out.sort();
}
