#!/usr/bin/env node
// Builds the start-up path of the installed and the checkout CLI (run by `npm run build`, hence
// by `prepack`), after tsc:
//
//   dist/bundle/cli.cjs             oclif's execute and every command (commands/*.ts), one file
//   dist/bundle/build-id            a hash of cli.cjs: it names the code-cache entries
//   dist/bundle/commands/{id}.cjs   what the manifest points at: that command, out of cli.cjs
//   dist/bundle/lib/{name}.cjs      the GitHub and ClickHouse clients, required on first use
//   dist/bundle/recover-worker.js   the recover worker (recover-pool finds it beside cli.cjs)
//   dist/bundle/convert-worker.js   ship's convert worker (convert-lanes finds it the same way)
//   dist/bundle/chunk-*.js          code the two workers share
//   oclif.manifest.json             each command's flags and help, pointing at commands/{id}.cjs
//
// Why: resolving, reading and compiling ~330 small files (oclif and its dependencies, zod, src/)
// was most of a command's start-up, and compiling the code it runs is most of what is left.
// bin/run.js loads cli.cjs through src/cli/bundle-loader.ts, which keeps V8's compiled code per
// user and per command, so a command's second and later runs skip compiling; a manifest spares
// oclif importing every command to learn its flags. Measured in bench/startup.js.
//
// bin/run.js uses all this only while the manifest is newer than dist/commands (else a plain
// `tsc` after a change would leave a stale bundle running); bin/dev.js never uses it.
import {createHash} from 'node:crypto'
import {mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs'
import {readFile} from 'node:fs/promises'
import {fileURLToPath} from 'node:url'
import {build} from 'esbuild'
import {Plugin} from '@oclif/core/config'

const root = fileURLToPath(new URL('..', import.meta.url))
const outdir = `${root}dist/bundle`
const manifestPath = `${root}oclif.manifest.json`

// No stale manifest may outlive a failed build: bin/run.js would trust it.
rmSync(manifestPath, {force: true})
rmSync(outdir, {recursive: true, force: true})

// zod exports its ~40 locales as a namespace (`z.locales`, `z.core.locales`) that nothing here
// uses; bundled, they are ~360 KB that every start would compile. English stays (zod imports
// locales/en.js itself for its default messages).
const zodWithoutLocales = {
  name: 'zod-without-locales',
  setup(b) {
    b.onResolve({filter: /\/locales\/index\.js$/}, (args) => (args.importer.includes('/node_modules/zod/') ? {path: 'zod-locales', namespace: 'td-empty'} : undefined))
    b.onLoad({filter: /.*/, namespace: 'td-empty'}, () => ({contents: 'export {}', loader: 'js'}))
  },
}

// Dependencies oclif loads up front but calls only on paths the bundle never takes: globbing the
// commands dir and matching core plugins by pattern (both only without a manifest, and the
// bundle is used only with one), and the spinner of ux.action (no command here uses it). Each is
// replaced by a module whose functions throw, so a future use fails loudly instead of silently.
const UNUSED_IN_BUNDLE = ['tinyglobby', 'minimatch', 'cli-spinners']
const unusedDependencies = {
  name: 'unused-dependencies',
  setup(b) {
    const filter = new RegExp(`^(${UNUSED_IN_BUNDLE.join('|')})$`)
    b.onResolve({filter}, (args) => ({path: args.path, namespace: 'td-unused'}))
    b.onLoad({filter: /.*/, namespace: 'td-unused'}, (args) => ({
      contents: `const fail = () => { throw new Error(${JSON.stringify(`${args.path} is not part of the bundled trace-doctor (scripts/bundle.js)`)}) }
module.exports = new Proxy({}, {get: (_, key) => (key === '__esModule' ? false : fail)})`,
      loader: 'js',
    }))
  },
}

// oclif sorts the manifest's commands with `localeCompare`, whose first call in a process loads
// ICU's collator: ~15 ms of every start (measured with --cpu-prof). Command ids are ASCII, so the
// code-unit order is the same order. The build fails if oclif's line changes, so an upgrade is
// looked at rather than silently slow.
const OCLIF_COMMAND_SORT = '.sort((a, b) => a.id.localeCompare(b.id));'
const ordinalCommandSort = {
  name: 'ordinal-command-sort',
  setup(b) {
    b.onLoad({filter: /[\\/]@oclif[\\/]core[\\/]lib[\\/]config[\\/]plugin\.js$/}, async (args) => {
      const text = await readFile(args.path, 'utf8')
      if (!text.includes(OCLIF_COMMAND_SORT)) throw new Error(`${args.path}: oclif's command sort changed; revisit scripts/bundle.js (ordinal-command-sort)`)
      return {contents: text.replace(OCLIF_COMMAND_SORT, '.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));'), loader: 'js'}
    })
  },
}

// `debug` (oclif's logger and secretlint's) costs ~7 ms of every start to set up colours and
// read the environment, for output nobody sees unless DEBUG is set. Unset, each logger is a
// no-op with debug's shape; set, the real `debug` is loaded on the first logger made (its module
// stays in the bundle, evaluated only then), so `DEBUG=oclif:*` works as before.
const debugOnlyWhenAsked = {
  name: 'debug-only-when-asked',
  setup(b) {
    b.onResolve({filter: /^debug$/}, (args) => ({path: 'debug', namespace: 'td-debug', pluginData: {resolveDir: args.resolveDir}}))
    b.onLoad({filter: /.*/, namespace: 'td-debug'}, (args) => ({
      resolveDir: args.pluginData.resolveDir,
      loader: 'js',
      contents: `const off = Object.assign(function () {}, {enabled: false, namespace: '', log() {}, destroy() { return false }})
off.extend = () => off
module.exports = (namespace) => (process.env.DEBUG ? require('debug/src/index.js')(namespace) : off)`,
    }))
  },
}

const commands = readdirSync(`${root}commands`).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3))
for (const id of commands) if (!/^[a-z][a-z0-9-]*$/.test(id)) throw new Error(`command file name ${id}.ts: ids are lower-case words (they name files and cache entries)`)

