import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { writeFileAtomic } from '../fsutil';

/** What was last pushed to, or pulled from, one post. */
export interface PostRecord {
  site: string;
  id: string;
  type: 'post' | 'page';
  /** Ghost's `updated_at`, exactly as it was read: sent back on the next update. */
  updatedAt: string;
  /** The status Ghost reported then. */
  status?: string;
  /** Hash of what was sent (or would be sent for a pulled file): equal means nothing to push. */
  hash: string;
  /** The tags and authors both sides last agreed on (see relationsAfter in the engine). */
  relations?: string;
}

/** A create whose answer never came back: Ghost may or may not hold the post. */
export interface PendingCreate {
  site: string;
  /** The file, relative to the state's root. */
  file: string;
  type: 'post' | 'page';
  title: string;
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
export const STATE_FILE = 'state.json';

/**
 * The record of pushes and uploads, kept in `.ghost-author/state.json` at the workspace root so
 * that it survives restarts and is shared by the extension and the CLI (commit it for CI).
 */
export class StateStore {
  private data: StateFile = { version: 1, posts: {}, uploads: {} };
  private loaded = false;
  private writing: Promise<void> = Promise.resolve();

  constructor(readonly root: string) {}

  get file(): string {
    return path.join(this.root, STATE_DIR, STATE_FILE);
  }

  async load(): Promise<void> {
    if (this.loaded) { return; }
    try {
      const parsed = JSON.parse(await fs.readFile(this.file, 'utf8')) as Partial<StateFile>;
      this.data = { version: 1, posts: parsed.posts ?? {}, uploads: parsed.uploads ?? {}, ...(parsed.creating ? { creating: parsed.creating } : {}) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new Error(`${this.file} could not be read (${(e as Error).message}). Fix or delete it: it only records what was pushed.`);
      }
    }
    this.loaded = true;
  }

  post(site: string, id: string): PostRecord | undefined {
    return this.data.posts[`${site}|${id}`];
  }

  async setPost(record: PostRecord): Promise<void> {
    this.data.posts[`${record.site}|${record.id}`] = record;
    await this.save();
  }

  async forgetPost(site: string, id: string): Promise<void> {
    delete this.data.posts[`${site}|${id}`];
    await this.save();
  }

  /** Ids of the posts of a site that some file is linked to. */
  linkedIds(site: string): Set<string> {
    return new Set(Object.values(this.data.posts).filter((r) => r.site === site).map((r) => r.id));
  }

  private pendingKey(site: string, file: string): string {
    return `${site}|${path.relative(this.root, file).split(path.sep).join('/')}`;
  }

  pendingCreate(site: string, file: string): PendingCreate | undefined {
    return this.data.creating?.[this.pendingKey(site, file)];
  }

  async setPendingCreate(site: string, file: string, p: Omit<PendingCreate, 'site' | 'file'>): Promise<void> {
    (this.data.creating ??= {})[this.pendingKey(site, file)] = { site, file: path.relative(this.root, file).split(path.sep).join('/'), ...p };
    await this.save();
  }

  /** The create's request has ended; with the id of the post it made, when Ghost said. */
  async settlePendingCreate(site: string, file: string, postId?: string): Promise<void> {
    const p = this.data.creating?.[this.pendingKey(site, file)];
    if (!p) { return; }
    p.settled = true;
    if (postId) { p.postId = postId; }
    await this.save();
  }

  async clearPendingCreate(site: string, file: string): Promise<void> {
    const key = this.pendingKey(site, file);
    if (!this.data.creating?.[key]) { return; }
    delete this.data.creating[key];
    if (!Object.keys(this.data.creating).length) { delete this.data.creating; }
    await this.save();
  }

  upload(site: string, hash: string): string | undefined {
    return this.data.uploads[site]?.[hash];
  }

  async setUpload(site: string, hash: string, url: string): Promise<void> {
    (this.data.uploads[site] ??= {})[hash] = url;
    await this.save();
  }

  /** Writes are serialised so that concurrent pushes never interleave a half-written file. */
  private save(): Promise<void> {
    const next = this.writing.then(() => writeFileAtomic(this.file, `${JSON.stringify(this.data, null, 2)}\n`));
    this.writing = next.catch(() => undefined);
    return next;
  }
}
