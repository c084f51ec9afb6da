import { splitFrontMatter } from './frontMatter';

/**
 * Writes `ghost_id` and `ghost_site` into a file's front matter, changing nothing else: every
 * other byte, the line endings and the order of the fields stay as they were.
 */
export function writeLink(text: string, link: { id: string; site: string }): string {
  const split = splitFrontMatter(text);
  const { eol } = split;
  const lines = [`ghost_id: ${link.id}`, `ghost_site: ${link.site}`];
  if (split.yaml === undefined) {
    const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
    return `${bom}---${eol}${lines.join(eol)}${eol}---${eol}${text.slice(bom.length)}`;
  }
  let yaml = split.yaml;
  for (const [key, value] of [['ghost_id', link.id], ['ghost_site', link.site]] as const) {
    const re = new RegExp(`^${key}[ \\t]*:.*$`, 'm');
    if (re.test(yaml)) {
      yaml = yaml.replace(re, `${key}: ${value}`);
    } else {
      yaml = `${yaml}${yaml === '' || yaml.endsWith('\n') ? '' : eol}${key}: ${value}${eol}`;
    }
  }
  return text.slice(0, split.yamlStart) + yaml + text.slice(split.yamlEnd);
}