const shared = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  // oclif's optional TypeScript support (development only) must stay a runtime lookup.
  external: ['typescript', 'ts-node', 'tsx'],
  // Fewer bytes to read and compile. Identifiers are kept: error classes name themselves after
  // their class (src/errors.ts), and stack traces stay readable.
  minifyWhitespace: true,
  minifySyntax: true,
  // ...in lines of about 160 characters, not one line per module: a crash that Node reports with
  // its source line (an uncaught error) shows one short line instead of tens of KB of code.
  lineLimit: 160,
  plugins: [zodWithoutLocales, unusedDependencies, ordinalCommandSort, debugOnlyWhenAsked],
  logLevel: 'warning',
}

// The CLI: one CommonJS file (oclif's execute and every command), so that bin/run.js can load it
// with a V8 code cache (src/cli/bundle-loader.ts); Node 20 has no code cache for ES modules.
// Whatever a command imports lazily (secretlint, the page code) stays lazy: esbuild evaluates
// those modules on first use, and the cache skips compiling them.
// Each command's module (and what it imports) is evaluated only when oclif asks for that command:
// a getter around require(), which esbuild keeps lazy. `--help` evaluates none of them.
const cliEntry = [
  "export {execute} from '@oclif/core/execute'",
  'export const COMMANDS = {',
  ...commands.map((id) => `  get ${JSON.stringify(id)}() { return require('./commands/${id}.ts').default },`),
  '}',
].join('\n')
// The network clients, used only when `issue` files and `ship`/`sessions --clickhouse` connect,
// stay out of cli.cjs: each is its own CommonJS file in lib/, required on first use. Every start
// compiles cli.cjs on its first run (and reads its code cache after), and these ~250 KB would
// only weigh on that; a command that talks to a server does not notice a few ms of compiling.
// They hold third-party code only (nothing of src/, whose error classes must exist once).
const NETWORK_LIBRARIES = {
  octokit: {
    packages: ['@octokit/rest', '@octokit/plugin-retry', '@octokit/plugin-throttling'],
    entry: "export {Octokit} from '@octokit/rest'\nexport {retry} from '@octokit/plugin-retry'\nexport {throttling} from '@octokit/plugin-throttling'",
  },
  clickhouse: {packages: ['@clickhouse/client'], entry: "export * from '@clickhouse/client'"},
}
const networkLibraries = {
  name: 'network-libraries',
  setup(b) {
    for (const [name, {packages}] of Object.entries(NETWORK_LIBRARIES)) {
      const filter = new RegExp(`^(${packages.map((p) => p.replace(/[/.]/g, '\\$&')).join('|')})$`)
      b.onResolve({filter}, () => ({path: `./lib/${name}.cjs`, external: true}))
    }
  },
}
for (const [name, {entry}] of Object.entries(NETWORK_LIBRARIES)) {
  await build({...shared, stdin: {contents: entry, resolveDir: root, sourcefile: `${name}.ts`, loader: 'ts'}, outfile: `${outdir}/lib/${name}.cjs`, format: 'cjs'})
}

