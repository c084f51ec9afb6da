import type { AdminKey } from './adminKey';
import { KeyAuth, type SessionAuth } from './auth';
import { ConflictError, GhostApiError, GhostAuthorError, UnexpectedResponseError } from './errors';
import { GhostHttp, type HttpOptions } from './http';
import { pageThrough } from './paging';
import { checkPost, checkPosts, replyObject } from './shapes';
import { isIssuedSend, type EmailSend } from './emailSend';
import { audienceFor, type SiteAddress } from './siteUrl';
import type { TokenSignerOptions } from './token';
import type {
  BrowseParams, BrowseResult, ContentType, Identity, Newsletter, Pagination, Tier, PostLike, SiteInfo, Tag,
} from './types';
import { assetForm, imageForm } from './uploads';

/** Ghost 6 answers at most 100 items a page (and turns `all` into 100). */
export const MAX_PAGE_SIZE = 100;

function browseQuery(p: BrowseParams): Record<string, string | number | undefined> {
  return {
    limit: p.limit === undefined ? undefined : Math.min(p.limit, MAX_PAGE_SIZE),
    page: p.page,
    filter: p.filter,
    order: p.order,
    fields: p.fields?.join(','),
    include: p.include?.join(','),
    formats: p.formats?.join(','),
  };
}

/** Posts or pages: the two share every route and rule. */
export class ContentResource {
  constructor(private readonly http: GhostHttp, readonly type: ContentType) {}

  async browse(params: BrowseParams = {}): Promise<BrowseResult<PostLike>> {
    const res = await this.http.request<unknown>({ method: 'GET', path: `${this.type}/`, query: browseQuery(params) });
    const data = replyObject(res.data, `the list of ${this.type}`);
    const items = checkPosts(data[this.type], this.type, params.fields, [...(params.formats ?? []), ...(params.include ?? [])]);
    const meta = data.meta as { pagination?: unknown } | undefined;
    const pagination = meta && typeof meta === 'object' && typeof meta.pagination === 'object' && meta.pagination !== null
      ? meta.pagination as Pagination
      : { page: 1, limit: items.length, pages: 1, total: items.length, next: null, prev: null };
    return { items, pagination };
  }

  /** Every item, page by page (see pageThrough for how a list is made to end); stops early if the caller breaks out. */
  all(params: BrowseParams = {}): AsyncGenerator<PostLike> {
    const limit = Math.min(params.limit ?? MAX_PAGE_SIZE, MAX_PAGE_SIZE);
    return pageThrough(this.type, (page) => this.browse({ ...params, limit, page }), { start: params.page ?? 1, limit });
  }

  async read(id: string, params: Pick<BrowseParams, 'fields' | 'include' | 'formats'> = {}): Promise<PostLike> {
    return this.one(await this.http.request({ method: 'GET', path: `${this.type}/${encodeURIComponent(id)}/`, query: browseQuery(params) }), params.fields);
  }

  async readBySlug(slug: string, params: Pick<BrowseParams, 'fields' | 'include' | 'formats'> = {}): Promise<PostLike> {
    return this.one(await this.http.request({ method: 'GET', path: `${this.type}/slug/${encodeURIComponent(slug)}/`, query: browseQuery(params) }), params.fields);
  }

  /** Creates; with `source: 'html'` Ghost converts `html` to its editor format. */
  async create(fields: Partial<PostLike>, opts: { source?: 'html' } = {}): Promise<PostLike> {
    try {
      return this.one(await this.http.request({
        method: 'POST', path: `${this.type}/`, query: { source: opts.source, include: 'tags,authors' }, body: { [this.type]: [fields] },
      }));
    } catch (e) {
      throw explainRefusal(e, fields, 'create');
    }
  }

