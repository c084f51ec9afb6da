/**
 * Resolves Obsidian's links the way Obsidian does: a file by its name anywhere in the vault (the
 * project), the nearest path first; a note by `Name.md`, to its post's address when published.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { readLink } from '../content/link';
import { anchor, decoded, HEADING_ATTRS, ownHeadingId, type WikiResolver } from '../content/wiki';
import { STATE_DIR } from './state';
import { isInside, readConfined } from '../confine';

interface Vault {
  /** Paths relative to the root (`/`), by lower-cased file name. */
  byName: Map<string, string[]>;
  at: number;
}

const vaults = new Map<string, Vault>();
/** A vault listed this recently is not listed again (a sync resolves many files at once). */
const FRESH_MS = 3000;

async function vaultOf(root: string, force = false): Promise<Vault> {
  const cached = vaults.get(root);
  if (cached && !force && Date.now() - cached.at < FRESH_MS) { return cached; }
  const byName = new Map<string, string[]>();
  const walk = async (dir: string, rel: string): Promise<void> => {
    const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      if (e.name.startsWith('.') || e.name === 'node_modules' || e.name === STATE_DIR) { continue; }
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) { await walk(path.join(dir, e.name), r); continue; }
      const key = e.name.toLowerCase();
      byName.set(key, [...(byName.get(key) ?? []), r]);
    }
  };
  await walk(root, '');
  for (const list of byName.values()) { list.sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b)); }
  const vault = { byName, at: Date.now() };
  vaults.set(root, vault);
  return vault;
}

