import { parseFrontMatter, splitFrontMatter } from './frontMatter';

/** A file's link to its post: `ghost_id` and `ghost_site` in its front matter. */
export interface PostLink { id: string; site: string }

const LINK_KEYS = ['ghost_id', 'ghost_site'] as const;

/** A YAML scalar for `value` that reads back as this very string (quoted when it would not). */
function yamlString(value: string, previous: string | undefined): string {
  const quote = /^\s*(['"])/.exec(previous ?? '')?.[1];
  const plainIsString = (/^[0-9a-f]*[a-f][0-9a-f]*$/.test(value) && !/^[0-9]+e[0-9]+$/.test(value)) || /^https?:\/\/[^\s#'"]*$/.test(value);
  if (!quote && plainIsString) { return value; }
  return quote === "'" ? `'${value.replace(/'/g, "''")}'` : JSON.stringify(value);
}

/** The link a file's text holds, if it holds a well-formed one. */
export function readLink(text: string): PostLink | undefined {
  try {
    const { data } = parseFrontMatter(text);
    const id = data.ghost_id;
    const site = data.ghost_site;
    return typeof id === 'string' && /^[0-9a-f]{24}$/.test(id) && typeof site === 'string' ? { id, site } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Writes `ghost_id` and `ghost_site` into a file's front matter, changing nothing else: every
 * other byte, the line endings, the order of the fields and the quoting stay as they were.
 */
export function writeLink(text: string, link: PostLink): string {
  const split = splitFrontMatter(text);
  const { eol } = split;
  if (split.yaml === undefined) {
    const lines = [`ghost_id: ${yamlString(link.id, undefined)}`, `ghost_site: ${yamlString(link.site, undefined)}`];
    const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
    return `${bom}---${eol}${lines.join(eol)}${eol}---${eol}${text.slice(bom.length)}`;
  }
  let yaml = split.yaml;
  for (const [key, value] of [['ghost_id', link.id], ['ghost_site', link.site]] as const) {
    const re = new RegExp(`^${key}[ \\t]*:(.*)$`, 'm');
    const found = re.exec(yaml);
    if (found) {
      const line = `${key}: ${yamlString(value, found[1]?.replace(/\r$/, ''))}`;
      yaml = yaml.slice(0, found.index) + line + (found[0].endsWith('\r') ? '\r' : '') + yaml.slice(found.index + found[0].length);
    } else {
      yaml = `${yaml}${yaml === '' || yaml.endsWith('\n') ? '' : eol}${key}: ${yamlString(value, undefined)}${eol}`;
    }
  }
  return text.slice(0, split.yamlStart) + yaml + text.slice(split.yamlEnd);
}

/** Removes the link (to publish the file as a new post), changing nothing else. */
export function removeLink(text: string): string {
  const split = splitFrontMatter(text);
  if (split.yaml === undefined) { return text; }
  let yaml = split.yaml;
  for (const key of LINK_KEYS) {
    yaml = yaml.replace(new RegExp(`^${key}[ \\t]*:.*(\\r?\\n|$)`, 'm'), '');
  }
  return text.slice(0, split.yamlStart) + yaml + text.slice(split.yamlEnd);
}