  /**
   * Updates; `fields.updated_at` must be the exact value last read. A newer version in Ghost
   * raises ConflictError carrying it, and nothing is written.
   */
  async update(id: string, fields: Partial<PostLike> & { updated_at: string }, opts: { source?: 'html'; send?: EmailSend } = {}): Promise<PostLike> {
    // The one door for email: only a send issued after the writer confirmed it reaches Ghost.
    if (opts.send !== undefined && !isIssuedSend(opts.send)) {
      throw new GhostAuthorError('Refused to send an email that was not confirmed.', 'Publish with an explicit newsletter and confirm the send. Nothing was sent.');
    }
    for (const k of ['newsletter', 'email_segment', 'email_recipient_filter'] as const) {
      if (k in fields) { throw new GhostAuthorError(`Refused to send ${k} as a field: email goes out only through a confirmed send.`); }
    }
    try {
      return this.one(await this.http.request({
        method: 'PUT', path: `${this.type}/${encodeURIComponent(id)}/`,
        query: { source: opts.source, include: 'tags,authors', newsletter: opts.send?.newsletter, email_segment: opts.send?.segment },
        body: { [this.type]: [fields] },
      }));
    } catch (e) {
      if (GhostApiError.is(e) && e.status === 403) {
        throw explainRefusal(e, fields, 'edit');
      }
      if (GhostApiError.is(e) && e.status === 409) {
        const conflict = new ConflictError(e.status, e.body, `This ${this.type === 'posts' ? 'post' : 'page'} was changed in Ghost after it was last fetched, so nothing was overwritten.`, 'Compare the two versions, then choose which to keep.');
        conflict.server = await this.read(id, { formats: ['html', 'lexical'], include: ['tags', 'authors'] }).catch(() => undefined);
        throw conflict;
      }
      throw e;
    }
  }

  async delete(id: string): Promise<void> {
    await this.http.request({ method: 'DELETE', path: `${this.type}/${encodeURIComponent(id)}/` });
  }

  private one(res: { data: unknown }, fields?: readonly string[]): PostLike {
    const list = replyObject(res.data, `a request for ${this.type}`)[this.type];
    const item: unknown = Array.isArray(list) ? list[0] : undefined;
    if (!item) { throw new UnexpectedResponseError(200, `Ghost's answer held no ${this.type}.`, 'Check that the URL is the Ghost site itself, not a proxy or another app in front of it.'); }
    checkPost(item, this.type, fields);
    return item;
  }
}

/** A 403 on a write says which right was missing: publishing, or writing at all. */
function explainRefusal(e: unknown, fields: Partial<PostLike>, action: 'create' | 'edit'): unknown {
  if (!GhostApiError.is(e) || e.status !== 403) { return e; }
  if (fields.status === 'published' || fields.status === 'scheduled') {
    return new GhostApiError(e.status, e.body, `Your role on this site cannot ${fields.status === 'scheduled' ? 'schedule' : 'publish'} posts (Ghost: “${e.message}”).`,
      'Contributors write drafts; an Editor or Administrator publishes them. Push it as a draft, or use a key of someone allowed to publish.');
  }
  return new GhostApiError(e.status, e.body, `Ghost refused to ${action} this: ${e.message}`,
    action === 'create' ? 'Contributors and Authors may only create posts that name themselves as author; other roles need the right to write posts.' : 'Your role may only edit your own drafts.');
}

export class GhostClient {
  readonly posts: ContentResource;
  readonly pages: ContentResource;

  constructor(readonly http: GhostHttp) {
    this.posts = new ContentResource(http, 'posts');
    this.pages = new ContentResource(http, 'pages');
  }

  static withKey(site: SiteAddress, key: AdminKey, opts: HttpOptions & TokenSignerOptions): GhostClient {
    const auth = new KeyAuth(key, { logger: opts.logger, now: opts.now, audience: opts.audience ?? audienceFor(site) });
    return new GhostClient(new GhostHttp(site, { ...opts, auth }));
  }

  static withSession(site: SiteAddress, session: SessionAuth, opts: HttpOptions): GhostClient {
    return new GhostClient(new GhostHttp(site, { ...opts, auth: session }));
  }

  get site(): SiteAddress {
    return this.http.site;
  }

