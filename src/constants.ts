/** Every identifier the extension contributes, in one place (package.json must agree). */
export const EXTENSION_ID = 'ghost-author.ghost-author';

export const Commands = {
  connectSite: 'ghostAuthor.connectSite',
  removeSite: 'ghostAuthor.removeSite',
  switchSite: 'ghostAuthor.switchSite',
  refresh: 'ghostAuthor.refresh',
  loadMore: 'ghostAuthor.loadMore',
  openInBrowser: 'ghostAuthor.openInBrowser',
  openInGhost: 'ghostAuthor.openInGhost',
  showLog: 'ghostAuthor.showLog',
  publish: 'ghostAuthor.publish',
  pushDraft: 'ghostAuthor.push',
  schedule: 'ghostAuthor.schedule',
  unpublish: 'ghostAuthor.unpublish',
  pullPost: 'ghostAuthor.pullPost',
  newPost: 'ghostAuthor.newPost',
  newPage: 'ghostAuthor.newPage',
  fileActions: 'ghostAuthor.fileActions',
  preview: 'ghostAuthor.preview',
  openGhostPreview: 'ghostAuthor.openGhostPreview',
  signIn: 'ghostAuthor.signIn',
  signOut: 'ghostAuthor.signOut',
  rotateKey: 'ghostAuthor.rotateKey',
  copyUrl: 'ghostAuthor.copyUrl',
  deleteItem: 'ghostAuthor.deleteItem',
  publishItem: 'ghostAuthor.publishItem',
  unpublishItem: 'ghostAuthor.unpublishItem',
  scheduleItem: 'ghostAuthor.scheduleItem',
  filter: 'ghostAuthor.filter',
  syncWorkspace: 'ghostAuthor.syncWorkspace',
  pullAll: 'ghostAuthor.pullAll',
  refreshFileStates: 'ghostAuthor.refreshFileStates',
  previewEmail: 'ghostAuthor.previewEmail',
  sendTestEmail: 'ghostAuthor.sendTestEmail',
} as const;

export const Views = {
  container: 'ghostAuthor',
  content: 'ghostAuthor.content',
} as const;

export const ContextKeys = {
  hasSites: 'ghostAuthor.hasSites',
} as const;

export const Settings = {
  section: 'ghostAuthor',
  pageSize: 'pageSize',
  publishOnSave: 'publishOnSave',
  publishOnSaveDelay: 'publishOnSaveDelay',
  renderMode: 'renderMode',
} as const;

/** The scheme of read-only documents showing Ghost's version of a post. */
export const GHOST_SCHEME = 'ghost-author';

/** SecretStorage keys. The site list is kept there too, so it follows the secrets across windows. */
export const SecretKeys = {
  sites: 'ghostAuthor.sites',
  credential: (siteId: string) => `ghostAuthor.site.${siteId}.credential`,
} as const;
