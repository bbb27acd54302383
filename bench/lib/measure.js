// Shared helpers for the benchmarks: run a command as a child process, return wall seconds and
// peak RSS, take medians, print aligned tables. Only Node and python3 are used.
import {spawnSync} from 'node:child_process'
import {fileURLToPath} from 'node:url'

const HOOK = fileURLToPath(new URL('./peak-rss-hook.js', import.meta.url))
export const ROOT = fileURLToPath(new URL('../..', import.meta.url))

/** Runs `node script args` with the peak-RSS hook; returns {seconds, maxRssKb, stdout}. */
export function runNode(args, options = {}) {
  return run(process.execPath, ['--import', HOOK, ...args], options)
}

/** Runs python3 code that prints `__BENCH_MAXRSS_KB=` itself (resource.getrusage). */
export function runPython(code, args = [], options = {}) {
  const epilogue = '\nimport resource, sys\nsys.stderr.write("\\n__BENCH_MAXRSS_KB=%d\\n" % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n'
  return run('python3', ['-c', code + epilogue, ...args], options)
}

function run(cmd, args, options) {
  const start = process.hrtime.bigint()
  const r = spawnSync(cmd, args, {cwd: ROOT, maxBuffer: 1 << 30, encoding: 'utf8', ...options})
  const seconds = Number(process.hrtime.bigint() - start) / 1e9
  if (r.error) throw r.error
  const m = /__BENCH_MAXRSS_KB=(\d+)/.exec(r.stderr ?? '')
  if (r.status !== 0 && !options.allowFailure) {
    throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}:\n${r.stderr}`)
  }
  return {seconds, maxRssKb: m ? Number(m[1]) : Number.NaN, stdout: r.stdout, status: r.status}
}

/** Median of `runs` measurements of `fn()` (after one warm-up run). */
export function medianOf(runs, fn) {
  fn()
  const results = Array.from({length: runs}, () => fn())
  const pick = (key) => results.map((r) => r[key]).sort((a, b) => a - b)[Math.floor(runs / 2)]
  return {seconds: pick('seconds'), maxRssKb: pick('maxRssKb'), last: results.at(-1)}
}

export function mib(kb) {
  return `${(kb / 1024).toFixed(0)} MiB`
}

export function table(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)))
  return rows.map((r) => r.map((cell, c) => String(cell).padEnd(widths[c])).join('  ')).join('\n')
}
