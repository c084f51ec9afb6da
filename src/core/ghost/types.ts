/** The shapes of Ghost's Admin API that the engine relies on (fields it does not use are omitted). */

export interface SiteInfo {
  title: string;
  url: string;
  version: string;
  description?: string;
  icon?: string | null;
  /** Present when the site is served from another admin domain. */
  admin_url?: string;
}

export type ContentType = 'posts' | 'pages';
export type PostStatus = 'draft' | 'published' | 'scheduled' | 'sent';

export interface Newsletter { id: string; name: string; slug: string; status: string; visibility?: string }
export interface Tier { id: string; name: string; slug: string; type: 'free' | 'paid'; active: boolean }
/** A post's email (Ghost's `email` relation): there is at most one, ever. */
export interface PostEmail { id: string; status: string; recipient_filter?: string; email_count?: number; created_at?: string; submitted_at?: string | null; error?: string | null }
export interface Tag { id: string; name: string; slug: string; visibility?: string }
export interface Author { id: string; name: string; email?: string; slug: string }

export interface PostLike {
  id: string;
  uuid?: string;
  title: string;
  slug: string;
  status: PostStatus;
  updated_at: string;
  published_at?: string | null;
  created_at?: string;
  url?: string;
  html?: string | null;
  lexical?: string | null;
  mobiledoc?: string | null;
  custom_excerpt?: string | null;
  excerpt?: string | null;
  feature_image?: string | null;
  tags?: Tag[];
  authors?: Author[];
  [field: string]: unknown;
}

export interface Pagination {
  page: number;
  limit: number | 'all';
  pages: number;
  total: number;
  next: number | null;
  prev: number | null;
}

export interface BrowseParams {
  limit?: number;
  page?: number;
  filter?: string;
  order?: string;
  fields?: readonly string[];
  include?: readonly string[];
  formats?: readonly string[];
}

export interface BrowseResult<T> {
  items: T[];
  pagination: Pagination;
}

export type Identity =
  | { kind: 'integration' }
  | { kind: 'staff'; id: string; name: string; email: string; role: string; slug: string };

/** Whether a post is out: on the site (published) or sent by email only (sent). */
export const isLive = (status: string | undefined): boolean => status === 'published' || status === 'sent';
