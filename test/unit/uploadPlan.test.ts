// Uploads say what they are: the folder plan (sync --plan, status, the job summary the README's CI
// workflow posts) lists every file to upload, every publish or schedule and every code injection;
// and ghost-author.yml may forbid code injection or status changes from front matter for a folder,
// refusing such a file with its line before anything is sent.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { EXIT } from '../../src/cli';
import { renderHtml } from '../../src/core/content/render';
import { cliSession } from '../support/cliRun';
import { FakeGhost, keyString } from '../support/fake/fakeGhost';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');

describe('the plan says what a sync sends', () => {
  let ghost: FakeGhost;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const cwd = process.cwd();
  const cli = cliSession(() => env);
  const run = cli.run;

  beforeEach(async () => {
    ghost = await new FakeGhost().start();
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ga-plan-'));
    process.chdir(dir);
    await fs.mkdir('.git');
    env = { GHOST_URL: ghost.url, GHOST_ADMIN_API_KEY: keyString(ghost.adminKey), GITHUB_STEP_SUMMARY: path.join(dir, 'summary.md') };
    await fs.mkdir('content/img', { recursive: true });
    await fs.writeFile('content/img/photo.png', PNG);
    await fs.writeFile('content/notes.pdf', '%PDF-1.4\n%%EOF\n');
    await fs.writeFile('content/a.md', '---\ntitle: With files\n---\n![](img/photo.png)\n\n[Notes](notes.pdf)\n');
    await fs.writeFile('content/b.md', '---\ntitle: Goes live\nstatus: published\n---\nB.\n');
    await fs.writeFile('content/c.md', '---\ntitle: Later\nstatus: scheduled\npublished_at: 2099-01-01T09:00:00Z\n---\nC.\n');
    await fs.writeFile('content/d.md', '---\ntitle: Tracked\ncodeinjection_head: <script src="https://tracker.example/t.js"></script>\n---\nD.\n');
    await fs.writeFile('content/e.md', '---\ntitle: Plain\n---\nE.\n');
  });
  afterEach(async () => {
    process.chdir(cwd);
    await ghost.stop();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('sync --plan lists every upload, publish, schedule and code injection, in text, JSON and the job summary', async () => {
    assert.equal(await run('sync', 'content', '--plan'), EXIT.ok, cli.stderr);
    assert.match(cli.stdout, /would create content\/a\.md {2}“With files” \(uploads img\/photo\.png, notes\.pdf\)/);
    assert.match(cli.stdout, /would create content\/b\.md {2}“Goes live” \(publishes it\)/);
    assert.match(cli.stdout, /would create content\/c\.md {2}“Later” \(schedules it for 2099-01-01T09:00:00\.000Z\)/);
    assert.match(cli.stdout, /would create content\/d\.md {2}“Tracked” \(code injection: codeinjection_head\)/);
    assert.match(cli.stdout, /would create content\/e\.md {2}“Plain”\n/);
    assert.match(cli.stdout, /Files to upload \(2\):\n- img\/photo\.png \(for content\/a\.md\)\n- notes\.pdf \(for content\/a\.md\)/);
    assert.match(cli.stdout, /Publishes and schedules \(2\):\n- content\/b\.md: published\n- content\/c\.md: scheduled 2099-01-01T09:00:00\.000Z/);
    assert.match(cli.stdout, /Code injection \(HTML run on the site\) \(1\):\n- content\/d\.md: codeinjection_head/);

    const summary = await fs.readFile(env.GITHUB_STEP_SUMMARY ?? '', 'utf8');
    assert.match(summary, /\| content\/a\.md \| With files \| new \(not published\) \| create \(uploads img\/photo\.png, notes\.pdf\) \|/);
    assert.match(summary, /\| content\/b\.md \| Goes live \| new \(not published\) \| create \(publishes it\) \|/);
    assert.match(summary, /\| content\/d\.md \| Tracked \| new \(not published\) \| create \(code injection: codeinjection_head\) \|/);
    assert.match(summary, /\*\*Files to upload \(2\)\*\*/);
    assert.match(summary, /\*\*Publishes and schedules \(2\)\*\*/);
    assert.match(summary, /\*\*Code injection \(HTML run on the site\) \(1\)\*\*\n\n- content\/d\.md: codeinjection_head/);

    assert.equal(await run('sync', 'content', '--plan', '--json'), EXIT.ok);
    const plan = (JSON.parse(cli.stdout) as { plan: Array<{ file: string; uploads: string[]; publishes?: string; codeInjection?: string[] }> }).plan;
    const byFile = new Map(plan.map((p) => [p.file, p]));
    assert.deepEqual(byFile.get('content/a.md')?.uploads, ['img/photo.png', 'notes.pdf']);
    assert.equal(byFile.get('content/b.md')?.publishes, 'published');
    assert.equal(byFile.get('content/c.md')?.publishes, 'scheduled 2099-01-01T09:00:00.000Z');
    assert.deepEqual(byFile.get('content/d.md')?.codeInjection, ['codeinjection_head']);
    assert.equal(byFile.get('content/e.md')?.publishes, undefined);
  });

  it('status says the same of each file', async () => {
    assert.equal(await run('status', 'content'), EXIT.ok, cli.stderr);
    assert.match(cli.stdout, /content\/a\.md {2}“With files” {2}\(a sync uploads img\/photo\.png, notes\.pdf\)/);
    assert.match(cli.stdout, /content\/b\.md {2}“Goes live” {2}\(a sync publishes it\)/);
    assert.match(cli.stdout, /content\/d\.md {2}“Tracked” {2}\(a sync code injection: codeinjection_head\)/);
    assert.equal(await run('status', 'content', '--json'), EXIT.ok);
    const entries = (JSON.parse(cli.stdout) as { entries: Array<{ file: string; publishes?: string; codeInjection?: string[]; uploads?: string[] }> }).entries;
    assert.deepEqual(entries.find((e) => e.file === 'content/d.md')?.codeInjection, ['codeinjection_head']);
  });

  /** The fake takes images only: the file card's PDF is left out where the sync really runs. */
  const imagesOnly = () => fs.writeFile('content/a.md', '---\ntitle: With files\n---\n![](img/photo.png)\n');

  it('after the sync, a second plan lists nothing again: what was sent is not announced twice', async () => {
    await imagesOnly();
    assert.equal(await run('sync', 'content'), EXIT.ok, cli.stderr);
    assert.equal(await run('sync', 'content', '--plan'), EXIT.ok);
    assert.doesNotMatch(cli.stdout, /Files to upload|Publishes and schedules|Code injection/);
  });

  it('ghost-author.yml forbid: [codeinjection, status] refuses such files with their line, sends nothing for them, and holds for folders below', async () => {
    await imagesOnly();
    await fs.writeFile('content/ghost-author.yml', 'forbid: [codeinjection, status]\n');
    await fs.mkdir('content/sub');
    // A nested configuration cannot lift it.
    await fs.writeFile('content/sub/ghost-author.yml', 'tags: [Sub]\n');
    await fs.writeFile('content/sub/f.md', '---\ntitle: Dated\ndate: 2026-01-01\n---\nF.\n');
    assert.equal(await run('sync', 'content', '--plan'), EXIT.error);
    assert.match(cli.stdout, /leave content\/b\.md: content\/b\.md, line 3: status is forbidden in this folder \(content\/ghost-author\.yml says forbid: status\)/);
    assert.match(cli.stdout, /leave content\/c\.md: content\/c\.md, line 3: status is forbidden/);
    assert.match(cli.stdout, /leave content\/d\.md: content\/d\.md, line 3: codeinjection_head is forbidden in this folder \(content\/ghost-author\.yml says forbid: codeinjection\)/);
    assert.match(cli.stdout, /leave content\/sub\/f\.md: content\/sub\/f\.md, line 3: date is forbidden/);
    assert.match(cli.stdout, /would create content\/a\.md/);
    assert.match(cli.stdout, /would create content\/e\.md/);

    assert.equal(await run('sync', 'content'), EXIT.error);
    const titles = [...ghost.posts, ...ghost.pages].map((p) => p.title).sort();
    assert.deepEqual(titles, ['Plain', 'With files'], 'only the files the folder allows were sent');

    // publish names the file and line too, and sends nothing for it.
    const before = ghost.requests.filter((r) => r.method !== 'GET').length;
    assert.equal(await run('publish', 'content/d.md'), EXIT.error);
    assert.match(cli.stderr, /content\/d\.md, line 3: codeinjection_head is forbidden/);
    assert.equal(ghost.requests.filter((r) => r.method !== 'GET').length, before);
  });

  it('a file name or title cannot hide the plan: control characters are shown, never acted on, in the job summary and the terminal', async () => {
    for (const f of await fs.readdir('content')) { if (f.endsWith('.md')) { await fs.rm(path.join('content', f)); } }
    // A lone carriage return then an HTML comment opener: a Markdown renderer would hide every
    // line after it; an escape sequence would rewrite a terminal's line.
    await fs.writeFile(path.join('content', '0\r<!--\u001b[2K.md'), '---\ntitle: Harmless\n---\nH.\n');
    await fs.writeFile('content/z-evil.md', '---\ntitle: Evil\nstatus: published\ncodeinjection_head: "<script src=https://evil.example/x.js></script>"\n---\nE.\n');
    assert.equal(await run('sync', 'content', '--plan'), EXIT.ok);
    const summary = await fs.readFile(env.GITHUB_STEP_SUMMARY ?? '', 'utf8');
    assert.doesNotMatch(summary, /[\r\u001b]/, 'no control character reaches the summary');
    // As a Markdown renderer shows it: the evil file and the review lists are all visible.
    const html = renderHtml(summary).html;
    assert.match(html, /z-evil\.md/);
    assert.match(html, /Code injection \(HTML run on the site\) \(1\)/);
    assert.match(html, /0\\u\{d\}&lt;!--\\u\{1b\}\[2K\.md/);
    assert.doesNotMatch(cli.stdout, /[\r\u001b]/, 'nor the terminal');
    assert.match(cli.stdout, /would create content\/0\\u\{d\}<!--\\u\{1b\}\[2K\.md  “Harmless”/);
  });

  it('a code injection written as a number or a date is listed too: what counts is what the push would send', async () => {
    for (const f of await fs.readdir('content')) { if (f.endsWith('.md')) { await fs.rm(path.join('content', f)); } }
    await fs.writeFile('content/n.md', '---\ntitle: Numbered\ncodeinjection_foot: 12345\n---\nN.\n');
    assert.equal(await run('sync', 'content', '--plan'), EXIT.ok);
    assert.match(cli.stdout, /Code injection \(HTML run on the site\) \(1\):\n- content\/n\.md: codeinjection_foot/);
  });

  it('forbid holds for every way YAML, TOML and JSON can write a key (flow mappings, escapes, explicit keys, tags, anchors, indentation)', async () => {
    await fs.writeFile('content/ghost-author.yml', 'forbid: [codeinjection, status]\n');
    for (const f of await fs.readdir('content')) { if (f.endsWith('.md')) { await fs.rm(path.join('content', f)); } }
    const sneaky: Record<string, string> = {
      'flow.md': '---\n{title: Flow, codeinjection_head: "<script>x</script>", status: published}\n---\nF.\n',
      'escaped.md': '---\ntitle: Escaped\n"codeinjection\\u005fhead": "<script>x</script>"\n---\nE.\n',
      'escaped-status.md': '---\ntitle: Escaped status\n"st\\x61tus": published\n---\nE.\n',
      'explicit.md': '---\ntitle: Explicit\n? codeinjection_foot\n: "<script>x</script>"\n---\nX.\n',
      'indented.md': '---\n title: Indented\n codeinjection_head: "<script>x</script>"\n---\nI.\n',
      'tagged.md': '---\ntitle: Tagged\n!!str codeinjection_head: "<script>x</script>"\n---\nT.\n',
      'anchored.md': '---\ntitle: Anchored\n&x status: published\n---\nA.\n',
      'toml.md': '+++\ntitle = "Toml"\nstatus = "published"\n+++\nT.\n',
      'json.md': '{\n  "title": "Json",\n  "codeinjection_head": "<script>x</script>"\n}\nJ.\n',
    };
    for (const [name, text] of Object.entries(sneaky)) { await fs.writeFile(path.join('content', name), text); }
    assert.equal(await run('sync', 'content'), EXIT.error);
    for (const name of Object.keys(sneaky)) {
      assert.match(cli.stdout, new RegExp(`content/${name.replace('.', '\\.')}, line \\d+: (codeinjection_head|codeinjection_foot|status) is forbidden`), `${name}\n${cli.stdout}`);
    }
    assert.deepEqual([...ghost.posts, ...ghost.pages].map((p) => p.title), [], 'none of them was sent');
  });

  it('forbid takes codeinjection and status only, and says where it is wrong', async () => {
    await fs.writeFile('content/ghost-author.yml', 'tags: [A]\nforbid: [tags]\n');
    assert.equal(await run('sync', 'content', '--plan'), EXIT.error);
    assert.match(cli.stdout, /content\/ghost-author\.yml, line 2: forbid takes codeinjection and status, not "tags"/);
  });
});
