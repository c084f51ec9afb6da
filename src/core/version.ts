import pkg from '../../package.json';

export const VERSION: string = pkg.version;
export const USER_AGENT = `GhostAuthor/${pkg.version} (+https://github.com/ghost-author/ghost-author)`;
