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

/** Where the free preview of a post ends (Ghost's own marker). */
export const PAYWALL = '<!--members-only-->';

export const HTML_CARD_BEGIN = '<!--kg-card-begin: html-->';
export const HTML_CARD_END = '<!--kg-card-end: html-->';
