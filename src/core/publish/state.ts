import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { ownFileOnly, writeFileAtomic } from '../fsutil';
import { refuseCommittedRecords } from './committed';

/** What the file said about status and date when it was last pushed or pulled. */
export interface Intent {
  status?: string;
  publishedAt?: string;
}

/** What was last pushed to, or pulled from, one post. */
export interface PostRecord {
  site: string;
  id: string;
  type: 'post' | 'page';
  /** The file that owns the post, relative to the state's root (`/` separators). */
  file?: string;
  /** Ghost's `updated_at`, exactly as it was read. */
  updatedAt: string;
  /** The status Ghost reported then. */
  status?: string;
  /** Ghost's `published_at` then. */
  publishedAt?: string | null;
  /** The post's address then (where `[[links]]` to its file point once it is published). */
  url?: string;
  /** Hash of what was sent (or would be sent for a pulled file): equal means nothing to push. */
  hash: string;
  /** Fingerprint of Ghost's version then (see ghostFingerprint): different now means edited in Ghost. */
  ghost?: string;
  /** The file's status and date then: a push acts on them only when they have changed since. */
  intent?: Intent;
  /** Ghost's tags and authors then (see relationsOf). */
  relations?: { tags: string; authors: string };
  /** The file's own tags and authors then; absent when the file named none. */
  fileRelations?: { tags?: string; authors?: string };
  /** How many times the file's path had been vacated (moved away, deleted) in git then: see owner.ts, vacatedSince. */
  gone?: number;
  /** The file's identity on this computer then (device and inode: owner.ts, identityOf), kept through a move. */
  ino?: string;
}

/** A create whose answer never came back: Ghost may or may not hold the post. */
export interface PendingCreate {
  site: string;
  /** The file, relative to the state's root. */
  file: string;
  type: 'post' | 'page';
  title: string;
  /** The uuid this create gave the post: only that post can be the one it made. */
  uuid: string;
  /** When the request was sent, by this computer's clock (ISO). */
  sentAt: string;
  /** Hash of what was sent. */
  hash: string;
  /** The request ended (answered, or failed) rather than possibly still being under way. */
  settled?: boolean;
  /** Ghost answered with this post: kept until a push sees the link written in the file. */
  postId?: string;
}

interface StateFile {
  version: 1;
  posts: Record<string, PostRecord>;
  /** Creates in doubt, by site and file: looked for in Ghost before the file is created again. */
  creating?: Record<string, PendingCreate>;
  /** Per site, the URL of each image uploaded, by the hash of its bytes. */
  uploads: Record<string, Record<string, string>>;
}

export const STATE_DIR = '.ghost-author';

/**
 * The state folder ignores itself, as tool caches do: a writer's `git add -A` never commits it
 * (a committed state would hide, in every clone, what a clean clone must work out from Ghost).
 */
