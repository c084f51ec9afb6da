/**
 * The fake Ghost as a workflow site (test/support/workflow.ts): edits as Ghost Admin makes them,
 * Ghost's one-second clock moved by the sequence, lost answers, posts written in Ghost's editor,
 * every request that could send email counted.
 */
import { randomBytes } from 'node:crypto';
import type { PostLike } from '../../src/core/ghost/types';
import { ghostSlugify, type FakeGhost } from './fake/fakeGhost';
import { htmlToLexical, lexicalToHtml } from './fake/lexicalHtml';
import type { Site } from './workflow';

/**
 * The wide model (see generate's `wide`), on a site in New York's time zone: the default;
 * WORKFLOW_WIDE=0 runs the narrow model of earlier versions.
 */
export const WIDE = process.env.WORKFLOW_WIDE !== '0';

export function fakeSite(ghost: FakeGhost, wide = WIDE): Site & { clock: number } {
  ghost.timezone = wide ? 'America/New_York' : 'Etc/UTC';
  const site = {
    clock: Date.now(),
    url: ghost.url,
    key: `${ghost.adminKey.id}:${ghost.adminKey.secret}`,
    posts: async () => ghost.posts.map((p) => structuredClone(p) as unknown as PostLike),
    edit: async (id: string, change: (p: PostLike) => Partial<PostLike>) => {
      const p = ghost.posts.find((x) => x.id === id);
      if (!p) { return; }
      const c = change(structuredClone(p) as unknown as PostLike);
      if (typeof c.html === 'string') {
        ghost.editInGhost(p, { html: c.html });
        delete c.html;
      }
      // Publishing in Ghost's editor dates the post then, as Ghost does.
      const dated = c.status === 'published' && !p.published_at && !c.published_at ? { published_at: ghost.stamp() } : {};
      Object.assign(p, c, dated, { updated_at: ghost.stamp() });
    },
    remove: async (id: string) => { ghost.posts.splice(ghost.posts.findIndex((x) => x.id === id), 1); },
    loseNextAnswer: () => { ghost.faults.push({ match: (r) => r.method === 'POST' || r.method === 'PUT', reset: true, landed: true }); return true; },
    tick: async (ms: number) => { site.clock += ms; },
    now: () => site.clock,
    ...(wide ? {
      timezone: ghost.timezone,
      newsletter: 'weekly',
      failNextSearch: () => { ghost.faults.push({ match: (r) => r.method === 'GET' && /\/posts\/$/.test(r.path), status: 503 }); return true; },
      clearFaults: () => { ghost.faults.length = 0; },
      emails: async () => ghost.emailRequests.length,
      createInGhost: async (kind: 'koenig' | 'mobiledoc', w: string) => {
        const at = ghost.stamp();
        const title = `Born in Ghost ${w}`;
        const base = ghostSlugify(title);
        let slug = base;
        for (let n = 2; ghost.posts.some((x) => x.slug === slug); n++) { slug = `${base}-${n}`; }
        const html = `<p>Written in Ghost ${w}.</p>`;
        let lexical: string | null = null;
        let mobiledoc: string | null = null;
        if (kind === 'koenig') {
          const doc = JSON.parse(htmlToLexical(html)) as { root: { children: unknown[] } };
          doc.root.children = [
            { type: 'paragraph', version: 1, direction: 'ltr', format: '', indent: 0, children: [{ type: 'extended-text', version: 1, text: `Written in Ghost ${w}.`, format: 0, style: '', mode: 'normal', detail: 0 }] },
            { type: 'callout', version: 1, calloutText: `<p>A callout ${w}.</p>`, calloutEmoji: '💡', backgroundColor: 'grey' },
          ];
          lexical = JSON.stringify(doc);
        } else {
          mobiledoc = JSON.stringify({ version: '0.3.1', atoms: [], cards: [], markups: [], sections: [[1, 'p', [[0, [], 0, `Written in Ghost ${w}.`]]]] });
        }
        const id = randomBytes(12).toString('hex');
        ghost.posts.push({
          id, uuid: `${id.slice(0, 8)}-0000-4000-8000-${id.slice(12)}`, title, slug, status: 'draft', created_at: at, updated_at: at, published_at: null,
          html: lexical ? lexicalToHtml(lexical) : html, lexical, mobiledoc, tags: [], authors: [], feature_image: null, custom_excerpt: null, visibility: 'public', featured: false,
        });
        return id;
      },
    } : {}),
  };
  // Ghost's clock: moved by the sequence, so that many steps fall within one second.
  ghost.now = () => site.clock;
  return site;
}
