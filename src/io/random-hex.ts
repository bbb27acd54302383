/**
 * Random hex for unique file names and lock tokens. `node:crypto` is loaded on the first call,
 * not at import: loading it costs ~5 ms (bench/startup.js), and most runs of the commands that
 * import a writer (`recover --dry-run`, `sessions`) never write.
 */
import {createRequire} from 'node:module'

// Not named `require`: bundlers treat a call to `require` as their own and would load crypto up front.
const loadBuiltin = createRequire(import.meta.url)
let crypto: typeof import('node:crypto') | undefined

/** `bytes` random bytes as 2×bytes lowercase hex digits. */
export function randomHex(bytes: number): string {
  crypto ??= loadBuiltin('node:crypto') as typeof import('node:crypto')
  return crypto.randomBytes(bytes).toString('hex')
}
