// ghost-author render: prints what publishing one file would send (HTML or Lexical) and the
// warnings. It never contacts a site and writes no file.
import * as path from 'node:path';
import { prepareDocument } from '../core/content/document';
import { readMarkdownFile } from '../core/confine';
import { buildPayload } from '../core/publish/payload';
import { folderDefaults } from '../core/publish/folderConfig';
import { readTemplates } from '../core/content/templates';
import { errorMessage } from '../core/ghost/errors';
import { EXIT, renderMode, stateRoot, USAGE, UsageError } from './shared';

export async function render(files: string[], mode: string | undefined, out: (s: string) => void): Promise<number> {
  const [file] = files;
  if (!file || files.length > 1) {
    process.stderr.write(`Name one Markdown file to render.\n\n${USAGE}\n`);
    return EXIT.usage;
  }
  try {
    const root = stateRoot(undefined);
    const text = await readMarkdownFile(file, root);
    const templates = await readTemplates(path.resolve(file), text, root, (await folderDefaults(path.resolve(file), root)).templates);
    const doc = prepareDocument(path.resolve(file), text, { templates });
    const payload = buildPayload(doc, doc.meta.render ?? renderMode(mode) ?? 'lexical', new Map());
    for (const w of doc.warnings) { process.stderr.write(`warning: ${file}:${w.line}: ${w.message}\n`); }
    out(`${JSON.stringify({ type: doc.meta.type, mode: payload.mode, htmlCards: payload.htmlCards, ...payload.fields }, null, 2)}\n`);
    return EXIT.ok;
  } catch (e) {
    if (e instanceof UsageError) { process.stderr.write(`${e.message}\n`); return EXIT.usage; }
    process.stderr.write(`error: ${errorMessage(e)}\n`);
    return EXIT.error;
  }
}
