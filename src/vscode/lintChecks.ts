/**
 * The pre-flight check as the editor loads it: a module of its own beside the extension
 * (`lintChecks.js`), loaded on the first Markdown file checked, so activation never pays for it.
 */
export { lintFile } from '../core/publish/lint';
