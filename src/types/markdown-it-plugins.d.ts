// These markdown-it plugins ship no type declarations.
declare module 'markdown-it-mark' {
  import type MarkdownIt from 'markdown-it';
  const plugin: (md: MarkdownIt.MarkdownIt) => void;
  export default plugin;
}
declare module 'markdown-it-sub' {
  import type MarkdownIt from 'markdown-it';
  const plugin: (md: MarkdownIt.MarkdownIt) => void;
  export default plugin;
}
declare module 'markdown-it-sup' {
  import type MarkdownIt from 'markdown-it';
  const plugin: (md: MarkdownIt.MarkdownIt) => void;
  export default plugin;
}
declare module '@joplin/turndown-plugin-gfm' {
  import type TurndownService from 'turndown';
  export const gfm: TurndownService.Plugin;
  export const tables: TurndownService.Plugin;
  export const strikethrough: TurndownService.Plugin;
  export const taskListItems: TurndownService.Plugin;
}
