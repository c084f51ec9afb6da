/** The columns the tree shows; lists ask Ghost for these alone (a full post is tens of kB). */
export const LIST_FIELDS = ['id', 'title', 'slug', 'status', 'updated_at', 'published_at', 'url'] as const;
