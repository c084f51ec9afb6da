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

/**
 * The fields of Ghost's richer cards with the values its editor starts them with (Koenig's
 * kg-default-nodes): a ghost-card block written in YAML names only what differs.
 */
export const CARD_DEFAULTS: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  product: {
    productImageSrc: '', productImageWidth: null, productImageHeight: null, productTitle: '', productDescription: '',
    productRatingEnabled: false, productStarRating: 5, productButtonEnabled: false, productButton: '', productUrl: '',
  },
  'call-to-action': {
    layout: 'minimal', alignment: 'left', textValue: '', showButton: true, showDividers: true, buttonText: 'Learn more', buttonUrl: '',
    buttonColor: '#000000', buttonTextColor: '#ffffff', hasSponsorLabel: true, sponsorLabel: '<p><span style="white-space: pre-wrap;">SPONSORED</span></p>',
    backgroundColor: 'grey', linkColor: 'text', imageUrl: '', imageWidth: null, imageHeight: null,
  },
  signup: {
    alignment: 'left', backgroundColor: '#F0F0F0', backgroundImageSrc: '', backgroundSize: 'cover', textColor: '', buttonColor: 'accent',
    buttonTextColor: '#FFFFFF', buttonText: 'Subscribe', disclaimer: '', header: '', labels: [], layout: 'wide', subheader: '',
    successMessage: 'Email sent! Check your inbox to complete your signup.', swapped: false,
  },
  // Version 2 is the header Ghost's editor makes now.
  header: {
    version: 2, size: 'small', style: 'dark', buttonEnabled: false, buttonUrl: '', buttonText: '', header: '', subheader: '', backgroundImageSrc: '',
    accentColor: '#FF1A75', alignment: 'center', backgroundColor: '#000000', backgroundImageWidth: null, backgroundImageHeight: null,
    backgroundSize: 'cover', textColor: '#FFFFFF', buttonColor: '#ffffff', buttonTextColor: '#000000', layout: 'full', swapped: false,
  },
};

/** Where the free preview of a post ends (Ghost's own marker). */
export const PAYWALL = '<!--members-only-->';

export const HTML_CARD_BEGIN = '<!--kg-card-begin: html-->';
export const HTML_CARD_END = '<!--kg-card-end: html-->';

/**
 * A fenced code block's info string: its language (the first word) and the code card's caption,
 * written `caption="…"` (or `title="…"`, as Docusaurus and MkDocs name it) with `\"` for a quote.
 */
export function codeInfo(info: string): { language: string; caption: string } {
  const CAPTION = /(?:^|\s)(?:caption|title)="((?:[^"\\]|\\.)*)"/;
  const m = CAPTION.exec(info);
  const caption = m ? (m[1] ?? '').replace(/\\(.)/g, '$1') : '';
  const first = info.trim().split(/\s+/)[0] ?? '';
  return { language: /^(?:caption|title)=/.test(first) ? '' : first, caption };
}

/** The info string that `codeInfo` reads back as this language and caption. */
export function codeInfoString(language: string, caption: string): string {
  return caption ? `${language}${language ? ' ' : ''}caption="${caption.replace(/["\\]/g, '\\$&')}"` : language;
}
