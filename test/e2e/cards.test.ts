/**
 * Ghost-native content on real Ghost 6 and 5: cards written from Markdown, read back into it.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAdminKey } from '../../src/core/ghost/adminKey';
import { GhostClient } from '../../src/core/ghost/client';
import { parseSiteUrl } from '../../src/core/ghost/siteUrl';
import { publishFile, pullPost, type PublishContext } from '../../src/core/publish/engine';
import { StateStore } from '../../src/core/publish/state';
import { canonNode } from '../../src/core/content/fromLexical';
import type { LexNode } from '../../src/core/content/lexical';
import { solidPng } from '../support/ghost/seed';
import { headerOnlyMp4, onePagePdf, silentWav } from '../support/mediaFiles';
import { ONE_OF_EACH_TYPES, oneOfEachHtml, uploadOneOfEach } from '../support/oneOfEach';
import { MAJORS, server } from './servers';

const nodesOf = (lexical: unknown) => (JSON.parse(String(lexical)) as { root: { children: LexNode[] } }).root.children;

const FULL = { formats: ['html', 'lexical'], include: ['tags', 'authors'] };

for (const major of MAJORS) {
  describe(`cards on real Ghost ${major}`, function () {
    this.timeout(60_000);
    let dir: string;
    let ctx: PublishContext;
    const client = () => GhostClient.withKey(parseSiteUrl(server(major).url), parseAdminKey(server(major).integrationKey), { userAgent: 'e2e' });
    beforeEach(async () => {
      dir = await fs.mkdtemp(path.join(os.tmpdir(), `ga-cards${major}-`));
      ctx = { client: client(), state: new StateStore(dir) };
    });
    afterEach(async () => { await fs.rm(dir, { recursive: true, force: true }); });
    /** Writes and pushes a new file: the push must create its post. */
    const create = async (name: string, text: string) => {
      const f = path.join(dir, name);
      await fs.writeFile(f, text);
      const res = await publishFile(f, text, ctx);
      if (res.kind !== 'created') { throw new Error(res.kind); }
      return { f, res, post: await client().posts.read(res.post.id, FULL) };
    };
    /** Pulls a post into another checkout, one with no record of it. */
    const pullFresh = async (id: string) => pullPost(id, { ...ctx, state: new StateStore(await fs.mkdtemp(path.join(os.tmpdir(), 'ga-cards-pull-'))) }, {});

    it('the "one of each" post, its media uploaded and its HTML converted by Ghost: pull, unchanged push sends nothing, one paragraph edited keeps all 16 nodes in place', async () => {
      const uploaded = await uploadOneOfEach(client());
      const html = oneOfEachHtml(server(major).url, uploaded);
      const made = await client().posts.create({ title: 'One of each card', html }, { source: 'html' });
      const original = nodesOf((await client().posts.read(made.id, FULL)).lexical);
      assert.deepEqual(original.map((n) => n.type), ONE_OF_EACH_TYPES);
      // The cards point at the files just uploaded.
      assert.deepEqual([original[0]?.src, original[10]?.src, original[11]?.src, original[12]?.src, original[13]?.productImageSrc],
        ['harbour-wall.png', 'waves.mp4', 'foghorn.wav', 'tide-table.pdf', 'flask.png'].map((n) => uploaded.get(n)));
      const target = path.join(dir, 'cards.md');
      const pulled = await pullPost(made.id, ctx, { file: target });
      await fs.writeFile(target, pulled.text);
      assert.match(pulled.text, /\nrender: lexical\n/);
      assert.match(pulled.text, /\n<!--members-only-->\n/);
      assert.equal((pulled.text.match(/```ghost-card\n/g) ?? []).length, 8, pulled.text);
      const http = (ctx.client as unknown as { http: { stats: { requests: number; writes: number } } }).http;
      const before = http.stats.requests;
      assert.equal((await publishFile(target, pulled.text, ctx)).kind, 'unchanged');
      assert.equal(http.stats.requests, before, 'an unchanged push sends nothing');
      const edited = pulled.text.replace(/\nThe tide was out when we set off along the wall\.\n/, '\nThe tide was out, edited in the file.\n');
      assert.notEqual(edited, pulled.text);
      await fs.writeFile(target, edited);
      assert.equal((await publishFile(target, edited, ctx)).kind, 'updated');
      const after = await client().posts.read(made.id, FULL);
      const nodes = nodesOf(after.lexical);
      assert.deepEqual(nodes.map((n) => n.type), original.map((n) => n.type));
      nodes.forEach((n, i) => {
        if (i === 1) {
          assert.equal((n.children as LexNode[])[0]?.text, 'The tide was out, edited in the file.');
        } else {
          assert.deepEqual(canonNode(n), canonNode(original[i] as LexNode), `node ${i} (${n.type})`);
        }
      });
      // Ghost renders every card of it (an unknown or broken node would cut the HTML short).
      for (const cls of ['kg-image-card', 'kg-gallery-card', 'kg-bookmark-card', 'kg-button-card', 'kg-callout-card', 'kg-toggle-card', 'kg-video-card', 'kg-audio-card', 'kg-file-card', 'kg-product-card', 'kg-header-card', 'kg-signup-card']) {
        assert.match(String(after.html), new RegExp(cls), cls);
      }
      assert.match(String(after.html), /<!--members-only-->/);
    });

    it('images: sizes read from the files; images one a line become a gallery Ghost keeps; pulled back and pushed unchanged', async () => {
      await fs.mkdir(path.join(dir, 'img'));
      await fs.writeFile(path.join(dir, 'img', 'a.png'), solidPng(64, 32, [200, 40, 40]));
      await fs.writeFile(path.join(dir, 'img', 'b.png'), solidPng(30, 60, [40, 200, 40]));
      const body = '![Alone](img/a.png "A caption"){.wide}\n\n![First](img/a.png)\n![Second](img/b.png)\n';
      const text = `---\ntitle: Images\n---\n${body}`;
      const { f, res, post } = await create('images.md', text);
      const [image, gallery] = nodesOf(post.lexical);
      assert.deepEqual([image?.type, image?.width, image?.height, image?.cardWidth, image?.caption], ['image', 64, 32, 'wide', 'A caption']);
      assert.equal(gallery?.type, 'gallery');
      assert.deepEqual((gallery?.images as Array<Record<string, unknown>>).map((i) => [i.width, i.height, i.row, i.alt]), [[64, 32, 0, 'First'], [30, 60, 0, 'Second']]);
      // Ghost drops gallery images it finds invalid: both are rendered.
      assert.equal((/<figure class="kg-card kg-gallery-card[\s\S]*?<\/figure>/.exec(String(post.html))?.[0].match(/<img /g) ?? []).length, 2, String(post.html));
      assert.match(String(post.html), /kg-image-card kg-width-wide[\s\S]*width="64" height="32"/);
      await fs.writeFile(f, res.newText);
      assert.equal((await publishFile(f, res.newText, ctx)).kind, 'unchanged');
      const pulled = await pullFresh(res.post.id);
      assert.match(pulled.text, /!\[Alone\]\(http[^)]+ "A caption"\)\{width=64 height=32 \.wide\}\n\n!\[First\]\(http[^)]+\)\{width=64 height=32\}\n!\[Second\]\(http[^)]+\)\{width=30 height=60\}\n$/);
    });

    it('bookmarks: a URL alone on its line is a bookmark card; offline, Ghost cannot read the page and the card shows the address', async () => {
      const text = '---\ntitle: Bookmark\n---\nRead this:\n\nhttps://example.invalid/an-article\n\nhttps://www.youtube.com/watch?v=abc123\n';
      const { f, res, post } = await create('bookmark.md', text);
      const [, card, video] = nodesOf(post.lexical);
      assert.equal(card?.type, 'bookmark');
      // A YouTube address is asked as an embed first; offline, Ghost has neither: a plain bookmark.
      assert.deepEqual([video?.type, video?.url], ['bookmark', 'https://www.youtube.com/watch?v=abc123']);
      assert.equal(card?.url, 'https://example.invalid/an-article');
      assert.equal((card?.metadata as Record<string, unknown>).title, 'https://example.invalid/an-article');
      assert.match(String(post.html), /kg-bookmark-card[\s\S]*href="https:\/\/example\.invalid\/an-article"/);
      await fs.writeFile(f, res.newText);
      assert.equal((await publishFile(f, res.newText, ctx)).kind, 'unchanged');
      const pulled = await pullFresh(res.post.id);
      assert.ok(pulled.text.endsWith('Read this:\n\nhttps://example.invalid/an-article\n\nhttps://www.youtube.com/watch?v=abc123\n'), pulled.text);
    });

    it('content for one audience: ::: email-only is left out of the web page, ::: web-only is shown there; both pull back as written', async () => {
      const body = 'For everyone.\n\n::: web-only\n\nOn the **web** only.\n\n:::\n\n::: email-only\n\nIn the email only.\n\n:::\n';
      const text = `---\ntitle: Audiences\n---\n${body}`;
      const { res, post } = await create('audience.md', text);
      assert.deepEqual(nodesOf(post.lexical).map((n) => n.type), ['paragraph', 'html', 'html']);
      assert.match(String(post.html), /On the <strong>web<\/strong> only\./);
      assert.doesNotMatch(String(post.html), /In the email only/);
      const pulled = await pullFresh(res.post.id);
      assert.ok(pulled.text.endsWith(body), pulled.text);
    });

    it('audio, video and files: local files are uploaded to Ghost\'s media and files, with the duration, size and file size their cards need', async () => {
      await fs.mkdir(path.join(dir, 'media'));
      await fs.writeFile(path.join(dir, 'media', 'talk.wav'), silentWav(2));
      await fs.writeFile(path.join(dir, 'media', 'clip.mp4'), headerOnlyMp4(2500, 320, 240));
      await fs.writeFile(path.join(dir, 'media', 'report.pdf'), onePagePdf());
      await fs.writeFile(path.join(dir, 'media', 'poster.png'), solidPng(32, 24, [40, 90, 160]));
      const body = '![The talk](media/talk.wav)\n\n![](media/clip.mp4 "Filmed at dawn"){thumbnail=media/poster.png}\n\n[The annual report](media/report.pdf)\n';
      const text = `---\ntitle: Media\n---\n${body}`;
      const { f, res } = await create('media.md', text);
      assert.equal(res.uploaded, 4);
      const post = await client().posts.read(res.post.id, FULL);
      const [audio, video, file] = nodesOf(post.lexical);
      assert.deepEqual([audio?.type, audio?.title, audio?.duration, audio?.mimeType], ['audio', 'The talk', 2, 'audio/wav']);
      assert.match(String(audio?.src), /\/content\/media\/.*talk.*\.wav$/);
      assert.deepEqual([video?.type, video?.width, video?.height, video?.duration, video?.caption, video?.fileName], ['video', 320, 240, 2.5, 'Filmed at dawn', 'clip.mp4']);
      assert.match(String(video?.src), /\/content\/media\/.*clip.*\.mp4$/);
      // The thumbnail, uploaded as an image: Ghost shows it on the web and in the email.
      assert.match(String(video?.customThumbnailSrc), /\/content\/images\/.*poster.*\.png$/);
      assert.deepEqual([video?.thumbnailWidth, video?.thumbnailHeight], [32, 24]);
      assert.ok(String(post.html).includes(`url('${String(video?.customThumbnailSrc)}')`), 'Ghost renders the video with its thumbnail');
      assert.deepEqual([file?.type, file?.fileTitle, file?.fileName, file?.fileSize], ['file', 'The annual report', 'report.pdf', onePagePdf().length]);
      assert.match(String(file?.src), /\/content\/files\/.*report.*\.pdf$/);
      assert.match(String(post.html), /kg-audio-card[\s\S]*kg-video-card[\s\S]*kg-file-card/);
      await fs.writeFile(f, res.newText);
      assert.equal((await publishFile(f, res.newText, ctx)).kind, 'unchanged');
      // Edited: nothing is uploaded again.
      const again = await publishFile(f, res.newText.replace('The annual report', 'The report'), ctx);
      assert.equal(again.kind, 'updated');
      assert.equal(again.uploaded, 0);
    });

    it('product, header, signup and call-to-action cards from ghost-card blocks in YAML, rendered by Ghost', async () => {
      const yaml = (lines: string[]) => ['```ghost-card', ...lines, '```', ''].join('\n');
      const body = [
        yaml(['type: product', 'productTitle: Good shoes', 'productDescription: Made to last.', 'productButtonEnabled: true', 'productButton: Buy', 'productUrl: https://example.com/buy']),
        yaml(['type: header', 'header: Welcome', 'subheader: To the site']),
        yaml(['type: signup', 'header: Join us', 'buttonText: Sign up']),
        ...(major === 6 ? [yaml(['type: call-to-action', 'textValue: <p>Support the work</p>', 'buttonUrl: https://example.com/support'])] : []),
      ].join('\n');
      const text = `---\ntitle: Rich cards\n---\n${body}`;
      const { post } = await create('rich.md', text);
      assert.deepEqual(nodesOf(post.lexical).map((n) => n.type), ['product', 'header', 'signup', ...(major === 6 ? ['call-to-action'] : [])]);
      const html = String(post.html);
      assert.match(html, /kg-product-card[\s\S]*Good shoes[\s\S]*href="https:\/\/example\.com\/buy"/);
      assert.match(html, /kg-header-card[\s\S]*Welcome/);
      assert.match(html, /kg-signup-card[\s\S]*Join us/);
      if (major === 6) { assert.match(html, /kg-cta-card[\s\S]*Support the work/); }
    });

    it('the paywall: <!--members-only--> becomes Ghost’s paywall card, survives a pull, and pushes back unchanged', async () => {
      const text = '---\ntitle: Paywalled\nvisibility: members\n---\nThe free preview.\n\n<!--members-only-->\n\nOnly for members.\n';
      const { res, post } = await create('paywall.md', text);
      const types = (JSON.parse(String(post.lexical)) as { root: { children: Array<{ type: string }> } }).root.children.map((c) => c.type);
      assert.deepEqual(types, ['paragraph', 'paywall', 'paragraph']);
      assert.match(String(post.html), /The free preview\.<\/p>\s*<!--members-only-->\s*<p>Only for members\./);
      const other = await fs.mkdtemp(path.join(os.tmpdir(), 'ga-cards-pull-'));
      try {
        const pullCtx: PublishContext = { ...ctx, state: new StateStore(other) };
        const target = path.join(other, 'pulled.md');
        const pulled = await pullPost(res.post.id, pullCtx, { file: target });
        assert.match(pulled.text, /The free preview\.\n\n<!--members-only-->\n\nOnly for members\./);
        await fs.writeFile(target, pulled.text);
        assert.equal((await publishFile(target, pulled.text, pullCtx)).kind, 'unchanged');
        // Edited after the pull: the paywall is still there in Ghost.
        const edited = await publishFile(target, pulled.text.replace('Only for members.', 'Only for members, edited.'), pullCtx);
        assert.equal(edited.kind, 'updated');
        assert.match(String((await client().posts.read(res.post.id, FULL)).html), /<!--members-only-->\s*<p>Only for members, edited\./);
      } finally {
        await fs.rm(other, { recursive: true, force: true });
      }
    });

    it('callouts: GitHub alerts and [!callout|emoji|colour] become callout cards and pull back as written', async () => {
      const body = '> [!TIP]\n> Use **bold** here.\n\n> [!callout|🔥|pink]\n> Hot.\n';
      const text = `---\ntitle: Callouts\n---\n${body}`;
      const { res, post } = await create('callouts.md', text);
      const nodes = (JSON.parse(String(post.lexical)) as { root: { children: Array<Record<string, unknown>> } }).root.children;
      assert.deepEqual(nodes.map((n) => [n.type, n.calloutEmoji, n.backgroundColor]), [['callout', '💡', 'green'], ['callout', '🔥', 'pink']]);
      assert.match(String(post.html), /kg-callout-card-green[\s\S]*Use <strong>bold<\/strong> here\./);
      const other = await fs.mkdtemp(path.join(os.tmpdir(), 'ga-cards-pull-'));
      try {
        const pullCtx: PublishContext = { ...ctx, state: new StateStore(other) };
        const target = path.join(other, 'pulled.md');
        const pulled = await pullPost(res.post.id, pullCtx, { file: target });
        assert.ok(pulled.text.endsWith(body), pulled.text);
        await fs.writeFile(target, pulled.text);
        const edited = await publishFile(target, pulled.text.replace('Hot.', 'Hot, edited.'), pullCtx);
        assert.equal(edited.kind, 'updated');
        const again = (JSON.parse(String((await client().posts.read(res.post.id, FULL)).lexical)) as { root: { children: Array<Record<string, unknown>> } }).root.children;
        assert.deepEqual(again.map((n) => [n.type, n.calloutText]), [['callout', 'Use <strong>bold</strong> here.'], ['callout', 'Hot, edited.']]);
      } finally {
        await fs.rm(other, { recursive: true, force: true });
      }
    });

    it('toggles: <details><summary> becomes a toggle card and pulls back as written', async () => {
      const body = '<details><summary>Read more</summary>\n\nHidden **words**.\n\n</details>\n';
      const text = `---\ntitle: Toggle\n---\n${body}`;
      const { res, post } = await create('toggle.md', text);
      const nodes = (JSON.parse(String(post.lexical)) as { root: { children: Array<Record<string, unknown>> } }).root.children;
      assert.deepEqual(nodes.map((n) => [n.type, n.heading, n.content]), [['toggle', 'Read more', '<p>Hidden <strong>words</strong>.</p>']]);
      assert.match(String(post.html), /kg-toggle-card[\s\S]*Read more[\s\S]*Hidden <strong>words<\/strong>/);
      const pulled = await pullFresh(res.post.id);
      assert.ok(pulled.text.endsWith(body), pulled.text);
    });

    it('render: html is Ghost\'s own import (?source=html): Ghost converts the HTML, an unchanged push sends nothing, an edit updates in place', async () => {
      const text = '---\ntitle: Imported by Ghost\nrender: html\n---\n\nFirst **words**.\n\n> [!NOTE]\n> A note.\n';
      const { f, res, post } = await create('import.md', text);
      const nodes = nodesOf(post.lexical);
      assert.equal(nodes[0]?.type, 'paragraph');
      assert.match(String(post.html), /First <strong>words<\/strong>\./);
      // Ghost's conversion keeps no mark of ours: the post is known by this checkout's record.
      assert.doesNotMatch(String(post.lexical), /ghostAuthor/);
      const http = (ctx.client as unknown as { http: { stats: { requests: number } } }).http;
      const before = http.stats.requests;
      const linked = res.kind === 'created' ? res.newText : text;
      assert.equal((await publishFile(f, linked, ctx)).kind, 'unchanged');
      assert.equal(http.stats.requests, before, 'an unchanged push sends nothing');
      const edited = linked.replace('First', 'Changed');
      assert.equal((await publishFile(f, edited, ctx)).kind, 'updated');
      const after = await client().posts.read(res.post.id, FULL);
      assert.match(String(after.html), /Changed <strong>words<\/strong>\./);
      // No second post: the update went to the one the first push made.
      assert.deepEqual((await client().posts.browse({ filter: `title:'Imported by Ghost'`, fields: ['id'] })).items.map((x) => x.id), [res.post.id]);
    });
  });
}