  resource(type: ContentType): ContentResource {
    return type === 'posts' ? this.posts : this.pages;
  }

  /** The public site information; needs no credentials. */
  async siteInfo(): Promise<SiteInfo> {
    const { data } = await this.http.request<{ site?: SiteInfo }>({ method: 'GET', path: 'site/', anonymous: true });
    if (!data?.site?.version) {
      throw new GhostApiError(200, {}, `${this.site.adminUrl} answered, but not like a Ghost site.`, 'Check the URL: it should be the address of your Ghost site or its admin domain.');
    }
    return data.site;
  }

  /** Who the credentials belong to: an integration, or a staff user with a role. */
  async identity(): Promise<Identity> {
    try {
      const { data } = await this.http.request<{ users?: Array<{ id: string; name: string; email: string; slug: string; roles?: Array<{ name: string }> }> }>({
        method: 'GET', path: 'users/me/', query: { include: 'roles', fields: 'id,name,email,slug' },
      });
      const user = data.users?.[0];
      if (user) {
        return { kind: 'staff', id: user.id, name: user.name, email: user.email, slug: user.slug, role: user.roles?.[0]?.name ?? 'Unknown' };
      }
    } catch (e) {
      // An integration has no user: Ghost refuses `me` for it, but the key itself was accepted.
      if (!(GhostApiError.is(e) && (e.status === 403 || e.status === 404) && this.http.auth?.kind === 'key')) {
        throw e;
      }
    }
    // Make sure the credentials work at all before calling them an integration.
    await this.posts.browse({ limit: 1, fields: ['id'] });
    return { kind: 'integration' };
  }

  /** Uploads audio or video for its card (`/media/upload/`). Returns Ghost's URL. */
  uploadMedia(file: string, type: string, data: Uint8Array, ref?: string): Promise<{ url: string; ref?: string }> {
    return this.uploadAsset('media', file, type, data, ref);
  }

  /** Uploads a file for a file card (`/files/upload/`). Returns Ghost's URL. */
  uploadFile(file: string, type: string, data: Uint8Array, ref?: string): Promise<{ url: string; ref?: string }> {
    return this.uploadAsset('files', file, type, data, ref);
  }

  private async uploadAsset(kind: 'media' | 'files', file: string, type: string, data: Uint8Array, ref?: string): Promise<{ url: string; ref?: string }> {
    const { data: res } = await this.http.request<Record<string, Array<{ url: string; ref?: string }> | undefined>>({
      // A large video over a slow line takes long to send: an hour in all, five minutes of silence.
      method: 'POST', path: `${kind}/upload/`, body: assetForm(file, type, data, ref), timeoutMs: 300_000, deadlineMs: 3_600_000,
    });
    const uploaded = res[kind]?.[0];
    if (!uploaded?.url) { throw new Error('Ghost accepted the upload but returned no URL.'); }
    return uploaded;
  }

  /** Uploads an image; its type is checked here, before anything is sent. Returns Ghost's URL. */
  async uploadImage(file: string, opts: { ref?: string; data?: Uint8Array } = {}): Promise<{ url: string; ref?: string }> {
    const form = await imageForm(file, opts);
    const { data } = await this.http.request<{ images?: Array<{ url: string; ref?: string }> }>({
      method: 'POST', path: 'images/upload/', body: form, timeoutMs: 120_000, deadlineMs: 1_200_000,
    });
    const image = data.images?.[0];
    if (!image?.url) { throw new Error('Ghost accepted the upload but returned no URL.'); }
    return image;
  }

  /**
   * What Ghost reads from a web page for a bookmark card (`/oembed/?type=bookmark`): its title,
   * description, icon, thumbnail… Ghost fetches the page itself, so it fails (422) when the site
   * cannot reach it.
   */
  async bookmark(url: string): Promise<Record<string, unknown>> {
    const { data } = await this.http.request<{ metadata?: Record<string, unknown> }>({ method: 'GET', path: 'oembed/', query: { url, type: 'bookmark' }, timeoutMs: 30_000 });
    if (!data.metadata || typeof data.metadata !== 'object') { throw new Error('Ghost answered the bookmark request without metadata.'); }
    return data.metadata;
  }

