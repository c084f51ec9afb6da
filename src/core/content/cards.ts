/** Names and markers shared by the Markdown, Lexical and HTML converters (no dependencies: the lazily loaded HTML converter uses them too). */

/**
 * GitHub's alerts (`> [!NOTE]`, `[!TIP]`, `[!IMPORTANT]`, `[!WARNING]`, `[!CAUTION]`) as Ghost
 * callouts, each with its emoji and colour; `> [!callout|🔥|pink]` names both (Obsidian's
 * `[!type|metadata]` form; an empty emoji means none).
 */
export const CALLOUTS: Readonly<Record<string, { emoji: string; color: string }>> = {
  NOTE: { emoji: 'ℹ️', color: 'blue' },
  TIP: { emoji: '💡', color: 'green' },
  IMPORTANT: { emoji: '❗', color: 'purple' },
  WARNING: { emoji: '⚠️', color: 'yellow' },
  CAUTION: { emoji: '🛑', color: 'red' },
};

/** The marker a callout quote opens with: `[!NOTE]`, or `[!callout|emoji|colour]`. */
export const ALERT = /^\[!(\w+)(?:\|([^|\]\n]*))?(?:\|([a-z0-9-]*))?\][ \t]*(?:\n|$)/i;

/** A callout's emoji and colour from its marker's parts; undefined when the kind is not one. */
export function calloutStyle(kind: string, emoji: string | undefined, color: string | undefined): { emoji: string; color: string } | undefined {
  const k = kind.toUpperCase();
  if (k === 'CALLOUT') { return { emoji: (emoji ?? '').trim(), color: color || 'grey' }; }
  return CALLOUTS[k];
}

/** Addresses Ghost embeds (a player, a post) rather than bookmarks, when it can reach them. */
export const EMBED_PROVIDERS = /^https?:\/\/(?:www\.|m\.)?(?:youtube\.com\/(?:watch|shorts|embed)|youtu\.be\/|vimeo\.com\/\d|(?:twitter|x)\.com\/\w+\/status\/|open\.spotify\.com\/|soundcloud\.com\/|codepen\.io\/[^/]+\/pen\/|(?:www\.)?instagram\.com\/(?:p|reel)\/|(?:www\.)?tiktok\.com\/@[^/]+\/video\/)/i;

/**
 * Who sees an HTML card (Lexical's card visibility): `::: web-only` and `::: email-only` blocks.
 * Ghost honours visibility on HTML cards, so such a block is sent as one.
 */
export const EVERYONE = 'status:free,status:-free';
export const VISIBILITY = {
  'web-only': { web: { nonMember: true, memberSegment: EVERYONE }, email: { memberSegment: '' } },
  'email-only': { web: { nonMember: false, memberSegment: '' }, email: { memberSegment: EVERYONE } },
} as const;
export type Audience = keyof typeof VISIBILITY;

/** Where the free preview of a post ends (Ghost's own marker). */
export const PAYWALL = '<!--members-only-->';

export const HTML_CARD_BEGIN = '<!--kg-card-begin: html-->';
export const HTML_CARD_END = '<!--kg-card-end: html-->';
