/**
 * The randomized writer workflows of the unit tier (see test/support/workflow.ts), on real
 * Ghost 6 and 5: the oracle's promises checked against Ghost's own rules, clock and conversions.
 */
import * as assert from 'node:assert/strict';
import { parseAdminKey } from '../../src/core/ghost/adminKey';
import { GhostClient } from '../../src/core/ghost/client';
import { parseSiteUrl } from '../../src/core/ghost/siteUrl';
import type { PostLike } from '../../src/core/ghost/types';
import { generate, runSequence, Violation, type Site } from '../support/workflow';
import { WIDE } from '../support/workflowFake';
import { MAJORS, server } from './servers';

const FULL = { formats: ['html', 'lexical'], include: ['tags', 'authors'] };
const COUNT = Number(process.env.WORKFLOW_E2E_COUNT ?? 50);

/** A real Ghost as a site: the posts a sequence made, edits as Ghost Admin makes them. */
async function realSite(url: string, key: string): Promise<Site & { cleanup(): Promise<void> }> {
  const client = GhostClient.withKey(parseSiteUrl(url), parseAdminKey(key), { userAgent: 'e2e-flow' });
  // The wide model (the default; WORKFLOW_WIDE=0 turns it off): the site's own time zone; posts written in Ghost through
  // the API as its editor saves them. No newsletter is named: a real Ghost would try to send.
  const wide = WIDE ? {
    timezone: await client.timezone(),
    createInGhost: async (kind: 'koenig' | 'mobiledoc', w: string) => {
      const text = `Written in Ghost ${w}.`;
      const body = kind === 'koenig'
        ? { lexical: JSON.stringify({ root: { type: 'root', version: 1, direction: null, format: '', indent: 0, children: [
          { type: 'paragraph', version: 1, direction: 'ltr', format: '', indent: 0, children: [{ type: 'extended-text', version: 1, text, format: 0, style: '', mode: 'normal', detail: 0 }] },
          { type: 'callout', version: 1, calloutText: `<p>A callout ${w}.</p>`, calloutEmoji: '💡', backgroundColor: 'grey' }] } }) }
        : { mobiledoc: JSON.stringify({ version: '0.3.1', atoms: [], cards: [], markups: [], sections: [[1, 'p', [[0, [], 0, text]]]] }) };
      // A Ghost that no longer takes mobiledoc refuses it: that kind of post cannot be born there.
      return client.posts.create({ title: `Born in Ghost ${w}`, status: 'draft', ...body }).then((p) => p.id, () => undefined);
    },
  } : {};
  const baseline = new Set<string>();
  for await (const p of client.posts.all({ fields: ['id'] })) { baseline.add(p.id); }
  const since = new Date(Date.now() - 2000).toISOString().replace('T', ' ').slice(0, 19);
  const posts = async (): Promise<PostLike[]> => {
    const res = await client.posts.browse({ filter: `created_at:>='${since}'`, limit: 100, order: 'created_at asc', ...FULL });
    return res.items.filter((p) => !baseline.has(p.id));
  };
  return {
    url, key, posts,
    edit: async (id, change) => {
      const cur = await client.posts.read(id, FULL);
      const fields = change(cur);
      await client.posts.update(id, { ...fields, updated_at: cur.updated_at }, fields.html !== undefined ? { source: 'html' } : {});
    },
    remove: (id) => client.posts.delete(id),
    // A real Ghost cannot be told to lose an answer: the fake's sequences cover that.
    loseNextAnswer: () => false,
    tick: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 400))),
    now: () => Date.now(),
    ...wide,
    mirrorFilter: `created_at:>='${since}'`,
    cleanup: async () => { for (const p of await posts()) { await client.posts.delete(p.id).catch(() => undefined); } },
  };
}

for (const major of MAJORS) {
  describe(`randomized writer workflows on real Ghost ${major}`, function () {
    this.timeout(30 * 60_000);
    it(`keeps every promise over ${COUNT} seeded sequences${WIDE ? ' (wide model)' : ''}`, async () => {
      const g = server(major);
      for (let i = 0; i < COUNT; i++) {
        const seed = 100_000 * major + i + 1;
        const site = await realSite(g.url, g.integrationKey);
        const log: string[] = [];
        try {
          await runSequence(generate(seed, { wide: WIDE }), site, (s) => log.push(s), { wide: WIDE });
        } catch (e) {
          if (e instanceof Violation) { assert.fail(`WORKFLOW_SEED=${seed} (real Ghost ${major}): ${e.message}\n${log.join('\n')}`); }
          throw e;
        } finally {
          await site.cleanup();
        }
      }
    });
  });
}