  /** Ghost's embed of a page from a known provider (`/oembed/?url=`): `type`, `html` and the rest of the oEmbed answer. */
  async embed(url: string): Promise<Record<string, unknown>> {
    const { data } = await this.http.request<Record<string, unknown>>({ method: 'GET', path: 'oembed/', query: { url }, timeoutMs: 30_000 });
    return data;
  }

  async newsletters(): Promise<Newsletter[]> {
    const { data } = await this.http.request<{ newsletters?: Newsletter[] }>({
      method: 'GET', path: 'newsletters/', query: { limit: MAX_PAGE_SIZE, filter: 'status:active', fields: 'id,name,slug,status' },
    });
    return data.newsletters ?? [];
  }

  /** A newsletter by its slug, active or archived; undefined when the site has none of that slug. */
  async newsletter(slug: string): Promise<Newsletter | undefined> {
    const { data } = await this.http.request<{ newsletters?: Newsletter[] }>({
      method: 'GET', path: 'newsletters/', query: { filter: `slug:'${slug.replace(/'/g, "\\'")}'`, fields: 'id,name,slug,status,visibility', limit: 1 },
    });
    return data.newsletters?.[0];
  }

  /** How many members a filter matches (Ghost checks the filter: a 400 means it is not one). */
  async countMembers(filter: string): Promise<number> {
    const { data } = await this.http.request<{ meta?: { pagination?: { total?: number } } }>({
      method: 'GET', path: 'members/', query: { filter, limit: 1, fields: 'id' },
    });
    return data.meta?.pagination?.total ?? 0;
  }

  async tiers(): Promise<Tier[]> {
    const { data } = await this.http.request<{ tiers?: Tier[] }>({ method: 'GET', path: 'tiers/', query: { limit: 'all' } });
    return data.tiers ?? [];
  }

  async labels(): Promise<Array<{ name: string; slug: string }>> {
    const { data } = await this.http.request<{ labels?: Array<{ name: string; slug: string }> }>({ method: 'GET', path: 'labels/', query: { limit: 'all', fields: 'name,slug' } });
    return data.labels ?? [];
  }

  /**
   * Ghost's own rendering of a post's email (staff only: an integration key is refused), for a
   * newsletter and, for `status:free` / `status:-free`, as free or paying members see it.
   */
  async emailPreview(postId: string, opts: { newsletter?: string; segment?: string } = {}): Promise<{ subject: string; html: string; plaintext: string }> {
    const { data } = await this.http.request<{ email_previews?: Array<{ subject: string; html: string; plaintext: string }> }>({
      method: 'GET', path: `email_previews/posts/${encodeURIComponent(postId)}/`, query: { newsletter: opts.newsletter, ...memberView(opts.segment) },
    });
    const p = data.email_previews?.[0];
    if (!p) { throw new GhostAuthorError('Ghost answered the email preview without one.', 'Try again; check the log.'); }
    return p;
  }

  /** Ghost sends one test email of a post to one address (staff only; needs the site's bulk email set up). */
  async sendTestEmail(postId: string, to: string, opts: { newsletter?: string; segment?: string } = {}): Promise<void> {
    const view = memberView(opts.segment);
    await this.http.request({
      method: 'POST', path: `email_previews/posts/${encodeURIComponent(postId)}/`,
      body: { emails: [to], ...(opts.newsletter ? { newsletter: opts.newsletter } : {}), ...(view.memberSegment ? { memberSegment: view.memberSegment, member_status: view.member_status } : {}) },
    });
  }

  private zone: Promise<string> | undefined;

