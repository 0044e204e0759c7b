/**
 * @module cli/options
 * The option helpers now live in src/scan/defaults.ts (shared with `serve`); re-exported here
 * for the CLI's commands.
 */
export { checkOffset, collect, DEFAULTS, intOption, parsePorts } from '../scan/defaults.js';