/** Pure, for a vault already listed: the first (nearest to the root) file of that name, or of that path. */
function find(vault: Vault, target: string): string | undefined {
  const clean = target.replace(/\\/g, '/').replace(/^\.?\//, '');
  const name = clean.split('/').pop()?.toLowerCase() ?? '';
  const list = vault.byName.get(name) ?? [];
  if (clean.includes('/')) { return list.find((p) => p.toLowerCase() === clean.toLowerCase() || p.toLowerCase().endsWith(`/${clean.toLowerCase()}`)); }
  return list[0];
}

/**
 * For one document: embedded files as paths from its folder, notes as their posts' addresses
 * (`publishedUrl` says where a post is published, by id; undefined when it is not).
 */
export async function vaultResolver(file: string, root: string, text: string, published: (ids: string[]) => Promise<ReadonlyMap<string, string>>): Promise<WikiResolver> {
  const pages = await pagesNamed(file, root, text);
  if (!text.includes('[[')) {
    const urls = await published([...new Set(pageIds(pages))]);
    return { file: () => undefined, link: () => undefined, page: pageResolver(file, root, pages, urls) };
  }
  let vault = await vaultOf(path.resolve(root));
  // Every name the text gives, as a file (embeds) or a note; one missing from a recent listing
  // may have just been made: the project is listed again.
  // (A name as Obsidian allows one: not starting with a space, as `[[ -f x ]]` in a shell snippet does;
  // `\|` is the alias bar inside a table.)
  const names = [...new Set([...text.matchAll(/\[\[([^\s\]|#][^\]|#\n]*)/g)].map((m) => (m[1] ?? '').replace(/\\$/, '').trim()))];
  if (names.some((n) => !find(vault, n) && !find(vault, `${n}.md`))) { vault = await vaultOf(path.resolve(root), true); }
  // The notes this text names are read now (fresh: one may have just been linked), so that the
  // resolver itself stays synchronous, as markdown-it calls it.
  const links = new Map<string, string>();
  for (const name of names) {
    const rel = find(vault, /\.md$/i.test(name) ? name : `${name}.md`);
    if (!rel || links.has(rel)) { continue; }
    const note = await fs.readFile(path.join(root, rel), 'utf8').catch(() => '');
    const id = note.includes('ghost_id') ? readLink(note)?.id : undefined;
    if (id) { links.set(rel, id); }
  }
  const urls = await published([...new Set([...links.values(), ...pageIds(pages)])]);
  const from = path.dirname(path.resolve(file));
  return {
    page: pageResolver(file, root, pages, urls),
    file(target) {
      const rel = find(vault, target);
      return rel ? path.relative(from, path.join(root, rel)).split(path.sep).join('/') : undefined;
    },
    link(target) {
      const rel = find(vault, /\.md$/i.test(target) ? target : `${target}.md`);
      const id = rel ? links.get(rel) : undefined;
      return id ? urls.get(id) : undefined;
    },
  };
}

/** A link's path as a project path: from the project's root when it starts with `/`, else from the file's folder. */
function projectPath(file: string, root: string, target: string): string {
  return target.startsWith('/') ? path.join(path.resolve(root), target) : path.resolve(path.dirname(path.resolve(file)), target);
}

/** A Markdown file a link may name: its post id (null when it names none) and its headings. */
interface Page { id: string | null; headings: Array<{ id: string; own?: string }> }

/** Each heading's id as Ghost makes it (ATX `#` headings outside fenced code), with its own id when it names one (`{#custom}`). */
function headingsIn(text: string): Array<{ id: string; own?: string }> {
  const out: Array<{ id: string; own?: string }> = [];
  let fence: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    const f = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (f && (!fence || f.startsWith(fence))) { fence = fence ? undefined : f; continue; }
    const h = fence ? undefined : /^ {0,3}#{1,6}[ \t]+(.*?)[ \t]*#*[ \t]*$/.exec(line)?.[1];
    if (h) {
      const own = ownHeadingId(h);
      out.push({ id: anchor(h.replace(HEADING_ATTRS, '').replace(/[*_`]/g, '')), ...(own ? { own } : {}) });
    }
  }
  return out;
}

/**
 * The Markdown files this text may link to by path, read now (the resolver is called while
 * markdown-it parses, synchronously); missing, hidden, linked or outside files are not there. A
 * generous reading of the text: a name that is no link costs one look.
 */
async function pagesNamed(file: string, root: string, text: string): Promise<Map<string, Page>> {
  const out = new Map<string, Page>();
  const names = new Set<string>();
  for (const m of text.matchAll(/<([^<>\n]+?\.(?:md|markdown))(?:#[^<>\n]*)?>|([^\s()<>\[\]"'`|]+?\.(?:md|markdown))(?=[#?)\s>"']|$)/gim)) {
    const raw = m[1] ?? m[2] ?? '';
    if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(raw)) { continue; }
    names.add(decoded(raw));
  }
  for (const name of names) {
    const abs = projectPath(file, root, name);
    if (out.has(abs) || !isInside(root, abs)) { continue; }
    const got = await readConfined(abs, { root }).then((b) => b.toString('utf8'), () => undefined);
    if (got === undefined) { continue; }
    out.set(abs, { id: got.includes('ghost_id') ? readLink(got)?.id ?? null : null, headings: headingsIn(got) });
  }
  return out;
}

/** The post ids the pages name. */
const pageIds = (pages: ReadonlyMap<string, Page>) => [...pages.values()].map((p) => p.id).filter((v): v is string => !!v);

function pageResolver(file: string, root: string, pages: ReadonlyMap<string, Page>, urls: ReadonlyMap<string, string>): NonNullable<WikiResolver['page']> {
  return (target) => {
    const abs = projectPath(file, root, target);
    if (!isInside(root, abs)) { return { reason: 'outside' }; }
    const page = pages.get(abs);
    if (!page) { return { reason: 'missing' }; }
    if (!page.id) { return { reason: 'unpushed' }; }
    const url = urls.get(page.id);
    const explicit = Object.fromEntries(page.headings.filter((h) => h.own).map((h) => [h.own as string, h.id]));
    return url ? { url, headings: page.headings.map((h) => h.id), explicit } : { reason: 'unpublished' };
  };
}
