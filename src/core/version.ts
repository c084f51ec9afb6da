// Only the version is taken from the manifest (a named import: the bundle keeps that one key).
import { version } from '../../package.json';

export const VERSION: string = version;
export const USER_AGENT = `GhostAuthor/${version} (+https://github.com/ghost-author/ghost-author)`;
