import type MarkdownIt from 'markdown-it';

type Token = MarkdownIt.Token;

/**
 * GitHub-style task lists (`- [ ] todo`, `- [x] done`) as disabled checkboxes. Written here
 * because the published plugins reach into markdown-it internals that version 15 no longer exports.
 */
export function taskLists(md: MarkdownIt.MarkdownIt): void {
  md.core.ruler.after('inline', 'ghost_task_lists', (state) => {
    const tokens = state.tokens;
    for (let i = 2; i < tokens.length; i++) {
      const inline = tokens[i] as Token;
      if (inline.type !== 'inline' || tokens[i - 1]?.type !== 'paragraph_open' || tokens[i - 2]?.type !== 'list_item_open') { continue; }
      const first = inline.children?.[0];
      const m = first?.type === 'text' ? /^\[([ xX])\][ \t]/.exec(first.content) : null;
      if (!m || !first) { continue; }
      first.content = first.content.slice(m[0].length);
      const box = new state.Token('html_inline', '', 0);
      box.content = `<input class="task-list-item-checkbox" type="checkbox" disabled${m[1] === ' ' ? '' : ' checked'}> `;
      inline.children?.unshift(box);
      (tokens[i - 2] as Token).attrJoin('class', 'task-list-item');
      for (let j = i - 3; j >= 0; j--) {
        const t = tokens[j] as Token;
        if ((t.type === 'bullet_list_open' || t.type === 'ordered_list_open') && t.level === (tokens[i - 2] as Token).level - 1) {
          if (!/contains-task-list/.test(String(t.attrGet('class') ?? ''))) { t.attrJoin('class', 'contains-task-list'); }
          break;
        }
      }
    }
  });
}
