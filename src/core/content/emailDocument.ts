// The email preview's webview document, built whole here: its own head first, holding the CSP
// and the title, and the email's HTML after it in the body. Nothing in the email can come before
// the CSP (a browser ignores a second head, and a CSP meta outside the first head): a comment
// reading `<head>` or a `<header>` moves nothing. Scripts and CSP metas are dropped, and every link
// that is not http(s), mailto or in the document loses its target.
import { safeLinkHref } from '../safeUrl';

/** No script, no frame, no form; images, inline styles and fonts only; no <base> may move links. */
export const EMAIL_CSP = 'default-src \'none\'; img-src https: http: data:; style-src \'unsafe-inline\'; font-src https: data:; base-uri \'none\'; form-action \'none\';';

const escapeAttr = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Every link-bearing attribute a browser could read (`href`, `xlink:href`, `action`, `formaction`),
 * wherever it appears: after a space, a slash or a closing quote, as browsers accept, quoted or not.
 * Over-matching rewrites only text that looked like an attribute, which is harmless.
 */
const LINK_ATTR = /([\s/"'])((?:xlink:)?href|action|formaction)(\s*=\s*)("[^"]*"|'[^']*'|[^\s>]*)/gi;

/** The HTML with each link that may not stay made inert (its attribute renamed, its target gone). */
export function neutraliseLinks(html: string): string {
  return html.replace(LINK_ATTR, (all, before: string, name: string, _eq: string, value: string) => {
    const raw = /^["']/.test(value) ? value.slice(1, -1) : value;
    if (name.toLowerCase() !== 'action' && name.toLowerCase() !== 'formaction' && safeLinkHref(raw) !== undefined) { return all; }
    return `${before}data-ga-removed-${name.replace(':', '-')}`;
  });
}

/** The email's HTML made safe to show: no script can run, nothing loads but images, styles and fonts. */
export function emailDocument(html: string, subject: string): string {
  const clean = neutraliseLinks(html
    .replace(/<script\b[\s\S]*?(?:<\/script\s*>|$)/gi, '')
    .replace(/<meta\b[^>]*http-equiv\s*=\s*["']?\s*content-security-policy[^>]*>/gi, ''));
  return `<!doctype html>\n<html>\n<head>\n<meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy" content="${EMAIL_CSP}">\n<title>${escapeAttr(subject)}</title>\n</head>\n<body>\n${clean}\n</body>\n</html>\n`;
}
