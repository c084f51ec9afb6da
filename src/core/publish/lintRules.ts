/** The check's rules (see lint.ts): their ids, default severities and what each finds. */
export type Severity = 'error' | 'warning' | 'info';

/** Every rule, with its default severity and what it checks. */
export const RULES: Readonly<Record<string, { severity: Severity; about: string }>> = {
  'front-matter': { severity: 'error', about: 'front matter Ghost would refuse or read otherwise than written (fields over Ghost’s limits, unknown values)' },
  'link-target': { severity: 'warning', about: 'a link to a file that is missing, outside the project, not pushed or not published: readers get its words only' },
  template: { severity: 'warning', about: 'template syntax (Liquid, shortcodes) left out of the post' },
  image: { severity: 'error', about: 'a local image that is missing, outside the project, or of a type Ghost refuses' },
  'image-alt': { severity: 'warning', about: 'an image without alternative text' },
  'heading-level': { severity: 'warning', about: 'a heading that skips a level (## then ####)' },
  'search-length': { severity: 'info', about: 'a title or description longer than search engines and inboxes show' },
  'two-files': { severity: 'error', about: 'two files naming one post' },
  email: { severity: 'info', about: 'a post to be emailed holding what an email cannot play (an embed, a video, audio): subscribers get a link or a picture instead' },
  paywall: { severity: 'warning', about: 'a post for paying members emailed to free members with no <!--members-only--> line: they get the title and an upgrade button only' },
};
