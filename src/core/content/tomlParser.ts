/**
 * smol-toml, as a module the bundles keep in a file of their own (`tomlParser.js`): only toml.ts
 * loads it, when a file or a configuration is TOML, so activation never parses it. It holds no
 * state of ours.
 */
export { parse, TomlDate, TomlError } from 'smol-toml';
