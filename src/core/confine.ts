/**
 * The one rule for every file Ghost Author reads or writes on the writer's behalf (Markdown files,
 * the images and files a post uploads, its own records, what a pull writes): inside the content
 * root, a regular file, never reached through a symbolic link (the file itself or a folder
 * between the root and it), never in a hidden folder or a hidden file (`.git`, `.ghost-author`,
 * dotfiles) unless the writer named that very path. And the one way a name that came from a
 * server (a slug, an image's address) becomes a file name, safe under POSIX and Windows rules alike.
 */
import { constants as fsConstants } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { GhostAuthorError } from './ghost/errors';

/** A path the confinement rule refuses; `file` is the path as it was asked for. */
export class ConfinementError extends GhostAuthorError {
  constructor(readonly file: string, message: string, hint?: string) {
    super(message, hint);
  }
  static override is(e: unknown): e is ConfinementError {
    return e instanceof ConfinementError;
  }
}

export interface ConfineOptions {
  /** The content root: nothing above it is read or written. */
  root: string;
  /** The writer named this path (a command-line argument, the tool's own file): a hidden name is allowed. */
  explicit?: boolean;
  /** A file that may not exist yet (a write): missing parts are fine, what exists is checked. */
  missingOk?: boolean;
  /** A folder rather than a file (where a pull writes). */
  folder?: boolean;
  /** How the file is shown in errors (as the document wrote it, with its line). */
  label?: string;
  /** What the root is called in errors. */
  rootName?: string;
}

