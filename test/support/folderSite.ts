/**
 * A writer's repository moved from other tools: Hugo, Jekyll and Obsidian files, pages, images.
 * Deterministic: the same files every run.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { solidPng } from './ghost/seed';

const BODY = (n: number) => `Some words for number ${n}, with **bold** and a [link](https://example.com/${n}).

## A section

- one
- two

\`\`\`js
console.log(${n});
\`\`\`
`;

/** Writes the folder; returns the Markdown files, relative to it. */
export async function writeFolderSite(dir: string, counts = { hugo: 20, jekyll: 20, obsidian: 15, pages: 5 }): Promise<string[]> {
  const files: string[] = [];
  const put = async (rel: string, text: string | Buffer) => {
    await fs.mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await fs.writeFile(path.join(dir, rel), text);
    if (rel.endsWith('.md')) { files.push(rel); }
  };
  for (let i = 1; i <= counts.hugo; i++) {
    const day = String((i % 28) + 1).padStart(2, '0');
    const cover = i % 5 === 0 ? `cover:\n  image: images/hugo-${i}.png\n` : '';
    if (cover) { await put(`content/posts/images/hugo-${i}.png`, solidPng(8 + i, 6, [i * 10 % 255, 90, 140])); }
    await put(`content/posts/hugo-${i}.md`, `---\ntitle: "Hugo post ${i}"\ndate: 2023-03-${day}T10:00:00+01:00\nlastmod: 2023-04-${day}\ndraft: ${i % 4 === 0}\ndescription: "The ${i}th Hugo post."\ncategories: [Travel]\ntags: ["hugo", "post-${i % 3}"]\n${cover}---\n\n${BODY(i)}`);
  }
  for (let i = 1; i <= counts.jekyll; i++) {
    const day = String((i % 28) + 1).padStart(2, '0');
    await put(`_posts/2022-05-${day}-jekyll-${i}.md`, `---\nlayout: post\ntitle: Jekyll post ${i}\ndate: 2022-05-${day} 08:30:00 +0000\ncategories: notes\ntags: [jekyll, j${i % 2}]\nexcerpt: Jekyll excerpt ${i}.\n---\n${BODY(100 + i)}`);
  }
  for (let i = 1; i <= counts.obsidian; i++) {
    // Obsidian's embeds find a file by its name anywhere in the vault; notes link to Note 1 (published).
    const image = i % 3 === 0 ? `\n![[sketch-${i}.png]]\n` : '';
    if (image) { await put(`vault/attachments/sketch-${i}.png`, solidPng(5 + i, 5, [200, i * 15 % 255, 40])); }
    const link = i > 1 ? '\nSee [[Note 1|the first note]].\n' : '';
    await put(`vault/Note ${i}.md`, `---\ntags:\n  - idea\n  - obsidian\naliases: [n${i}]\ncreated: 2024-01-${String(i).padStart(2, '0')}\n${i === 1 ? 'status: published\n' : ''}---\n# Obsidian note ${i}\n\n${BODY(200 + i)}${image}${link}`);
  }
  for (let i = 1; i <= counts.pages; i++) {
    await put(`pages/page-${i}.md`, `---\ntitle: Page ${i}\ntype: page\n---\n${BODY(300 + i)}`);
  }
  await put('README.md', '# My writing\n\nNot a post: no front matter.\n');
  return files.sort();
}
