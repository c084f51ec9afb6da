// Text from a site (titles, excerpts, slugs, tag and author names) shown inside Markdown, as in the
// tree's hovers: every ASCII punctuation mark is backslash-escaped, so it reads as the words it is
// and never as a link, an image, HTML or a code span; line breaks become spaces.

/** The text as literal Markdown: it renders as itself. */
export function escapeMarkdown(text: string): string {
  return String(text).replace(/[\r\n]+/g, ' ').replace(/[!-/:-@[-`{-~]/g, '\\$&');
}