const cli = await build({
  ...shared,
  plugins: [...shared.plugins, networkLibraries],
  stdin: {contents: cliEntry, resolveDir: root, sourcefile: 'trace-doctor-cli.ts', loader: 'ts'},
  outfile: `${outdir}/cli.cjs`,
  format: 'cjs',
  // import() inside a script that V8 restored from a code cache fails on Node 20 ("A dynamic
  // import callback was not specified"), so none may remain: esbuild turns each into a require
  // (Node's built-ins; what it bundles it loads lazily either way). Checked below.
  supported: {'dynamic-import': false},
  metafile: Boolean(process.env.BUNDLE_METAFILE),
  // Worker files are found beside the bundle: new URL('./recover-worker.js', import.meta.url).
  define: {'import.meta.url': '__tdBundleUrl'},
  banner: {js: "var __tdBundleUrl = require('node:url').pathToFileURL(__filename).href;"},
})

const cliBytes = readFileSync(`${outdir}/cli.cjs`)
const leftImport = /(?<![\w$.'"`])import\(/.exec(cliBytes.toString('utf8'))
if (leftImport) throw new Error(`dist/bundle/cli.cjs still calls import() (at ${leftImport.index}): it cannot run from a code cache on Node 20`)

// The worker threads (recover's, ship's) start from their own ES module entries; what they share
// goes to chunk-*.js beside them.
await build({
  ...shared,
  entryPoints: [
    {in: 'src/recover/recover-worker.ts', out: 'recover-worker'},
    {in: 'src/fleet/convert-worker.ts', out: 'convert-worker'},
  ],
  outdir,
  splitting: true,
  format: 'esm',
  chunkNames: 'chunk-[hash]',
  // CommonJS dependencies call require() for Node's built-ins and JSON files.
  banner: {js: "import {createRequire as __tdCreateRequire} from 'node:module'; const require = __tdCreateRequire(import.meta.url);"},
})

// One small file per command for oclif's manifest to point at: oclif requires it when the command
// runs, and it hands over that command from the CLI bundle bin/run.js has already loaded.
mkdirSync(`${outdir}/commands`)
for (const id of commands) {
  writeFileSync(`${outdir}/commands/${id}.cjs`, `module.exports = require('../cli.cjs').COMMANDS[${JSON.stringify(id)}]\n`)
}

// The build's identity names its code-cache entries: a cache made for other bytes is never offered.
const buildId = createHash('sha256').update(cliBytes).digest('hex').slice(0, 16)
writeFileSync(`${outdir}/build-id`, `${buildId}\n`)
if (cli.metafile) writeFileSync(process.env.BUNDLE_METAFILE, JSON.stringify(cli.metafile))

// The manifest is oclif's own format (what `oclif manifest` writes), read from the built commands.
const plugin = new Plugin({root, isRoot: true, type: 'core', ignoreManifest: true, errorOnManifestCreate: true, respectNoCacheDefault: true})
await plugin.load()
const manifest = plugin.manifest
for (const [id, command] of Object.entries(manifest.commands)) {
  if (!commands.includes(id)) throw new Error(`manifest lists ${id}, which commands/ does not have`)
  command.relativePath = ['dist', 'bundle', 'commands', `${id}.cjs`]
  command.isESM = false
}
writeFileSync(`${manifestPath}.tmp`, JSON.stringify(manifest, null, 2) + '\n')
renameSync(`${manifestPath}.tmp`, manifestPath)
console.log(`dist/bundle: cli.cjs (build ${buildId}), 2 workers, ${commands.length} command files; oclif.manifest.json: ${Object.keys(manifest.commands).length} commands`)
