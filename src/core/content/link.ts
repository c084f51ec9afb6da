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
 * other byte, the line endings, the order of the fields and the quoting stay as they were, and
 * TOML and JSON front matter stay TOML and JSON.
 */
export function writeLink(text: string, link: PostLink): string {
  const split = splitFrontMatter(text);
  const { eol } = split;
  if (split.yaml !== undefined && split.format === 'toml') { return text.slice(0, split.yamlStart) + writeTomlLink(split.yaml, link, eol) + text.slice(split.yamlEnd); }
  if (split.yaml !== undefined && split.format === 'json') { return text.slice(0, split.yamlStart) + writeJsonLink(split.yaml, link, eol) + text.slice(split.yamlEnd); }
  if (split.yaml === undefined) {
    const lines = [`ghost_id: ${yamlString(link.id, undefined)}`, `ghost_site: ${yamlString(link.site, undefined)}`];
    const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
    return `${bom}---${eol}${lines.join(eol)}${eol}---${eol}${text.slice(bom.length)}`;
  }
  if (isFlowMapping(split.yaml)) { return text.slice(0, split.yamlStart) + writeFlowLink(split.yaml, link) + text.slice(split.yamlEnd); }
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
    if (split.format !== 'toml' && split.format !== 'json' && isFlowMapping(yaml)) {
      yaml = yaml.replace(new RegExp(`,\\s*${key}\\s*:\\s*${FLOW_VALUE}`), '').replace(new RegExp(`(\\{)\\s*${key}\\s*:\\s*${FLOW_VALUE}\\s*,?\\s*`), '$1');
    } else if (split.format === 'json') {
      // The field with the comma before it, or after it when it comes first.
      yaml = yaml.replace(new RegExp(`,\\s*"${key}"\\s*:\\s*"(?:[^"\\\\]|\\\\.)*"`), '').replace(new RegExp(`(\\{)\\s*"${key}"\\s*:\\s*"(?:[^"\\\\]|\\\\.)*"\\s*,?`), '$1');
    } else {
      yaml = yaml.replace(new RegExp(`^${key}[ \\t]*${split.format === 'toml' ? '=' : ':'}.*(\\r?\\n|$)`, 'm'), '');
    }
  }
  return text.slice(0, split.yamlStart) + yaml + text.slice(split.yamlEnd);
}

/** YAML front matter written as one flow mapping (`{title: X, tags: [a]}`), comments aside. */
function isFlowMapping(yaml: string): boolean {
  const body = yaml.replace(/^\s*#.*$/gm, '').trim();
  return body.startsWith('{') && body.endsWith('}');
}

/** A value in a flow mapping: quoted, or plain up to the next comma or brace. */
const FLOW_VALUE = `(?:"(?:[^"\\\\]|\\\\.)*"|'(?:[^']|'')*'|[^,}\\s][^,}]*?)`;

/** The link in a flow mapping: a key already there gets its new value; new keys go before the closing brace. */
function writeFlowLink(yaml: string, link: PostLink): string {
  let out = yaml;
  for (const [key, value] of [['ghost_id', link.id], ['ghost_site', link.site]] as const) {
    const found = new RegExp(`([{,]\\s*)${key}\\s*:\\s*${FLOW_VALUE}(?=\\s*[,}])`).exec(out);
    if (found) {
      out = out.slice(0, found.index) + (found[1] ?? '') + `${key}: ${JSON.stringify(value)}` + out.slice(found.index + found[0].length);
      continue;
    }
    const close = out.lastIndexOf('}');
    const before = out.slice(0, close).replace(/\s+$/, '');
    const empty = before.endsWith('{');
    out = `${before}${empty ? '' : ', '}${key}: ${JSON.stringify(value)}${out.slice(before.length)}`;
  }
  return out;
}

/** The link in TOML: a key already there is rewritten in place; new keys go before the first [table] (after it they would belong to the table). */
function writeTomlLink(toml: string, link: PostLink, eol: string): string {
  let out = toml;
  const added: string[] = [];
  for (const [key, value] of [['ghost_id', link.id], ['ghost_site', link.site]] as const) {
    const found = new RegExp(`^${key}[ \\t]*=[^\\r\\n]*`, 'm').exec(out);
    const tableAt = /^[ \t]*\[/m.exec(out)?.index ?? Infinity;
    if (found && found.index < tableAt) {
      out = out.slice(0, found.index) + `${key} = ${JSON.stringify(value)}` + out.slice(found.index + found[0].length);
    } else {
      added.push(`${key} = ${JSON.stringify(value)}${eol}`);
    }
  }
  if (!added.length) { return out; }
  const table = /^[ \t]*\[/m.exec(out);
  if (table) {
    // After the last field, before the blank lines that set the table apart.
    const head = out.slice(0, table.index).replace(/\s+$/, '');
    const at = head ? head.length + (/^\r?\n/.exec(out.slice(head.length))?.[0].length ?? 0) : 0;
    return out.slice(0, at) + added.join('') + out.slice(at);
  }
  return `${out}${out === '' || out.endsWith('\n') ? '' : eol}${added.join('')}`;
}

/** The link in a JSON object: a field already there gets its new value; new fields go last, indented as the others. */
function writeJsonLink(json: string, link: PostLink, eol: string): string {
  let out = json;
  const added: string[] = [];
  for (const [key, value] of [['ghost_id', link.id], ['ghost_site', link.site]] as const) {
    const found = new RegExp(`("${key}"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`).exec(out);
    if (found) {
      out = out.slice(0, found.index) + (found[1] ?? '') + JSON.stringify(value) + out.slice(found.index + found[0].length);
    } else {
      added.push(`"${key}": ${JSON.stringify(value)}`);
    }
  }
  if (!added.length) { return out; }
  const close = out.lastIndexOf('}');
  const inner = out.slice(1, close);
  const indent = /\n([ \t]+)"/.exec(inner)?.[1];
  const last = inner.replace(/\s+$/, '');
  const tail = out.slice(1 + last.length, close);
  if (indent === undefined) {
    // On one line: `{"title": "x"}` → `{"title": "x", "ghost_id": …}`.
    return `{${last}${last.trim() ? ', ' : ''}${added.join(', ')}${tail}}`;
  }
  return `{${last}${last.trim() ? ',' : ''}${added.map((a) => `${eol}${indent}${a}`).join(',')}${tail}}`;
}
