#!/usr/bin/env node
// `npm run bench`: builds nothing (run `npm run build` first), runs every benchmark in turn.
import {spawnSync} from 'node:child_process'
import {readdirSync} from 'node:fs'
import {fileURLToPath} from 'node:url'

const here = fileURLToPath(new URL('.', import.meta.url))
const only = process.argv.slice(2)
const benches = readdirSync(here).filter((f) => f.endsWith('.js') && f !== 'run-all.js').filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
let failed = 0
for (const bench of benches) {
  console.log(`\n=== bench/${bench} ===`)
  const r = spawnSync(process.execPath, [here + bench], {stdio: 'inherit'})
  if (r.status !== 0) failed++
}
process.exit(failed === 0 ? 0 : 1)
