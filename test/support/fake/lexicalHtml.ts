/**
 * The HTML Ghost renders from a Lexical document, for the fake Ghost: the nodes and cards this
 * project writes, rendered the way Ghost's renderer does in substance (tags, text, sources).
 */
import MarkdownIt from 'markdown-it';

type Node = { type?: string; children?: Node[]; [k: string]: unknown };

const esc = (s: unknown) => String(s ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const FORMATS: Array<[number, string]> = [[1, 'strong'], [2, 'em'], [4, 's'], [8, 'u'], [16, 'code'], [32, 'sub'], [64, 'sup'], [128, 'mark']];
const md = new MarkdownIt({ html: true, linkify: true });

function inline(nodes: Node[] = []): string {
  return nodes.map((n) => {
    if (n.type === 'extended-text' || n.type === 'text') {
      let out = esc(n.text);
      for (const [bit, tag] of [...FORMATS].reverse()) { if ((Number(n.format) & bit) !== 0) { out = `<${tag}>${out}</${tag}>`; } }
      return out;
    }
    if (n.type === 'linebreak') { return '<br>'; }
    if (n.type === 'link') { return `<a href="${esc(n.url)}">${inline(n.children)}</a>`; }
    return block(n);
  }).join('');
}

function block(n: Node): string {
  switch (n.type) {
    case 'paragraph': return `<p>${inline(n.children)}</p>`;
    case 'extended-heading': case 'heading': return `<${String(n.tag)}>${inline(n.children)}</${String(n.tag)}>`;
    case 'extended-quote': case 'quote': return `<blockquote>${inline(n.children)}</blockquote>`;
    case 'list': return `<${String(n.tag)}>${(n.children ?? []).map((li) => `<li>${inline(li.children)}</li>`).join('')}</${String(n.tag)}>`;
    case 'codeblock': return `<pre><code${n.language ? ` class="language-${esc(n.language)}"` : ''}>${esc(n.code)}</code></pre>`;
    case 'image': return `<figure class="kg-card kg-image-card"><img src="${esc(n.src)}" class="kg-image" alt="${esc(n.alt)}">${n.caption ? `<figcaption>${String(n.caption)}</figcaption>` : ''}</figure>`;
    case 'horizontalrule': return '<hr>';
    case 'html': return `<!--kg-card-begin: html-->${String(n.html)}<!--kg-card-end: html-->`;
    case 'markdown': return md.render(String(n.markdown ?? ''));
    default: return '';
  }
}

export function lexicalToHtml(lexical: unknown): string {
  try {
    const doc = JSON.parse(String(lexical)) as { root?: Node };
    return (doc.root?.children ?? []).map(block).join('');
  } catch {
    return '';
  }
}

/** What Ghost's HTML import makes of HTML, for the fake: the HTML kept whole in one HTML card. */
export function htmlToLexical(html: string): string {
  return JSON.stringify({ root: { type: 'root', version: 1, direction: null, format: '', indent: 0, children: [{ type: 'html', version: 1, html }] } });
}
