#!/usr/bin/env node
// Start-up (figures: bench/startup.js).
// `npm run build` (and so `prepack`) bundles the CLI into dist/bundle and writes
// oclif.manifest.json pointing at it, so a command loads a few files instead of ~330 and oclif
// never imports every command to learn its flags. That path is taken only while the manifest is
// at least as new as every dist/commands/*.js and each has its bundle: after a plain `tsc` the
// compiled dist/ runs instead, with the manifest ignored, so a changed command is what runs.
import {readdirSync, statSync} from 'node:fs'
import module from 'node:module'
import {fileURLToPath} from 'node:url'

// Node 22.1+ keeps V8's compiled code on disk (in the OS temp dir, keyed by file content), so a
// later start skips most compiling; Node 20 has no such call and compiles every start.
module.enableCompileCache?.()

const root = new URL('..', import.meta.url)

function bundleIsFresh() {
  try {
    const built = statSync(new URL('oclif.manifest.json', root)).mtimeMs
    for (const name of readdirSync(new URL('dist/commands/', root))) {
      if (!name.endsWith('.js')) continue
      if (statSync(new URL(`dist/commands/${name}`, root)).mtimeMs > built) return false
      statSync(new URL(`dist/bundle/${name}`, root))
    }
    return true
  } catch {
    return false
  }
}

if (bundleIsFresh()) {
  const {execute} = await import('../dist/bundle/run.js')
  await execute({dir: import.meta.url})
} else {
  const [{execute}, {Plugin}] = await Promise.all([import('@oclif/core/execute'), import('@oclif/core/config')])
  const dir = fileURLToPath(root)
  const plugin = new Plugin({root: dir, isRoot: true, ignoreManifest: true})
  await plugin.load()
  await execute({dir: import.meta.url, loadOptions: {root: dir, plugins: new Map([[plugin.name, plugin]])}})
}
