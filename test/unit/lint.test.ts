/**
 * `ghost-author lint`: the pre-flight check, from the files alone. Each rule on a small project
 * written here; the output forms (lines, JSON, GitHub annotations), the folder's settings, and the
 * exit code.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { cliSession } from '../support/cliRun';
import { annotation } from '../../src/core/publish/lint';

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

describe('lint: the pre-flight check', () => {
  let root: string;
  let cwd: string;
  let env: NodeJS.ProcessEnv = {};
  const cli = cliSession(() => env);
  const write = async (rel: string, text: string | Buffer) => {
    await fs.mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await fs.writeFile(path.join(root, rel), text);
  };

  beforeEach(async () => {
    cwd = process.cwd();
    root = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'ga-lint-')));
    await fs.mkdir(path.join(root, '.git'));
    env = {};
    process.chdir(root);
    await write('posts/live.md', '---\ntitle: Live\nghost_id: a1a1a1a1a1a1a1a1a1a1a1a1\nghost_site: https://blog.example/\n---\nHere.\n');
    await write('posts/new.md', '---\ntitle: New\n---\nNever pushed.\n');
    await write('posts/pic.png', PNG);
    await write('posts/pic.bmp', PNG);
  });
  afterEach(async () => {
    process.chdir(cwd);
    await fs.rm(root, { recursive: true, force: true });
  });

  it('finds each rule’s problem at its line, and exits 1 on an error', async () => {
    await write('posts/jekyll.md', '---\ntitle: Old\nlayout: post\ncategories: [release]\n---\nWords.\n');
    await write('posts/post.md', [
      '---',
      'title: A post whose title runs on far longer than any search engine will ever show of it',
      'custom_excerpt: ' + 'x'.repeat(301),
      '---',
      '## Start',
      '',
      '#### Too deep',
      '',
      'Links: [live](live.md), [new](new.md), [gone](gone.md).',
      '',
      '![](pic.png) ![a bitmap](pic.bmp) ![missing](nothere.png)',
      '',
    ].join('\n'));
    assert.equal(await cli.run('lint', 'posts/post.md'), 1, cli.stderr);
    const lines = cli.stdout.trim().split('\n');
    const has = (re: RegExp) => assert.ok(lines.some((l) => re.test(l)), `${re} not in:\n${cli.stdout}`);
    has(/^posts\/post\.md:3: error front-matter custom_excerpt/);
    has(/^posts\/post\.md:7: warning heading-level A level-4 heading follows a level-2 one/);
    has(/^posts\/post\.md:9: warning link-target new\.md is not on the site yet/);
    has(/^posts\/post\.md:9: warning link-target The link to gone\.md names no file/);
    has(/^posts\/post\.md:11: warning image-alt The image pic\.png has no alternative text/);
    has(/^posts\/post\.md:11: error image The image pic\.bmp: Ghost takes images of type/);
    has(/^posts\/post\.md:11: error image The image nothere\.png: no such file/);
    has(/^posts\/post\.md:1: info search-length The title is 81 characters/);
    assert.ok(!lines.some((l) => /live\.md/.test(l) && /link-target/.test(l)), 'a link to a linked file was reported');
    assert.match(cli.stderr, /1 file checked: 3 error\(s\), 4 warning\(s\), 1 note\(s\)\./);
    // A key of another tool read in Ghost's terms is a note, at the front matter's own severity.
    assert.equal(await cli.run('lint', 'posts/jekyll.md'), 0, cli.stdout);
    assert.match(cli.stdout, /^posts\/jekyll\.md:4: info front-matter "categories"/m);
  });

  it('a folder: every file, two files naming one post, template syntax left out; JSON with rule ids', async () => {
    await write('posts/copy.md', '---\ntitle: Copy\nghost_id: a1a1a1a1a1a1a1a1a1a1a1a1\nghost_site: https://blog.example/\n---\nSaved as.\n');
    await write('_config.yml', 'title: Site\n');
    await write('_posts/2024-01-01-liquid.md', '---\ntitle: Liquid\n---\nHello {{ site.nothing }}.\n');
    assert.equal(await cli.run('lint', '--json'), 1, cli.stderr);
    const got = JSON.parse(cli.stdout) as { files: number; findings: Array<{ file: string; line: number; rule: string; severity: string }> };
    assert.equal(got.files, 4);
    const ids = got.findings.map((f) => `${f.file}:${f.line} ${f.severity} ${f.rule}`).sort();
    assert.deepEqual(ids, [
      '_posts/2024-01-01-liquid.md:4 warning template',
      'posts/copy.md:1 error two-files',
      'posts/live.md:1 error two-files',
    ]);
  });

  it('ghost-author.yml turns rules off or changes their severity; a rule that does not exist is refused with its line', async () => {
    await write('posts/post.md', '---\ntitle: Quiet\n---\n## A\n\n#### B\n\n![](pic.png)\n');
    await write('posts/ghost-author.yml', 'lint:\n  image-alt: off\n  heading-level: error\n');
    assert.equal(await cli.run('lint', 'posts/post.md'), 1);
    assert.deepEqual(cli.stdout.trim().split('\n').map((l) => l.split(' ').slice(0, 3).join(' ')), ['posts/post.md:6: error heading-level']);
    await write('posts/ghost-author.yml', 'type: post\nlint:\n  no-such-rule: off\n');
    assert.equal(await cli.run('lint', 'posts/post.md'), 1);
    assert.match(cli.stderr, /ghost-author\.yml, line 2: lint names "no-such-rule", which is no rule/);
  });

  it('in GitHub Actions each finding is an annotation too, escaped so a name cannot end it early', async () => {
    await write('posts/post.md', '---\ntitle: Clean\n---\n![](pic.png)\n');
    env = { GITHUB_ACTIONS: 'true' };
    assert.equal(await cli.run('lint', 'posts'), 0);
    assert.match(cli.stdout, /^::warning file=posts\/post\.md,line=4,title=image-alt::The image pic\.png has no alternative text/m);
    // A file named like a workflow command does not start a line of the log as one (found in review).
    await write('::error title=Injected::Looks official.md', '---\ntitle: Sly\n---\n![](posts/pic.png)\n');
    assert.equal(await cli.run('lint', '::error title=Injected::Looks official.md'), 0);
    assert.ok(!cli.stdout.split('\n').some((l) => /^::error/.test(l)), cli.stdout);
    assert.match(cli.stdout, /^\.\/::error title=Injected::Looks official\.md:4: warning image-alt/m);
    // Nor does a link whose decoded target holds a line break (found in review): only annotations start a line with ::.
    await write('posts/sly.md', '---\ntitle: Sly\n---\n[x](%0A::stop-commands::pwn%0A.md) [y](x%0D%0A::notice::LINK2.md)\n');
    assert.equal(await cli.run('lint', 'posts/sly.md'), 0);
    assert.ok(!cli.stdout.split(/\r?\n|\r/).some((l) => /^::(?!warning file=)/.test(l)), cli.stdout);
    assert.match(cli.stdout, /\\u\{a\}::stop-commands::pwn/);
    assert.equal(annotation({ file: 'a,b:c.md', line: 2, severity: 'error', rule: 'image', message: 'two\nlines 100%' }),
      '::error file=a%2Cb%3Ac.md,line=2,title=image::two%0Alines 100%25');
  });

  it('a post to be emailed: what an email cannot play is a note; a paid post mailed to free members without a paywall line is a warning', async () => {
    await write('posts/letter.md', '---\ntitle: Letter\nnewsletter: weekly\nvisibility: paid\n---\nHello.\n\nhttps://www.youtube.com/watch?v=abc\n\n![A clip](clip.mp4)\n');
    await write('posts/clip.mp4', Buffer.from('00000018667479706d703432', 'hex'));
    assert.equal(await cli.run('lint', 'posts/letter.md'), 0, cli.stdout);
    const lines = cli.stdout.trim().split('\n');
    assert.deepEqual(lines.map((l) => l.split(' ').slice(0, 3).join(' ')), ['posts/letter.md:8: info email', 'posts/letter.md:10: info email', 'posts/letter.md:1: warning paywall']);
    assert.match(lines[2] ?? '', /free members on the list get its title and a button to upgrade/);
    // With the paywall line, or sent to paying members only, or not emailed at all: no warning.
    await write('posts/letter.md', '---\ntitle: Letter\nnewsletter: weekly\nvisibility: paid\n---\nFree part.\n\n<!--members-only-->\n\nPaid part.\n');
    assert.equal(await cli.run('lint', 'posts/letter.md'), 0);
    assert.equal(cli.stdout, '');
    await write('posts/letter.md', '---\ntitle: Letter\nnewsletter: weekly\nemail_segment: status:-free\nvisibility: paid\n---\nPaid.\n');
    assert.equal(await cli.run('lint', 'posts/letter.md'), 0);
    assert.equal(cli.stdout, '');
    await write('posts/letter.md', '---\ntitle: Letter\nvisibility: paid\n---\nhttps://www.youtube.com/watch?v=abc\n');
    assert.equal(await cli.run('lint', 'posts/letter.md'), 0);
    assert.equal(cli.stdout, '');
  });

  it('an Obsidian embed is the file of that name anywhere in the vault, as a push finds it (a review found lint failing a valid vault)', async () => {
    await write('vault/sub/sketch.png', PNG);
    await write('vault/Linker.md', '---\ntitle: Linker\n---\n![[sketch.png|A sketch]]\n');
    assert.equal(await cli.run('lint', 'vault'), 0, cli.stdout);
    assert.equal(cli.stdout, '');
  });

  it('a clean file: nothing found, exit 0; a file outside the project is refused', async () => {
    await write('posts/clean.md', '---\ntitle: Clean\n---\n## One\n\n### Two\n\n![a dot](pic.png) and [live](live.md).\n');
    assert.equal(await cli.run('lint', 'posts/clean.md'), 0, cli.stdout);
    assert.equal(cli.stdout, '');
    const outside = await fs.mkdtemp(path.join(os.tmpdir(), 'ga-lint-out-'));
    try {
      await fs.writeFile(path.join(outside, 'x.md'), '# x\n');
      assert.equal(await cli.run('lint', path.join(outside, 'x.md')), 1);
      assert.match(cli.stderr, /outside/);
    } finally {
      await fs.rm(outside, { recursive: true, force: true });
    }
  });
});