export async function ignoreItself(dir: string): Promise<void> {
  await ownFileOnly(path.join(dir, '.gitignore'));
  try {
    await fs.writeFile(path.join(dir, '.gitignore'), '# Ghost Author\'s local records: never committed.\n*\n', { flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') { throw e; }
  }
}
export const STATE_FILE = 'state.json';

type Section = 'posts' | 'creating' | 'uploads';
type Change = { section: Section; key: string; value: unknown };

/**
 * A cache of pushes and uploads, kept in `.ghost-author/state.json` at the project root and
 * shared by the extension and the CLI. Every write re-reads the file and applies only this
 * store's own changes, so two processes (a CLI run and an open window) never drop each other's
 * records. Losing it costs requests, never words: a push without a record compares with Ghost.
 */
export class StateStore {
  private data: StateFile = { version: 1, posts: {}, uploads: {} };
  private writing: Promise<void> = Promise.resolve();

  constructor(readonly root: string) {}

  get file(): string {
    return path.join(this.root, STATE_DIR, STATE_FILE);
  }

  /** Git was asked whether the record is committed, and it is not (asked again after a refusal). */
  private trusted = false;

  private async read(): Promise<StateFile> {
    // A record that came with the repository is refused before it is read (committed.ts).
    if (!this.trusted && await fs.lstat(this.file).then(() => true, () => false)) {
      await refuseCommittedRecords(this.root);
      this.trusted = true;
    }
    try {
      await ownFileOnly(this.file);
      const parsed = JSON.parse(await fs.readFile(this.file, 'utf8')) as Partial<StateFile>;
      return { version: 1, posts: parsed.posts ?? {}, uploads: parsed.uploads ?? {}, ...(parsed.creating ? { creating: parsed.creating } : {}) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') { return { version: 1, posts: {}, uploads: {} }; }
      throw new Error(`${this.file} could not be read (${(e as Error).message}). Fix or delete it: it only caches what was pushed.`);
    }
  }

  /** The file's identity when last read: unchanged on disk, it is not parsed again. */
  private loaded: string | undefined;

  /** Reads what is on disk now (another process may have written since). */
  async load(): Promise<void> {
    await this.writing;
    const st = await fs.stat(this.file).catch(() => undefined);
    const seen = st ? `${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}` : 'none';
    // A folder of a thousand files asks once per file: a large state is parsed only when it changed.
    if (seen === this.loaded) { return; }
    this.data = await this.read();
    this.loaded = seen;
  }

  /** A path relative to the root, with `/`: how files are named in the state. */
  relative(file: string): string {
    return path.relative(this.root, path.resolve(file)).split(path.sep).join('/');
  }

  post(site: string, id: string): PostRecord | undefined {
    return this.data.posts[`${site}|${id}`];
  }

  /** The record of a post by its id alone, whichever site (ids are unique across Ghost sites). */
  postById(id: string): PostRecord | undefined {
    return Object.values(this.data.posts).find((r) => r.id === id);
  }

  setPost(record: PostRecord): Promise<void> {
    return this.change({ section: 'posts', key: `${record.site}|${record.id}`, value: record });
  }

  forgetPost(site: string, id: string): Promise<void> {
    return this.change({ section: 'posts', key: `${site}|${id}`, value: undefined });
  }

  /** Ids of the posts of a site that some file owns. */
  linkedIds(site: string): Set<string> {
    return new Set(Object.values(this.data.posts).filter((r) => r.site === site).map((r) => r.id));
  }

  private pendingKey(site: string, file: string): string {
    return `${site}|${this.relative(file)}`;
  }

  pendingCreate(site: string, file: string): PendingCreate | undefined {
    return this.data.creating?.[this.pendingKey(site, file)];
  }

  setPendingCreate(site: string, file: string, p: Omit<PendingCreate, 'site' | 'file'>): Promise<void> {
    return this.change({ section: 'creating', key: this.pendingKey(site, file), value: { site, file: this.relative(file), ...p } });
  }

  /** Every create in doubt or under way on a site (to find one whose file was renamed since). */
  pendingCreates(site: string): PendingCreate[] {
    return Object.values(this.data.creating ?? {}).filter((p) => p.site === site);
  }

  /** Moves a create's record (`from`, as the state names files) to the file's new path (renamed before the retry). */
  async movePendingCreate(site: string, from: string, to: string): Promise<void> {
    const p = this.data.creating?.[`${site}|${from}`];
    if (!p) { return; }
    const { type, title, uuid, sentAt, hash, settled, postId } = p;
    await this.change({ section: 'creating', key: `${site}|${from}`, value: undefined });
    await this.setPendingCreate(site, to, { type, title, uuid, sentAt, hash, ...(settled ? { settled } : {}), ...(postId ? { postId } : {}) });
  }

  /**
   * Claims the right to create the post of a file: refused (the blocking record is returned) while
   * another create of the same file is under way, in this process or another one (the check and
   * the write happen under the state's lock). Claimed before any upload, so two pushes of one new
   * file at once (publish-on-save during Push, the CLI beside the editor) make one post.
   */
  async claimCreate(site: string, file: string, p: Omit<PendingCreate, 'site' | 'file'>, busy: (existing: PendingCreate) => boolean): Promise<PendingCreate | undefined> {
    const key = this.pendingKey(site, file);
    const mine = this.data.creating?.[key];
    if (mine && busy(mine)) { return mine; }
    const value: PendingCreate = { site, file: this.relative(file), ...p };
    StateStore.apply(this.data, { section: 'creating', key, value });
    let blocker: PendingCreate | undefined;
    await this.onDisk((disk) => {
      const theirs = disk.creating?.[key];
      if (theirs && theirs.uuid !== p.uuid && busy(theirs)) {
        blocker = theirs;
        return false;
      }
      StateStore.apply(disk, { section: 'creating', key, value });
      return true;
    });
    return blocker;
  }

  /** The create's request has ended; with the id of the post it made, when Ghost said. */
  async settlePendingCreate(site: string, file: string, postId?: string): Promise<void> {
    const p = this.pendingCreate(site, file);
    if (!p) { return; }
    await this.change({ section: 'creating', key: this.pendingKey(site, file), value: { ...p, settled: true, ...(postId ? { postId } : {}) } });
  }

  async clearPendingCreate(site: string, file: string): Promise<void> {
    if (!this.pendingCreate(site, file)) { return; }
    await this.change({ section: 'creating', key: this.pendingKey(site, file), value: undefined });
  }

  upload(site: string, hash: string): string | undefined {
    return this.data.uploads[site]?.[hash];
  }

  setUpload(site: string, hash: string, url: string): Promise<void> {
    return this.change({ section: 'uploads', key: `${site}\u0000${hash}`, value: url });
  }

  private static apply(data: StateFile, c: Change): void {
    if (c.section === 'uploads') {
      const [site = '', hash = ''] = c.key.split('\u0000');
      (data.uploads[site] ??= {})[hash] = c.value as string;
      return;
    }
    const table = (c.section === 'posts' ? data.posts : (data.creating ??= {})) as Record<string, unknown>;
    if (c.value === undefined) { delete table[c.key]; } else { table[c.key] = c.value; }
    if (data.creating && !Object.keys(data.creating).length) { delete data.creating; }
  }

  /**
   * Applies one change here and on disk: the file is read again and only this change is applied
   * to it, under a lock file, so that records another process wrote in the meantime survive.
   */
  private change(c: Change): Promise<void> {
    StateStore.apply(this.data, c);
    return this.onDisk((disk) => { StateStore.apply(disk, c); return true; });
  }

  /**
   * Under the lock, after the writes queued before it: the file as on disk now, changed by
   * `edit` and written back when it says so; then this store holds what is on disk.
   */
  private onDisk(edit: (disk: StateFile) => boolean): Promise<void> {
    const next = this.writing.then(() => this.withLock(async () => {
      const disk = await this.read();
      if (edit(disk)) {
        await ownFileOnly(this.file);
        await writeFileAtomic(this.file, `${JSON.stringify(disk, null, 2)}\n`);
      }
      // Take in what others wrote, keeping this change.
      this.data = disk;
      const st = await fs.stat(this.file).catch(() => undefined);
      this.loaded = st ? `${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}` : undefined;
    }));
    this.writing = next.catch(() => undefined);
    return next;
  }

  private async withLock<T>(fn: () => Promise<T>): Promise<T> {
    const lock = `${this.file}.lock`;
    await fs.mkdir(path.dirname(lock), { recursive: true });
    await ignoreItself(path.dirname(lock));
    for (let i = 0; ; i++) {
      try {
        await fs.mkdir(lock);
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') { throw e; }
        const age = Date.now() - ((await fs.stat(lock).catch(() => undefined))?.mtimeMs ?? Date.now());
        // A lock older than 10 s was left by a process that died: take it over.
        if (age > 10_000 || i > 400) { await fs.rm(lock, { recursive: true, force: true }); continue; }
        await new Promise((r) => setTimeout(r, 5 + Math.random() * 20));
      }
    }
    try { return await fn(); } finally { await fs.rm(lock, { recursive: true, force: true }); }
  }
}
