/**
 * Demo content for the sandbox and screenshots: posts and pages in every status, with tags and
 * images, created through the Admin API as a writer's site would have them.
 */
import { deflateSync } from 'node:zlib';
import { adminRequest } from './adminHttp';
import type { GhostServer } from './server';

/** A small solid-colour PNG, made here so the demo needs no image files. */
export function solidPng(width: number, height: number, rgb: [number, number, number]): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) { c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; }
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) { c = (crcTable[(c ^ b) & 0xff] as number) ^ (c >>> 8); }
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => rgb).flat())]);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0)),
  ]);
}

async function upload(server: GhostServer, name: string, rgb: [number, number, number]): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([solidPng(96, 64, rgb)], { type: 'image/png' }), name);
  form.append('purpose', 'image');
  const res = await adminRequest<{ images: Array<{ url: string }> }>(server, 'POST', 'images/upload/', { key: server.integrationKey, form });
  return res.body.images[0]?.url ?? '';
}

const PARAGRAPH = 'Ghost Author turns Markdown into Ghost posts: front matter becomes fields, local images are uploaded once, and edits made in Ghost are never overwritten.';

export async function seedDemoContent(server: GhostServer): Promise<void> {
  const images = [
    await upload(server, 'sunrise.png', [240, 160, 80]),
    await upload(server, 'ocean.png', [60, 130, 200]),
    await upload(server, 'forest.png', [70, 150, 90]),
  ];
  const day = 864e5;
  const posts: Array<Record<string, unknown>> = [
    { title: 'Welcome to the sandbox', status: 'published', tags: ['Getting started'], feature_image: images[0] },
    { title: 'Writing in Markdown', status: 'published', tags: ['Guides', 'Markdown'], feature_image: images[1] },
    { title: 'Images that upload themselves', status: 'published', tags: ['Guides'], feature_image: images[2] },
    { title: 'Conflicts, explained', status: 'published', tags: ['Guides'] },
    { title: 'Draft: notes on the next release', status: 'draft', tags: ['Notes'] },
    { title: 'Draft: an interview in progress', status: 'draft', tags: ['Interviews'] },
    { title: 'Draft: reading list', status: 'draft' },
    { title: 'Scheduled: the weekly roundup', status: 'scheduled', published_at: new Date(Date.now() + 3 * day).toISOString(), tags: ['Roundup'] },
    { title: 'Scheduled: a year in review', status: 'scheduled', published_at: new Date(Date.now() + 30 * day).toISOString(), tags: ['Roundup'], feature_image: images[0] },
  ];
  for (const p of posts) {
    const html = `<p>${PARAGRAPH}</p><figure class="kg-card kg-image-card"><img src="${images[posts.indexOf(p) % 3] ?? ''}" alt=""></figure><h2>A section</h2><p>More words for ${String(p.title)}.</p>`;
    await adminRequest(server, 'POST', 'posts/?source=html', {
      key: server.integrationKey,
      body: { posts: [{ ...p, tags: (p.tags as string[] | undefined)?.map((name) => ({ name })), html }] },
    });
  }
  for (const p of [{ title: 'About', status: 'published' }, { title: 'Contact', status: 'published' }, { title: 'Style guide (draft)', status: 'draft' }]) {
    await adminRequest(server, 'POST', 'pages/?source=html', { key: server.integrationKey, body: { pages: [{ ...p, html: `<p>${PARAGRAPH}</p>` }] } });
  }
}