/** Whether `p` is `root` or under it, by the path's words alone (`..` resolved, links not followed). */
export function isInside(root: string, p: string, impl: typeof path = path): boolean {
  const rel = impl.relative(impl.resolve(root), impl.resolve(p));
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${impl.sep}`) && !impl.isAbsolute(rel));
}

/**
 * Checks `file` against the rule and returns its absolute path; throws a ConfinementError that
 * names the file (and the line, through `label`) and says what to do.
 */
export async function confine(file: string, opts: ConfineOptions): Promise<string> {
  const root = path.resolve(opts.root);
  const abs = path.resolve(root, file);
  const shown = opts.label ?? file;
  const rootName = opts.rootName ?? `the project folder (${root})`;
  if (!isInside(root, abs)) {
    throw new ConfinementError(file, `${shown} is outside ${rootName}: only files inside it are read or written.`, 'Move the file inside it, or run from the folder that holds it.');
  }
  const parts = path.relative(root, abs).split(path.sep).filter(Boolean);
  if (!opts.explicit) {
    const hidden = parts.find((p) => p.startsWith('.'));
    if (hidden) {
      throw new ConfinementError(file, `${shown} is in a hidden folder or is a hidden file (${hidden}): Ghost Author never reads or writes those on its own (.git, .ghost-author and dotfiles hold settings and secrets).`, 'Move the file to a folder that is not hidden.');
    }
  }
  let cur = root;
  for (let i = 0; i < parts.length; i++) {
    cur = path.join(cur, parts[i] as string);
    const st = await fs.lstat(cur).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT' || e.code === 'ENOTDIR') { return undefined; }
      throw e;
    });
    if (!st) {
      if (opts.missingOk) { return abs; }
      throw new ConfinementError(file, `${shown}: no such file (looked for ${abs}).`, 'Check the path: it is relative to the Markdown file.');
    }
    if (st.isSymbolicLink()) {
      const what = i === parts.length - 1 ? 'is a symbolic link' : `is reached through a symbolic link (${path.relative(root, cur)})`;
      throw new ConfinementError(file, `${shown} ${what}: Ghost Author never follows links, so that a repository cannot make it read or write a file elsewhere.`, 'Replace the link with the file itself.');
    }
    if (i < parts.length - 1 && !st.isDirectory()) {
      throw new ConfinementError(file, `${shown}: ${path.relative(root, cur)} is not a folder.`);
    }
    if (i === parts.length - 1 && (opts.folder ? !st.isDirectory() : !st.isFile())) {
      throw new ConfinementError(file, `${shown} is not a ${opts.folder ? 'folder' : 'regular file'}.`, opts.folder ? undefined : 'Only plain files are read or written.');
    }
  }
  if (!parts.length && !opts.missingOk && !opts.folder) {
    throw new ConfinementError(file, `${shown} is a folder, not a file.`);
  }
  return abs;
}

/**
 * Reads a file under the rule. The last step is opened without following a link and checked on
 * the open handle, so a link put in its place after the check is not followed either.
 */
export async function readConfined(file: string, opts: ConfineOptions & { maxBytes?: number }): Promise<Buffer> {
  const abs = await confine(file, { ...opts, missingOk: false });
  const handle = await fs.open(abs, fsConstants.O_RDONLY | (fsConstants.O_NOFOLLOW ?? 0)).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ELOOP') { throw new ConfinementError(file, `${opts.label ?? file} is a symbolic link: Ghost Author never follows links.`, 'Replace the link with the file itself.'); }
    throw e;
  });
  try {
    const st = await handle.stat();
    if (!st.isFile()) { throw new ConfinementError(file, `${opts.label ?? file} is not a regular file.`); }
    if (opts.maxBytes !== undefined && st.size > opts.maxBytes) {
      throw new ConfinementError(file, `${opts.label ?? file} is ${(st.size / 1048576).toFixed(1)} MB; files up to ${opts.maxBytes / 1048576} MB are read.`);
    }
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

/** A Markdown file named by the writer, read under the rule (hidden names allowed: it was named). */
export async function readMarkdownFile(file: string, root: string): Promise<string> {
  return (await readConfined(file, { root, explicit: true, rootName: `the project (${path.resolve(root)}; its root is the folder holding .git or .ghost-author)` })).toString('utf8');
}

// ---------------------------------------------------------------------------------------------
// File names from a server

/** Windows' reserved device names: `CON`, `con.md`, `COM1.txt` all name a device there. */
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)(\.|$)/i;
/** Characters neither POSIX nor Windows keeps in a name (and `%`, so that no escape survives). */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f<>:"/\\|?*%\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/gu;

/** The longest prefix of `s` that is at most `max` bytes in UTF-8, never splitting a character. */
export function truncateUtf8(s: string, max: number): string {
  if (Buffer.byteLength(s, 'utf8') <= max) { return s; }
  let out = '';
  let bytes = 0;
  for (const ch of s) {
    const n = Buffer.byteLength(ch, 'utf8');
    if (bytes + n > max) { break; }
    out += ch;
    bytes += n;
  }
  return out;
}

/**
 * One path segment made from a name a server gave (a slug, a part of an address): decoded once,
 * every separator and character Windows or POSIX treats specially replaced by `-`, no leading or
 * trailing dots and spaces, no reserved device name, and with `suffix` (`.md`, `-2.md`) at most
 * `maxBytes` bytes in UTF-8. Never empty, never `.` or `..`: `fallback` when nothing is left.
 */
export function safeFileName(name: string, opts: { suffix?: string; maxBytes?: number; fallback?: string; decoded?: boolean } = {}): string {
  const suffix = opts.suffix ?? '';
  const max = (opts.maxBytes ?? 255) - Buffer.byteLength(suffix, 'utf8');
  let s = name;
  if (!opts.decoded) {
    try { s = decodeURIComponent(s); } catch { /* kept as given: its % signs are replaced below */ }
  }
  s = s.normalize('NFC').replace(UNSAFE, '-').replace(/-{2,}/g, '-');
  const tidy = (t: string) => t.replace(/^[\s.-]+/u, '').replace(/[\s.]+$/u, '');
  s = tidy(truncateUtf8(tidy(s), max));
  if (RESERVED.test(s)) { s = `_${s}`; s = tidy(truncateUtf8(s, max)); }
  if (!s) { s = opts.fallback ?? 'untitled'; }
  return `${s}${suffix}`;
}

/**
 * A relative path under a folder, made from the segments of an address a server gave (an image's
 * path): each segment through safeFileName, `.`, `..` and empty ones dropped, whatever their
 * encoding (`..%5C`, `%2e%2e`). Joined with `impl` (path.win32 or path.posix); always inside.
 */
export function safeRelativePath(urlPath: string, impl: typeof path = path): string {
  const segments = urlPath.split('/').flatMap((seg) => {
    let s = seg;
    try { s = decodeURIComponent(s); } catch { /* kept */ }
    // A decoded segment may hold separators of either kind: each part is a segment of its own.
    return s.split(/[\\/]+/);
  }).filter((s) => s.trim() !== '' && !/^[.\s]+$/.test(s)).map((s) => safeFileName(s, { fallback: '_', decoded: true }));
  return segments.length ? impl.join(...segments) : '_';
}
