/**
 * Sequences the wide workflow model found failing on the product as it was when they were found,
 * shrunk: each failed until its defect was fixed, and each runs in every test run since
 * (test/unit/workflows.test.ts) as a regression test.
 */
import type { Op } from './workflow';

/**
 * `defect` names the review's list (2a, 2b, 3…9; stale-force, rename-in-doubt) or a finding not on
 * it (N1, N2); `seed` is the wide generator's seed at the commit named in the comment (0: by hand).
 */
export const FOUND_REGRESSIONS: Array<{ name: string; defect: string; seed: number; ops: Op[] }> = [
  {
    // Written by hand, not found by the generator (4,600 wide seeds): defect 2a as the review told it.
    name: 'a Save As copy committed and edited, published from a fresh clone: it takes over the original’s post', defect: '2a', seed: 0,
    ops: [{op: 'write', c: 0, f: 'a.md'}, {op: 'setStatus', c: 0, f: 'a.md', status: 'published'}, {op: 'pushCli', c: 0, f: 'a.md'}, {op: 'saveAs', c: 0, f: 'a.md', to: 'a-copy.md'}, {op: 'editFile', c: 0, f: 'a-copy.md', part: 'body'}, {op: 'cleanClone'}, {op: 'ci', c: 1, cmd: 'publish'}],
  },
  {
    // Seed 1975 (generator of 92c4825), 6 steps: step 5 ({"op":"ci","c":0,"cmd":"sync"}): the copy 0/a-copy.md pushed its words w2x into the post of 0/archive/a.md, which still links it
    name: 'a copy next to its original moved into a folder: pushing the copy updates the original’s post', defect: '2b', seed: 1975,
    ops: [{op: 'write', c: 0, f: 'a.md'}, {op: 'push', c: 0, f: 'a.md', again: false}, {op: 'saveAs', c: 0, f: 'a.md', to: 'a-copy.md'}, {op: 'archive', c: 0, f: 'a.md'}, {op: 'editFile', c: 0, f: 'a-copy.md', part: 'title'}, {op: 'ci', c: 0, cmd: 'sync'}],
  },
  {
    // Seed 269 (generator of 43f198c), 3 steps: step 2 ({"op":"vscode","c":0,"f":"a.md","cmd":"schedule","at":"2031-04-13T02:30:00-05:00"}): 1 request(s) could send email, but no confirmed send asked for one
    name: 'Schedule… of a file naming a newsletter sends email nobody confirmed', defect: '3', seed: 269,
    ops: [{op: 'write', c: 0, f: 'a.md'}, {op: 'frontMatter', c: 0, f: 'a.md', what: 'newsletter', month: 11, hour: 6}, {op: 'vscode', c: 0, f: 'a.md', cmd: 'schedule', at: '2031-04-13T02:30:00-05:00'}],
  },
  {
    // Seed 123 (generator of 43f198c), 3 steps: step 2 ({"op":"push","c":0,"f":"a.md","again":true,"status":"published","force":true}): 1 request(s) could send email, but no confirmed send asked for one
    name: 'a publish asked of the engine with no confirmation sends the newsletter the file names', defect: '3-engine', seed: 123,
    ops: [{op: 'write', c: 0, f: 'a.md'}, {op: 'frontMatter', c: 0, f: 'a.md', what: 'newsletter', month: 7, hour: 19}, {op: 'push', c: 0, f: 'a.md', again: true, status: 'published', force: true}],
  },
  {
    // Seed 71 (generator of 92c4825), 3 steps: step 2 ({"op":"vscode","c":0,"f":"a.md","cmd":"schedule"}): post 3d8b62f69ad7d728ca07f4b2 was given the date 2028-09-01T11:00:00.000Z, but the writer meant 2028-09-01T15:00:00.000Z (published_at: 2028-09-01 11:00, site time zone America/New_York)
    name: 'Schedule… reads the file’s zone-less date as UTC, not in the site’s time zone', defect: '4', seed: 71,
    ops: [{op: 'write', c: 0, f: 'a.md'}, {op: 'frontMatter', c: 0, f: 'a.md', what: 'date', month: 9, hour: 3}, {op: 'vscode', c: 0, f: 'a.md', cmd: 'schedule'}],
  },
  {
    // Seed 544 (generator of 43f198c), 2 steps: step 1 ({"op":"together","c":0,"f":"c.md","pair":"cli+push"}): two posts for one file: fbdf572367856b3106e41142 “Title w1x” was made while f99d3ef951305da5b7cb79af “Title w1x” of the same file is still in Ghost
    name: 'two pushes of one new file at once make two posts', defect: '5', seed: 544,
    ops: [{op: 'write', c: 0, f: 'c.md'}, {op: 'together', c: 0, f: 'c.md', pair: 'cli+push'}],
  },
  {
    // Seed 578 (generator of 43f198c), 3 steps: after settling, post 3e4bb9d2c20d36d2cc532c6b “Title w1x” belongs to no file: a duplicate
    name: 'a lost create with the computer’s clock a few seconds fast makes a second post', defect: '6', seed: 578,
    ops: [{op: 'skew', c: 0, ms: 6766}, {op: 'write', c: 0, f: 'b.md'}, {op: 'lostAnswer', c: 0, f: 'b.md'}],
  },
  {
    // Seed 40 (generator of 43f198c), 5 steps: step 4 ({"op":"push","c":1,"f":"a.md","again":false}): a push called 1/a.md edited on both sides, but Ghost still holds what this file's own history pushed or pulled (nobody edited b68ed83cc5e666c72d9d050b since)
    name: 'duplicate tags Ghost merges make a false conflict', defect: '7', seed: 40,
    ops: [{op: 'write', c: 0, f: 'a.md'}, {op: 'frontMatter', c: 0, f: 'a.md', what: 'dupTags', month: 1, hour: 9}, {op: 'push', c: 0, f: 'a.md', again: false}, {op: 'cleanClone'}, {op: 'push', c: 1, f: 'a.md', again: false}],
  },
  {
    // Seed 334 (generator of 43f198c), 6 steps: step 5 ({"op":"push","c":0,"f":"a.md","again":false}): a push called 0/a.md edited on both sides, but Ghost still holds what this file's own history pushed or pulled (nobody edited 1e37e5df6283ad06a2b9b3a7 since)
    name: 'a slug Ghost normalises makes a false conflict', defect: '7-slug', seed: 334,
    ops: [{op: 'write', c: 0, f: 'a.md'}, {op: 'push', c: 0, f: 'a.md', again: false}, {op: 'frontMatter', c: 0, f: 'a.md', what: 'slug', month: 4, hour: 18}, {op: 'clone', f: 'a.md'}, {op: 'ci', c: 1, cmd: 'sync'}, {op: 'push', c: 0, f: 'a.md', again: false}],
  },
  {
    // Seed 199 (generator of 43f198c), 6 steps: step 5 ({"op":"vscode","c":0,"f":"a.md","cmd":"save"}): a push called 0/a.md edited on both sides, but Ghost still holds what this file's own history pushed or pulled (nobody edited 68eca3802dd71b80aea8eaac since)
    name: 'a site-relative link Ghost stores absolute makes a false conflict', defect: '7-url', seed: 199,
    ops: [{op: 'write', c: 0, f: 'a.md'}, {op: 'push', c: 0, f: 'a.md', again: false}, {op: 'frontMatter', c: 0, f: 'a.md', what: 'relLink', month: 5, hour: 22}, {op: 'clone', f: 'a.md'}, {op: 'vscode', c: 1, f: 'a.md', cmd: 'save'}, {op: 'vscode', c: 0, f: 'a.md', cmd: 'save'}],
  },
  {
    // Seed 680 (generator of 43f198c), 4 steps: step 3 ({"op":"ci","c":0,"cmd":"publish"}): a push called 0/posts/born-in-ghost-w1x.md edited on both sides, but Ghost still holds what this file's own history pushed or pulled (nobody edited 25cdaa8967c3f5b0794fabe9 since)
    name: 'a pull --all mirror pushed from a clone without state: a false conflict', defect: '8', seed: 680,
    ops: [{op: 'ghostNew', kind: 'koenig'}, {op: 'mirror', c: 0}, {op: 'loseState', c: 0}, {op: 'ci', c: 0, cmd: 'publish'}],
  },
  {
    // Seed 563 (generator of 92c4825), 4 steps: step 3 ({"op":"ci","c":0,"cmd":"status"}): status (conflict) called 0/pulled0.md edited on both sides, but Ghost still holds what this file's own history pushed or pulled (nobody edited 031067d20305aaa68bb75f4d since)
    name: 'a post with no Lexical (mobiledoc), pulled and edited: status says edited on both sides', defect: '9', seed: 563,
    ops: [{op: 'ghostNew', kind: 'mobiledoc'}, {op: 'pull', c: 0, post: 1, to: 'pulled0.md'}, {op: 'frontMatter', c: 0, f: 'pulled0.md', what: 'relLink', month: 2, hour: 18}, {op: 'ci', c: 0, cmd: 'status'}],
  },
  {
    // Seed 539 (generator of 92c4825), 7 steps: step 6 ({"op":"clickOverwrite","c":0,"f":"a.md"}): words w4x were removed from post c6c3f3d9fcc0bdedc985fac8 in Ghost
    name: 'a stale “Overwrite Ghost’s version” overwrites an edit made after the conflict was shown', defect: 'stale-force', seed: 539,
    ops: [{op: 'write', c: 0, f: 'a.md'}, {op: 'push', c: 0, f: 'a.md', again: false}, {op: 'editFile', c: 0, f: 'a.md', part: 'title'}, {op: 'editGhost', post: 0, part: 'body'}, {op: 'together', c: 0, f: 'a.md', pair: 'save+push'}, {op: 'editGhost', post: 1, part: 'title'}, {op: 'clickOverwrite', c: 0, f: 'a.md'}],
  },
  {
    // Seed 2685 (generator of d6f6c63), 3 steps: after settling, post 020325c6042e3d0b3d8ead7f “Title w1x” belongs to no file: a duplicate
    name: 'a create in doubt, its file moved before the retry: a second post', defect: 'rename-in-doubt', seed: 2685,
    ops: [{op: 'write', c: 1, f: 'a.md'}, {op: 'lostAnswer', c: 1, f: 'a.md', searchFails: true}, {op: 'archive', c: 1, f: 'a.md'}],
  },
  {
    // Seed 1135 (generator of 92c4825), 5 steps: step 4 ({"op":"push","c":0,"f":"a.md","again":false,"status":"draft"}): a push called 0/a.md edited on both sides, but Ghost still holds what this file's own history pushed or pulled (nobody edited 15cd91476aee5111948c28b2 since)
    name: 'a status change pushed from another clone with the same text makes a false conflict', defect: 'N1-other-clone-status', seed: 1135,
    ops: [{op: 'write', c: 0, f: 'a.md'}, {op: 'push', c: 0, f: 'a.md', again: false}, {op: 'cleanClone'}, {op: 'vscode', c: 1, f: 'a.md', cmd: 'schedule'}, {op: 'push', c: 0, f: 'a.md', again: false, status: 'draft'}],
  },
  {
    // Seed 3927 (generator of d6f6c63), 7 steps: step 6 ({"op":"ci","c":0,"cmd":"sync"}): 0/a.md was pushed (created) but Ghost's post 0d4b13a357f29bf7653129a9 lacks its words w3x, w4x
    name: 'a file moved away and a new one written at its path: the new file is linked to the moved file’s post', defect: 'N2-path-create', seed: 3927,
    ops: [{op: 'write', c: 0, f: 'a.md'}, {op: 'push', c: 0, f: 'a.md', again: false}, {op: 'editFile', c: 0, f: 'a.md', part: 'body'}, {op: 'archive', c: 0, f: 'a.md'}, {op: 'write', c: 0, f: 'a.md'}, {op: 'editFile', c: 0, f: 'a.md', part: 'title'}, {op: 'ci', c: 0, cmd: 'sync'}],
  },

  {
    // Seed 150 (wide generator as merged), 6 steps: a mirror of a post another file pushed (its mark names that file) was "edited on both sides" in a clean clone's sync.
    name: 'a pulled file of a post our push marked is in sync in a clean clone', defect: 'N3-mirror-of-marked', seed: 150,
    ops: [{ op: 'write', c: 0, f: 'a.md' }, { op: 'push', c: 0, f: 'a.md', again: false }, { op: 'deleteFile', c: 0, f: 'a.md' }, { op: 'mirror', c: 0 }, { op: 'loseState', c: 0 }, { op: 'ci', c: 0, cmd: 'sync' }],
  },
  {
    // Seed 612 (wide generator as merged), 5 steps: Schedule… from one clone after another clone scheduled the same text was a conflict over the date.
    name: 'an explicit Schedule… over a date another clone set is the writer’s answer, not a conflict', defect: 'N4-explicit-date', seed: 612,
    ops: [{ op: 'write', c: 0, f: 'a.md' }, { op: 'push', c: 0, f: 'a.md', again: false }, { op: 'cleanClone' }, { op: 'vscode', c: 1, f: 'a.md', cmd: 'schedule', at: '2031-09-15T05:30:00-05:00' }, { op: 'vscode', c: 0, f: 'a.md', cmd: 'schedule' }],
  },
  {
    // Seed 420 (wide generator as merged), 6 steps: a clone with an old record called a file "edited on both sides" after another clone pushed exactly its words.
    name: 'a file Ghost already holds, pushed from another clone, is in sync for a clone with an older record', defect: 'N5-same-elsewhere', seed: 420,
    ops: [{ op: 'write', c: 0, f: 'a.md' }, { op: 'push', c: 0, f: 'a.md', again: false }, { op: 'editFile', c: 0, f: 'a.md', part: 'body' }, { op: 'cleanClone' }, { op: 'ci', c: 1, cmd: 'publish' }, { op: 'ci', c: 0, cmd: 'sync' }],
  },
  {
    // Seed 1672 (ten times the usual count), 4 steps: a create in doubt whose post was then pulled into another file made a second post on the next sync.
    name: 'a post a lost create made, since pulled into another file, is not made again', defect: 'N6-doubt-then-pulled', seed: 1672,
    ops: [{ op: 'write', c: 0, f: 'b.md' }, { op: 'lostAnswer', c: 0, f: 'b.md', searchFails: true }, { op: 'mirror', c: 0 }, { op: 'ci', c: 0, cmd: 'sync' }],
  },
  {
    // Seed 2611 (ten times the usual count), 7 steps: Ghost held a version from this clone's own history (pushed by another clone), yet this clone's record called it edited there.
    name: 'a version this file’s history holds, pushed from another clone, is no edit in Ghost', defect: 'N7-own-history-elsewhere', seed: 2611,
    ops: [{ op: 'write', c: 0, f: 'a.md' }, { op: 'push', c: 0, f: 'a.md', again: false }, { op: 'editFile', c: 0, f: 'a.md', part: 'title' }, { op: 'cleanClone' }, { op: 'editFile', c: 0, f: 'a.md', part: 'body' }, { op: 'vscode', c: 1, f: 'a.md', cmd: 'schedule' }, { op: 'lostAnswer', c: 0, f: 'a.md' }],
  },
  {
    // Seed 3101 (ten times the usual count), 8 steps: an exact Save As copy was taken for the owner (it alone matched what was pushed) once the edited original moved to archive/.
    name: 'an exact copy next to an edited, moved original never takes the post by its content', defect: 'N8-exact-copy', seed: 3101,
    ops: [{"op":"write","c":0,"f":"a.md"},{"op":"push","c":0,"f":"a.md","again":false},{"op":"saveAs","c":0,"f":"a.md","to":"a-copy.md"},{"op":"frontMatter","c":0,"f":"a.md","what":"dupTags","month":12,"hour":2},{"op":"archive","c":0,"f":"a.md"},{"op":"push","c":0,"f":"a-copy.md","again":false,"status":"published"},{"op":"editFile","c":0,"f":"a-copy.md","part":"body"},{"op":"ci","c":0,"cmd":"sync"}],
  },
  {
    // Seed 957 (the generator with Save As followed by the copy's edit), 4 steps: a post from Ghost's older editor, pulled into a file, was "changed on both sides" in a clone without state.
    name: 'a file pulled from an older-editor post is in sync in a clone without state', defect: 'N9-older-editor-pulled', seed: 957,
    ops: [{ op: 'ghostNew', kind: 'mobiledoc' }, { op: 'pull', c: 0, post: 0, to: 'pulled1.md' }, { op: 'loseState', c: 0 }, { op: 'ci', c: 0, cmd: 'status' }],
  },
  {
    // Seed 947 (generator of 37a0e1b), 3 steps: a create in doubt whose checkout was then thrown away was called a duplicate (the oracle's error: the writer dropped the file that made it).
    name: 'a post whose in-doubt create came from a checkout thrown away is left behind with it, not a duplicate', defect: 'N10-oracle-discarded', seed: 947,
    ops: [{ op: 'write', c: 1, f: 'a.md' }, { op: 'lostAnswer', c: 1, f: 'a.md', searchFails: true }, { op: 'cleanClone' }],
  },
  {
    // Seed 198 (generator of 5c9dfb5, found by npm test), 7 steps: tags a CI job pushed from this file's own history were taken for an edit in Ghost, and this clone's next edit of them for a conflict.
    name: 'tags another clone pushed from this file’s history are no edit in Ghost', defect: 'N11-tags-from-history', seed: 198,
    ops: [{ op: 'write', c: 0, f: 'a.md' }, { op: 'push', c: 0, f: 'a.md', again: false }, { op: 'editFile', c: 0, f: 'a.md', part: 'tags' }, { op: 'cleanClone' }, { op: 'ci', c: 1, cmd: 'publish' }, { op: 'editFile', c: 0, f: '#4', part: 'tags' }, { op: 'ci', c: 0, cmd: 'sync' }],
  },
  {
    // Seed 2070 (ten times the usual count, generator of 09ad269), 7 steps: Ghost held the very date the file says (a CI job pushed it), yet this clone called the date edited on both sides.
    name: 'a date Ghost holds because another clone pushed this file’s date is no conflict', defect: 'N12-date-from-history', seed: 2070,
    ops: [{ op: 'write', c: 0, f: 'a.md' }, { op: 'push', c: 0, f: 'a.md', again: false }, { op: 'frontMatter', c: 0, f: 'a.md', what: 'date', month: 5, hour: 22 }, { op: 'cleanClone' }, { op: 'ci', c: 1, cmd: 'sync' }, { op: 'editFile', c: 0, f: '#0', part: 'tags' }, { op: 'ci', c: 0, cmd: 'publish' }],
  },
  {
    // Seed 981 (ten times the usual count, generator of 09ad269), 8 steps: the model's Ghost published a post from its editor without dating it (Ghost dates it then), so the next push looked like it dated the post itself.
    name: 'a post published in Ghost’s editor is dated then, and a clean clone’s push leaves that date', defect: 'N13-model-publish-date', seed: 981,
    ops: [{ op: 'write', c: 0, f: 'a-copy.md' }, { op: 'cleanClone' }, { op: 'ci', c: 1, cmd: 'publish' }, { op: 'frontMatter', c: 0, f: 'a-copy.md', what: 'date', month: 11, hour: 18 }, { op: 'editGhost', post: 1, part: 'status' }, { op: 'editFile', c: 0, f: 'a-copy.md', part: 'body' }, { op: 'cleanClone' }, { op: 'ci', c: 1, cmd: 'publish' }],
  },
  {
    // Seed 9848 (ten times the usual count, generator of 09ad269), 6 steps: the oracle's error: one clone scheduled the post with Schedule…, the other then wrote another date into the file; asking is right, not a false conflict.
    name: 'a date set by Schedule… in one clone and another date written in the file in the other are two wishes, asked about', defect: 'N14-oracle-two-wishes', seed: 9848,
    ops: [{ op: 'write', c: 0, f: 'a.md' }, { op: 'push', c: 0, f: 'a.md', again: false }, { op: 'cleanClone' }, { op: 'frontMatter', c: 0, f: 'a.md', what: 'date', month: 2, hour: 13 }, { op: 'vscode', c: 1, f: 'a.md', cmd: 'schedule' }, { op: 'vscode', c: 0, f: 'a.md', cmd: 'push' }],
  },
  {
    // Seed 6 (generator of 9a1e574, product of 09ad269; the generator as merged finds it at seed 61), 6 steps: step 5 ({"op":"ci","c":0,"cmd":"sync"}): the copy 0/a.md pushed its words w2x into the post of 0/archive/a.md, which still links it
    name: 'a copy written back to the path its original moved away from takes the post the record names for that path', defect: 'N15-copy-at-vacated-path', seed: 6,
    ops: [{ op: 'write', c: 0, f: 'a.md' }, { op: 'push', c: 0, f: 'a.md', again: false }, { op: 'archive', c: 0, f: 'a.md' }, { op: 'saveAs', c: 0, f: 'archive/a.md', to: 'a.md' }, { op: 'editFile', c: 0, f: 'a.md', part: 'title' }, { op: 'ci', c: 0, cmd: 'sync' }],
  },
  {
    // Seed 16 (generator of 9a1e574, product of 09ad269), 6 steps: step 5 ({"op":"push","c":0,"f":"a.md","again":false}): pushing the copy a.md changed the post of archive/a.md
    name: 'an exact copy of an edited original, written back to the path the original left, is pushed onto its post', defect: 'N15-copy-at-vacated-path', seed: 16,
    ops: [{ op: 'write', c: 0, f: 'a.md' }, { op: 'push', c: 0, f: 'a.md', again: false }, { op: 'editFile', c: 0, f: '#4', part: 'body' }, { op: 'archive', c: 0, f: 'a.md' }, { op: 'saveAs', c: 0, f: 'archive/a.md', to: 'a.md' }, { op: 'push', c: 0, f: 'a.md', again: false }],
  },
  {
    // Seed 576 (generator of 9a1e574, product of 531e9ab: git's view of the path only), 6 steps: step 5 ({"op":"pushCli","c":0,"f":"a.md"}): pushing the copy a.md changed the post of archive/a.md (the CLI runs where no git repository is)
    name: 'without git, a copy written back to the path its original moved away from is pushed onto its post by the CLI', defect: 'N15-copy-at-vacated-path', seed: 576,
    ops: [{ op: 'write', c: 0, f: 'a.md' }, { op: 'push', c: 0, f: 'a.md', again: false }, { op: 'archive', c: 0, f: 'a.md' }, { op: 'saveAs', c: 0, f: 'archive/a.md', to: 'a.md' }, { op: 'editFile', c: 0, f: 'a.md', part: 'title' }, { op: 'pushCli', c: 0, f: 'a.md' }],
  },
  {
    // Seed 2394 (ten times the usual count, generator of 9e8e357), 7 steps: step 6 ({"op":"ci","c":0,"cmd":"publish"}): the copy 0/a.md pushed its words into the post of 0/archive/a.md — a Save As copy renamed onto the path its original moved away from.
    name: 'a copy renamed onto the path its original moved away from does not take the post', defect: 'N15-copy-at-vacated-path', seed: 2394,
    ops: [{ op: 'write', c: 0, f: 'a.md' }, { op: 'push', c: 0, f: 'a.md', again: false }, { op: 'saveAs', c: 0, f: 'a.md', to: 'a-copy.md' }, { op: 'editFile', c: 0, f: 'a-copy.md', part: 'title' }, { op: 'archive', c: 0, f: 'a.md' }, { op: 'rename', c: 0, f: 'a-copy.md', to: 'a.md' }, { op: 'ci', c: 0, cmd: 'publish' }],
  },
];
