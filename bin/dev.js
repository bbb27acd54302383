#!/usr/bin/env -S node --import tsx
// Development: the TypeScript sources through tsx. oclif.manifest.json (written by the build for
// the bundled CLI) is ignored, or oclif would load the stale code in dist/bundle for a changed command.
import {fileURLToPath} from 'node:url'
import {execute} from '@oclif/core/execute'
import {Plugin} from '@oclif/core/config'

const root = fileURLToPath(new URL('..', import.meta.url))
// What execute({development: true}) sets, needed already while the plugin finds its commands:
// oclif maps dist/commands to the TypeScript in commands/ only in development.
process.env.NODE_ENV = 'development'
const plugin = new Plugin({root, isRoot: true, ignoreManifest: true})
await plugin.load()
await execute({development: true, dir: import.meta.url, loadOptions: {root, development: true, plugins: new Map([[plugin.name, plugin]])}})
