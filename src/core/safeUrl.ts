// Which URLs from a site or a repository may be followed: VS Code opens only http(s) in the
// browser (never command:, vscode:, file: and the like a server could answer), and content shown
// in a webview or a preview links only to http(s), mailto and places in the same document.

/** The URL as a browser reads an attribute or a link: entities decoded, tabs and newlines gone. */
function asBrowserReads(raw: string): string {
  return raw
    .replace(/&#x([0-9a-f]+);?/gi, (_, h: string) => String.fromCodePoint(Math.min(Number.parseInt(h, 16), 0x10ffff)))
    .replace(/&#(\d+);?/g, (_, d: string) => String.fromCodePoint(Math.min(Number(d), 0x10ffff)))
    .replace(/&colon;/gi, ':').replace(/&tab;|&newline;/gi, '').replace(/&amp;/gi, '&')
    // Browsers drop ASCII tabs and newlines anywhere in a URL, and leading controls and spaces.
    .replace(/[\t\n\r]/g, '').replace(/^[\u0000-\u0020]+/, '');
}

/** The scheme, lower-cased, or undefined for a URL without one (relative, or in the document). */
function schemeOf(url: string): string | undefined {
  const m = /^([a-z][a-z0-9+.-]*):/i.exec(url);
  return m?.[1]?.toLowerCase();
}

/** True for an absolute http: or https: URL: the only ones handed to the system's browser. */
export function isWebUrl(url: string): boolean {
  const s = schemeOf(asBrowserReads(url));
  if (s !== 'http' && s !== 'https') { return false; }
  try { return new URL(url).protocol === `${s}:`; } catch { return false; }
}

/**
 * The link as given when it may stay in shown content: http(s), mailto, or a place in the same
 * document (`#…`). Undefined for anything else (javascript:, data:, command:, vscode:, file:,
 * relative paths, and whatever hides its scheme behind an entity the check cannot read).
 */
export function safeLinkHref(raw: string): string | undefined {
  const url = asBrowserReads(raw);
  if (url.startsWith('#')) { return raw; }
  const s = schemeOf(url);
  // A named entity left before the scheme's colon could spell something else: refused.
  if (url.slice(0, url.indexOf(':') + 1).includes('&')) { return undefined; }
  return s === 'http' || s === 'https' || s === 'mailto' ? raw : undefined;
}

/** A short, quoted form of a refused URL for a message (never the whole of a long one). */
export function describeUrl(url: string): string {
  const oneLine = url.replace(/[\u0000-\u001f\u007f]/g, ' ');
  return JSON.stringify(oneLine.length > 80 ? `${oneLine.slice(0, 77)}…` : oneLine);
}
