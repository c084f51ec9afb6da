/**
 * YAML as front matter and ghost-card blocks use it (js-yaml, YAML 1.2's core schema: no dates,
 * no custom tags), with the line and column of the first error.
 */
import { CORE_SCHEMA, dump, load, YAMLException } from 'js-yaml';

export class YamlError extends Error {
  /** 1-based, within the text given. */
  constructor(message: string, readonly line: number, readonly column: number, readonly duplicateKey: boolean) {
    super(message);
  }
}

/** Most values a document may expand to: aliases (`*name`) that multiply themselves are refused. */
const MAX_VALUES = 10_000;

/** Throws when a value, with its aliases expanded, holds more than MAX_VALUES values. */
function checkExpansion(value: unknown): void {
  let left = MAX_VALUES;
  const walk = (v: unknown): void => {
    if (--left < 0) { throw new YamlError(`its aliases (*name) expand to more than ${MAX_VALUES} values`, 1, 1, false); }
    if (Array.isArray(v)) { v.forEach(walk); } else if (v && typeof v === 'object') { Object.values(v).forEach(walk); }
  };
  walk(value);
}

export function readYaml(text: string): unknown {
  let value: unknown;
  try {
    value = load(text, { schema: CORE_SCHEMA, json: false });
  } catch (e) {
    if (e instanceof YAMLException) {
      const reason = (e.reason || e.message.split('\n')[0] || 'not valid YAML').replace(/ \(\d+:\d+\)$/, '');
      throw new YamlError(reason, (e.mark?.line ?? 0) + 1, (e.mark?.column ?? 0) + 1, /duplicated mapping key/.test(reason));
    }
    throw e;
  }
  checkExpansion(value);
  return value;
}

/** Where each top-level key of a mapping starts (1-based), read from the text itself. */
export function topLevelKeys(text: string): Map<string, { line: number; column: number }> {
  const out = new Map<string, { line: number; column: number }>();
  text.split(/\r?\n/).forEach((l, i) => {
    const m = /^(?:"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)'|([^\s#'"\-?:,[\]{}][^:#]*?|-[^\s:#][^:#]*?))[ \t]*:(?:[ \t]|$)/.exec(l);
    if (!m) { return; }
    const key = m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2] !== undefined ? m[2].replace(/''/g, "'") : (m[3] ?? '');
    if (!out.has(key)) { out.set(key, { line: i + 1, column: 1 }); }
  });
  return out;
}

/** A mapping as block YAML, one field a line, never folded; lists inline when `flowLists`. */
export function writeYaml(value: Record<string, unknown>, opts: { flowLists?: boolean } = {}): string {
  const text = dump(value, { schema: CORE_SCHEMA, lineWidth: -1, noRefs: true, quotingType: '"', ...(opts.flowLists ? { flowLevel: 1 } : {}) });
  return text;
}