  /** The site's time zone (Ghost's `timezone` setting, e.g. Europe/Berlin); read once per client. */
  timezone(): Promise<string> {
    if (!this.zone) {
      const zone = this.http.request<{ settings?: Array<{ key: string; value: unknown }> }>({ method: 'GET', path: 'settings/' })
        .then(({ data }) => {
          const v = data.settings?.find((x) => x.key === 'timezone')?.value;
          return typeof v === 'string' && v ? v : 'Etc/UTC';
        });
      zone.catch(() => { if (this.zone === zone) { this.zone = undefined; } });
      this.zone = zone;
    }
    return this.zone;
  }

  /** Which of these emails belong to staff users of the site (all staff emails when none are given). */
  async staffEmails(emails: readonly string[] = []): Promise<string[]> {
    const quoted = emails.map((e) => `'${e.replace(/'/g, "\\'")}'`).join(',');
    const { data } = await this.http.request<{ users?: Array<{ email: string }> }>({
      method: 'GET', path: 'users/', query: { filter: emails.length ? `email:[${quoted}]` : undefined, fields: 'id,email', limit: MAX_PAGE_SIZE },
    });
    return (data.users ?? []).map((u) => u.email);
  }

  /** The site's redirects file as Ghost keeps it (YAML); a staff user's key may read it, an integration's may not. */
  async redirects(): Promise<string> {
    const { data } = await this.http.request<string>({ method: 'GET', path: 'redirects/download/', text: true, maxBytes: 5 * 1024 * 1024 });
    return typeof data === 'string' ? data : '';
  }

  /** Replaces the site's redirects with this list (Ghost's JSON form): the whole file, not an addition. */
  async uploadRedirects(json: string): Promise<void> {
    const form = new FormData();
    form.append('redirects', new Blob([json], { type: 'application/json' }), 'redirects.json');
    await this.http.request({ method: 'POST', path: 'redirects/upload/', body: form, idempotent: true });
  }

  /** The site's staff users (up to a page of them): who an author named by slug or name is. */
  async staffUsers(): Promise<Array<{ slug: string; name: string; email: string }>> {
    const { data } = await this.http.request<{ users?: Array<{ slug?: unknown; name?: unknown; email?: unknown }> }>({
      method: 'GET', path: 'users/', query: { fields: 'id,slug,name,email', limit: MAX_PAGE_SIZE },
    });
    return (data.users ?? []).filter((u) => typeof u.email === 'string' && typeof u.slug === 'string')
      .map((u) => ({ slug: String(u.slug), name: typeof u.name === 'string' ? u.name : '', email: String(u.email) }));
  }

  /** Every tag of the site, page by page (see pageThrough for how a list is made to end). */
  async tags(): Promise<Tag[]> {
    const out: Tag[] = [];
    const read = async (page: number) => {
      const res = await this.http.request<unknown>({ method: 'GET', path: 'tags/', query: { limit: MAX_PAGE_SIZE, page, fields: 'id,name,slug,visibility' } });
      const data = replyObject(res.data, 'the list of tags');
      const tags = data.tags ?? [];
      if (!Array.isArray(tags) || !tags.every((t) => typeof t === 'object' && t !== null && typeof t.id === 'string' && typeof t.name === 'string' && typeof t.slug === 'string')) {
        throw new UnexpectedResponseError(200, 'Ghost\'s answer is not shaped as Ghost\'s API: its tags are not a list of tags with an id, a name and a slug.', 'Check that the URL is the Ghost site itself, not a proxy or another app in front of it.');
      }
      return { items: tags as Tag[], pagination: (data.meta as { pagination?: unknown } | undefined)?.pagination };
    };
    for await (const t of pageThrough('tags', read, { limit: MAX_PAGE_SIZE })) { out.push(t); }
    return out;
  }
}

/** How Ghost 6 (member_status) and 5 (memberSegment) name the free and paid views of an email. */
function memberView(segment: string | undefined): { member_status?: string; memberSegment?: string } {
  if (segment === 'status:free') { return { member_status: 'free', memberSegment: 'status:free' }; }
  if (segment === 'status:-free') { return { member_status: 'paid', memberSegment: 'status:-free' }; }
  return {};
}
