/**
 * "One of each": a post holding every kind of node Ghost makes from HTML, sixteen in all (image,
 * paragraph, HTML, gallery, rule, bookmark, paywall, button, callout, toggle, video, audio, file,
 * product, header, signup), written for these tests in test/fixtures/one-of-each.html. Its
 * images, video, audio and PDF are built here (solid-colour PNGs, a header-only MP4, silence, a
 * one-page PDF), so the e2e tier can upload them and post the HTML pointing at them.
 *
 * test/fixtures/one-of-each.ghost6.json and .ghost5.json are what real Ghost 6 and 5 make of that
 * HTML (posted with ?source=html, read back as Lexical, the site's address written as
 * https://example.com). After changing the HTML, make them again with real Ghost (installed into
 * the test cache if missing): npm run compile && node out/test/support/oneOfEach.js [6|5]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAdminKey } from '../../src/core/ghost/adminKey';
import { GhostClient } from '../../src/core/ghost/client';
import { parseSiteUrl } from '../../src/core/ghost/siteUrl';
import type { GhostMajor } from './ghost/install';
import { solidPng } from './ghost/seed';
import { headerOnlyMp4, onePagePdf, silentWav } from './mediaFiles';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures');
export const ONE_OF_EACH_HTML = path.join(FIXTURES, 'one-of-each.html');
export const oneOfEachLexical = (major: GhostMajor) => path.join(FIXTURES, `one-of-each.ghost${major}.json`);

/** The node types of the post, in order. */
export const ONE_OF_EACH_TYPES = ['image', 'paragraph', 'html', 'gallery', 'horizontalrule', 'bookmark', 'paywall', 'button', 'callout', 'toggle', 'video', 'audio', 'file', 'product', 'header', 'signup'];

export interface MediaFile {
  /** Where the HTML points: `__GHOST_URL__/content/<kind>/2026/12/<name>`. */
  kind: 'images' | 'media' | 'files';
  name: string;
  type: string;
  bytes: Buffer;
}

/** The post's media, at the sizes (and duration) its HTML says. */
export function oneOfEachMedia(): MediaFile[] {
  const png = (name: string, w: number, h: number, rgb: [number, number, number]): MediaFile => ({ kind: 'images', name, type: 'image/png', bytes: solidPng(w, h, rgb) });
  return [
    png('harbour-wall.png', 96, 40, [120, 110, 100]),
    png('gull.png', 48, 48, [235, 235, 230]),
    png('lighthouse.png', 30, 60, [200, 40, 40]),
    png('waves-poster.png', 320, 180, [30, 80, 120]),
    png('flask.png', 60, 60, [150, 160, 170]),
    { kind: 'media', name: 'waves.mp4', type: 'video/mp4', bytes: headerOnlyMp4(12_000, 320, 180) },
    { kind: 'media', name: 'foghorn.wav', type: 'audio/wav', bytes: silentWav(3) },
    { kind: 'files', name: 'tide-table.pdf', type: 'application/pdf', bytes: onePagePdf() },
  ];
}

/**
 * The post's HTML for a site: its address in place of `__GHOST_URL__`, and each media file at the
 * URL `uploaded` gives for it (when given; else where the HTML says).
 */
export function oneOfEachHtml(siteUrl: string, uploaded?: ReadonlyMap<string, string>): string {
  let html = fs.readFileSync(ONE_OF_EACH_HTML, 'utf8');
  for (const [name, url] of uploaded ?? []) {
    const at = new RegExp(`__GHOST_URL__/content/(?:images|media|files)/2026/12/${name.replace(/\./g, '\\.')}(?=")`, 'g');
    if (!at.test(html)) { throw new Error(`the HTML does not show ${name}`); }
    html = html.replace(at, url);
  }
  return html.split('__GHOST_URL__').join(siteUrl.replace(/\/$/, ''));
}

/** Uploads the post's media to a site; returns each file's URL there, by name. */
export async function uploadOneOfEach(client: GhostClient): Promise<Map<string, string>> {
  const urls = new Map<string, string>();
  for (const m of oneOfEachMedia()) {
    const { url } = m.kind === 'images' ? await client.uploadImage(m.name, { data: m.bytes })
      : m.kind === 'media' ? await client.uploadMedia(m.name, m.type, m.bytes)
        : await client.uploadFile(m.name, m.type, m.bytes);
    urls.set(m.name, url);
  }
  return urls;
}

/** What a real Ghost makes of the HTML, as Lexical with the site's address as https://example.com. */
export async function convertOnGhost(major: GhostMajor): Promise<string> {
  // Loaded here: the unit tier reads the fixtures through this module without the e2e harness.
  const { startGhost } = await import('./ghost/server.js');
  const server = await startGhost({ major });
  try {
    const client = GhostClient.withKey(parseSiteUrl(server.url), parseAdminKey(server.integrationKey), { userAgent: 'one-of-each' });
    const made = await client.posts.create({ title: 'One of each', html: oneOfEachHtml(server.url) }, { source: 'html' });
    const lexical = String((await client.posts.read(made.id, { formats: ['lexical'] })).lexical);
    return `${JSON.stringify(JSON.parse(lexical.split(server.url).join('https://example.com')), null, 1)}\n`;
  } finally {
    await server.stop();
  }
}

/** Writes the Lexical fixtures: of Ghost 6 and 5, or of the majors named (`… oneOfEach.js 6`). */
async function main(): Promise<void> {
  const named = process.argv.slice(2).map(Number).filter((n): n is GhostMajor => n === 5 || n === 6);
  for (const major of named.length ? named : [6, 5] as const) {
    const json = await convertOnGhost(major);
    const types = (JSON.parse(json) as { root: { children: Array<{ type: string }> } }).root.children.map((n) => n.type);
    if (types.join() !== ONE_OF_EACH_TYPES.join()) { throw new Error(`Ghost ${major} made ${types.join(', ')} of the HTML`); }
    fs.writeFileSync(oneOfEachLexical(major), json);
    console.log(`wrote ${path.relative(process.cwd(), oneOfEachLexical(major))}`);
  }
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
