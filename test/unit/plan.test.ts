import * as assert from 'node:assert/strict';
import { planIntent, planPush, planRelations, planUpdate, type IntentInput } from '../../src/core/publish/plan';

describe('the decisions of a push (pure)', () => {
  describe('planIntent: a status or date is sent only when asked', () => {
    const base: IntentInput = { file: {}, last: undefined, linked: true, frontMatterStatus: false };
    const at = '2027-01-01T09:00:00.000Z';
    const cases: Array<[string, Partial<IntentInput>, ReturnType<typeof planIntent>]> = [
      ['a plain push of a linked file', { file: { status: 'draft' }, last: { status: 'draft' } }, {}],
      ['the extension never acts on the front matter status', { file: { status: 'published' }, last: { status: 'draft' } }, {}],
      ['a command asks', { asked: { status: 'published' } }, { status: 'published', publishedAt: undefined }],
      ['a command asks, with the file’s date', { asked: { status: 'scheduled' }, file: { publishedAt: at, publishedAtIso: at } }, { status: 'scheduled', publishedAt: at }],
      ['CLI re-run: the status is what it was at the last push', { frontMatterStatus: true, file: { status: 'draft' }, last: { status: 'draft' } }, {}],
      ['CLI: the writer changed the status', { frontMatterStatus: true, file: { status: 'published' }, last: { status: 'draft' } }, { status: 'published', publishedAt: undefined }],
      ['CLI: first push of a new file', { frontMatterStatus: true, linked: false, file: { status: 'published' } }, { status: 'published', publishedAt: undefined }],
      ['CLI: linked, no record (a fresh clone): the status is not guessed', { frontMatterStatus: true, file: { status: 'published' }, last: undefined }, {}],
      ['a changed date reschedules', { file: { publishedAt: at, publishedAtIso: at }, last: { publishedAt: '2026-12-24T09:00:00.000Z' } }, { publishedAt: at }],
      ['an unchanged date is not sent', { file: { publishedAt: at, publishedAtIso: at }, last: { publishedAt: at } }, {}],
      ['a zone-less date compares as written', { file: { publishedAt: '2027-01-01T09:00:00', publishedAtIso: at }, last: { publishedAt: '2027-01-01T09:00:00' } }, {}],
    ];
    for (const [name, input, want] of cases) {
      it(name, () => assert.deepEqual(planIntent({ ...base, ...input }), want));
    }
  });

  describe('planPush', () => {
    const base = { linked: true, owner: undefined, recordHash: 'h', recordIsThisFile: true, hash: 'h', pendingUploads: 0, wantsChange: false };
    const cases: Array<[string, Partial<Parameters<typeof planPush>[0]>, string]> = [
      ['an unlinked file is created', { linked: false }, 'create'],
      ['unchanged since the last push: nothing to send', {}, 'unchanged'],
      ['edited', { hash: 'h2' }, 'update'],
      ['a new image to upload', { pendingUploads: 1 }, 'update'],
      ['a status change asked', { wantsChange: true }, 'update'],
      ['a copy of another file', { owner: 'a.md' }, 'owned-elsewhere'],
      ['a copy, as a new post', { owner: 'a.md', ownership: 'new' }, 'as-new'],
      ['a copy taking over', { owner: 'a.md', ownership: 'take-over', recordIsThisFile: false }, 'update'],
      ['a moved file with the same content', { recordIsThisFile: false }, 'update'],
      ['no record', { recordHash: undefined }, 'update'],
    ];
    for (const [name, input, want] of cases) {
      it(name, () => assert.equal(planPush({ ...base, ...input }), want));
    }
  });

  describe('planUpdate', () => {
    const base = { sameAsGhost: false, untouched: true, dateEdited: false, relationsConflict: false, force: false };
    const cases: Array<[string, Partial<Parameters<typeof planUpdate>[0]>, string]> = [
      ['Ghost untouched since the last push', {}, 'send'],
      ['Ghost already holds it', { sameAsGhost: true, untouched: false }, 'adopt'],
      ['edited in Ghost', { untouched: false }, 'conflict'],
      ['edited in Ghost, overwrite asked', { untouched: false, force: true }, 'overwrite'],
      ['the date changed on both sides', { dateEdited: true }, 'conflict'],
      ['tags changed on both sides', { relationsConflict: true }, 'conflict'],
    ];
    for (const [name, input, want] of cases) {
      it(name, () => assert.equal(planUpdate({ ...base, ...input }), want));
    }
  });

  describe('planRelations: tags and authors merged three ways', () => {
    const last = { relations: { tags: 'a', authors: 'x@e' }, fileRelations: { tags: 'a', authors: 'x@e' } };
    it('the file did not change them: Ghost keeps its own, whatever they are', () => {
      assert.deepEqual(planRelations({ tags: 'a' }, { tags: 'chosen in ghost', authors: 'x@e' }, last), { send: [], conflict: false });
    });
    it('the file changed them, Ghost did not: sent', () => {
      assert.deepEqual(planRelations({ tags: 'a|b' }, { tags: 'a', authors: 'x@e' }, last), { send: ['tags'], conflict: false });
    });
    it('both changed them: a conflict', () => {
      assert.deepEqual(planRelations({ tags: 'a|b' }, { tags: 'c', authors: 'x@e' }, last), { send: ['tags'], conflict: true });
    });
    it('both changed them the same way: no conflict', () => {
      assert.deepEqual(planRelations({ tags: 'a|b' }, { tags: 'a|b', authors: 'x@e' }, last), { send: ['tags'], conflict: false });
    });
    it('the file names none: nothing sent', () => {
      assert.deepEqual(planRelations({}, { tags: 'c', authors: 'y@e' }, last), { send: [], conflict: false });
    });
  });
});
