/**
 * The entry of the bundled CLI (scripts/bundle.js → dist/bundle/run.js), imported by bin/run.js.
 * Only oclif's `execute` (not its package index, which also loads help, ux and semver).
 */
export {execute} from '@oclif/core/execute'
