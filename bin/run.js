#!/usr/bin/env node
// Start-up (figures: bench/startup.js).
// `npm run build` (and so `prepack`) bundles the CLI into dist/bundle/cli.cjs and writes
// oclif.manifest.json pointing at it, so a command loads one file instead of ~330, oclif never
// imports every command to learn its flags, and src/cli/bundle-loader.ts keeps V8's compiled code
// of each command between runs. That path is taken only while the manifest is at least as new as
// every dist/commands/*.js and each has its bundled command file: after a plain `tsc` the compiled
// dist/ runs instead, with the manifest ignored, so a changed command is what runs.
import {readdirSync, statSync} from 'node:fs'
import module from 'node:module'
import {homedir} from 'node:os'
import {fileURLToPath} from 'node:url'

// Node 22.1+ keeps V8's compiled code of the files it loads itself (this one, the worker
// threads' bundles) in the OS temp dir; Node 20 has no such call.
module.enableCompileCache?.()

const root = new URL('..', import.meta.url)

/** The command ids the fresh bundle holds, or null when it is missing or older than dist/commands. */
function freshBundleCommands() {
  try {
    const built = statSync(new URL('oclif.manifest.json', root)).mtimeMs
    const ids = []
    for (const name of readdirSync(new URL('dist/commands/', root))) {
      if (!name.endsWith('.js')) continue
      if (statSync(new URL(`dist/commands/${name}`, root)).mtimeMs > built) return null
      const id = name.slice(0, -3)
      statSync(new URL(`dist/bundle/commands/${id}.cjs`, root))
      ids.push(id)
    }
    return ids
  } catch {
    return null
  }
}

const bundled = freshBundleCommands()
if (bundled) {
  const {loadBundle} = await import('../dist/src/cli/bundle-loader.js')
  const command = bundled.includes(process.argv[2]) ? process.argv[2] : null
  const {execute} = loadBundle(fileURLToPath(new URL('dist/bundle/cli.cjs', root)), {command, env: process.env, home: homedir(), uid: process.getuid()})
  await execute({dir: import.meta.url})
} else {
  const [{execute}, {Plugin}] = await Promise.all([import('@oclif/core/execute'), import('@oclif/core/config')])
  const dir = fileURLToPath(root)
  const plugin = new Plugin({root: dir, isRoot: true, ignoreManifest: true})
  await plugin.load()
  await execute({dir: import.meta.url, loadOptions: {root: dir, plugins: new Map([[plugin.name, plugin]])}})
}
