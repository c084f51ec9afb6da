/**
 * A model of one clone's git history, for the randomized workflows: the writer commits every
 * file after every step, and `follow(file)` answers what `git log --follow -- file` followed by
 * `git show` of each commit gives (src/core/publish/history.ts): the file's committed versions,
 * newest first, across renames and copies.
 *
 * As git does it (tree-diff.c, try_to_follow_renames): while the path exists in the parent commit,
 * commits that changed it are listed; in the commit that added the path, every file of the parent
 * (find-copies-harder: unmodified ones too) is a candidate source, and one at least 50 % similar
 * (git's default rename score) is followed, as a rename or as a copy alike. So a copy committed
 * unedited, or a file whose original moved in the same commit, takes the original's history.
 * `versions(file)` and `vacated(file)` answer what `git log --no-renames` of the path gives: its own
 * versions, and each commit that deleted it or moved it away.
 */
export type Snapshot = ReadonlyMap<string, string>;

/** git's similarity estimate (diffcore-delta), by lines: bytes of the destination found in the source over the larger size. */
export function similarity(src: string, dst: string): number {
  if (src === dst) { return 1; }
  const max = Math.max(src.length, dst.length);
  if (!max) { return 1; }
  const have = new Map<string, number>();
  for (const l of src.split(/(?<=\n)/)) { have.set(l, (have.get(l) ?? 0) + 1); }
  let copied = 0;
  for (const l of dst.split(/(?<=\n)/)) {
    const n = have.get(l) ?? 0;
    if (n > 0) { copied += l.length; have.set(l, n - 1); }
  }
  return copied / max;
}

const RENAME_SCORE = 0.5;

export class GitModel {
  private readonly commits: Snapshot[] = [];

  /** Commits the working tree as it is now, when it differs from the last commit. */
  commit(tree: Snapshot): void {
    const last = this.commits[this.commits.length - 1];
    if (last && last.size === tree.size && [...tree].every(([k, v]) => last.get(k) === v)) { return; }
    this.commits.push(new Map(tree));
  }

  /** A clone of this history (git clone): the same commits. */
  cloneFrom(other: GitModel): void {
    this.commits.length = 0;
    this.commits.push(...other.commits.map((c) => new Map(c)));
  }

  /** Brings one file's history from another clone (a pull that merges it in), commit by commit. */
  mergeFile(other: GitModel, file: string): void {
    for (const c of other.commits) {
      const text = c.get(file);
      if (text === undefined) { continue; }
      const base = new Map(this.commits[this.commits.length - 1] ?? []);
      base.set(file, text);
      this.commit(base);
    }
  }

  /**
   * `git log --no-renames` of a path (history.ts, gitPathHistory): its committed versions, newest
   * first, `null` for each commit that deleted it or moved it away.
   */
  versions(file: string, limit = 50): Array<string | null> {
    const out: Array<string | null> = [];
    for (let i = this.commits.length - 1; i >= 0 && out.length < limit; i--) {
      const cur = (this.commits[i] as Snapshot).get(file);
      if (cur !== this.commits[i - 1]?.get(file)) { out.push(cur ?? null); }
    }
    return out;
  }

  /** How many commits deleted the path or moved it away (`git log --no-renames --diff-filter=D`). */
  vacated(file: string): number {
    return this.commits.filter((c, i) => c.get(file) === undefined && this.commits[i - 1]?.get(file) !== undefined).length;
  }

  /** `git log --follow` of a path: its committed versions, newest first. */
  follow(file: string, limit = 50): string[] {
    const out: string[] = [];
    let name = file;
    for (let i = this.commits.length - 1; i >= 0 && out.length < limit; i--) {
      const snap = this.commits[i] as Snapshot;
      const cur = snap.get(name);
      if (cur === undefined) { break; }
      const parent = this.commits[i - 1];
      const before = parent?.get(name);
      if (before !== cur) { out.push(cur); }
      if (before !== undefined) { continue; }
      if (!parent) { break; }
      // Added here: the most similar file of the parent, exact matches first, if similar enough.
      let best: { path: string; score: number } | undefined;
      for (const [p, text] of parent) {
        const score = similarity(text, cur);
        if (score >= RENAME_SCORE && (!best || score > best.score)) { best = { path: p, score }; }
      }
      if (!best) { break; }
      name = best.path;
    }
    return out;
  }
}
