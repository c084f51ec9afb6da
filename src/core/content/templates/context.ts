/**
 * What a template reader knows of the file it reads: the project (nothing outside it is read),
 * the tool's site root and configuration, the file's own front matter, and how to read another
 * file of the project (an include) under the confinement rule.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { confine, readConfined } from '../../confine';
import type { TemplateNote, TemplateTool } from './shared';

export interface TemplateContext {
  tool: TemplateTool;
  /** The project root: nothing outside it is read. */
  projectRoot: string;
  /** The folder holding the tool's configuration (`_config.yml`, `hugo.toml`), or the one it was found by. */
  siteRoot: string;
  /** The tool's site configuration as read (empty when there is none). */
  config: Record<string, unknown>;
  /** Hugo: the folders content is read from (`content/`, or where the configuration mounts it). */
  contentRoots: string[];
  /** The file being read (absolute). */
  file: string;
  /** Its front matter. */
  page: Record<string, unknown>;
  /** A file's text without its front matter, and the line its body starts on (for included files). */
  bodyOf: (text: string) => { body: string; bodyLine: number };
}

/** Included files are read up to this depth (an include in an include…). */
export const MAX_INCLUDE_DEPTH = 4;
/** Included files larger than this are not read. */
const MAX_INCLUDE_BYTES = 1024 * 1024;

/** A path relative to the project, with `/`. */
export function projectPath(ctx: TemplateContext, abs: string): string {
  return path.relative(ctx.projectRoot, abs).split(path.sep).join('/');
}

/** A note for `file` (absolute) at `line`. */
export function note(ctx: TemplateContext, file: string, line: number, construct: string, message?: string): TemplateNote {
  return { file: projectPath(ctx, file), line, construct, ...(message ? { message } : {}) };
}

/** Whether a regular file is at `abs`, inside the project, reached without links or hidden folders. */
export async function exists(ctx: TemplateContext, abs: string): Promise<boolean> {
  return confine(abs, { root: ctx.projectRoot }).then(() => true, () => false);
}

/** A file of the project read as text under the rule; a reason in words when it cannot be. */
export async function readProjectFile(ctx: TemplateContext, abs: string): Promise<{ text: string } | { problem: string }> {
  try {
    return { text: (await readConfined(abs, { root: ctx.projectRoot, maxBytes: MAX_INCLUDE_BYTES, label: projectPath(ctx, abs) })).toString('utf8') };
  } catch (e) {
    return { problem: e instanceof Error ? e.message : String(e) };
  }
}

/** The files under `dir` (recursively, hidden names and links skipped), as absolute paths. */
export async function listFiles(dir: string, depth = 4): Promise<string[]> {
  const out: string[] = [];
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    if (e.name.startsWith('.') || e.isSymbolicLink()) { continue; }
    const abs = path.join(dir, e.name);
    if (e.isDirectory() && depth > 0) { out.push(...await listFiles(abs, depth - 1)); } else if (e.isFile()) { out.push(abs); }
  }
  return out;
}

/** A path from the file's folder to `abs`, with `/`, as a Markdown link target would hold it. */
export function relativeFromFile(ctx: TemplateContext, abs: string): string {
  return path.relative(path.dirname(ctx.file), abs).split(path.sep).join('/');
}
