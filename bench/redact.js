#!/usr/bin/env node
// bench/redact: what redaction (secretlint's recommended preset + our own rules) costs the
// commands that share a session, on a 300,000-snapshot session whose cmdline, cwd and rows carry
// secrets: `report` and `issue --dry-run`, each with redaction (the default) beside the same
// command with --no-redact, whole process from outside, median of N runs after a warm-up.
// Run: npm run build && node bench/redact.js [--runs 3] [--snapshots 300000]
import {mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {parseArgs} from 'node:util'
import {generateTrace} from './lib/generate-trace.js'
import {medianOf, mib, ROOT, runNode, table} from './lib/measure.js'

const {values} = parseArgs({options: {runs: {type: 'string', default: '3'}, snapshots: {type: 'string', default: '300000'}}})
const runs = Number(values.runs)
const count = Number(values.snapshots)
const {serializeSummary} = await import(join(ROOT, 'dist/src/store/session-files.js'))

const SECRETS = 'GITHUB_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789 npm_abcdefghijklmnopqrstuvwxyz0123456789 redis://:pw0rd@cache SECRET_KEY_BASE=f3a9c1e0b7d24c6e'
const work = mkdtempSync(join(tmpdir(), 'td-bench-redact-'))
try {
  const dir = join(work, 'sessions', 'big')
  mkdirSync(dir, {recursive: true})
  // A comm with a secret in it on every row: the worst case for the rows' strings.
  generateTrace(join(dir, 'trace.tmp'), count, {comm: 'claude --token=hunter2'})
  renameSync(join(dir, 'trace.tmp'), join(dir, 'proc_trace.jsonl'))
  writeFileSync(join(dir, 'summary.json'), serializeSummary({
    session_id: 'big', dir_name: 'big', pid: 4242, cwd: '/home/alice/work', skill_command: `claude --print hi ${SECRETS}`,
    snapshot_count: count, anomaly_count: 0, tracked_comm: 'claude', success: true, subtype: 'completed', termination_reason: 'NATURAL_EXIT',
    exit_code: 0, duration_seconds: count * 5, peak_rss_kb: 0, peak_oom_score: 0,
  }))
  const page = join(work, 'page.html')
  console.log(`bench/redact: a ${count.toLocaleString('en')}-snapshot session with secrets in cmdline, cwd and every row's comm; median of ${runs} runs (after a warm-up)\n`)
  const cases = [
    ['report --no-redact', ['report', dir, '-o', page, '--json', '--no-redact']],
    ['report (redacted)', ['report', dir, '-o', page, '--json']],
    ['issue --dry-run --no-redact', ['issue', dir, '--dry-run', '--json', '--no-redact', '--log-dir', work]],
    ['issue --dry-run (redacted)', ['issue', dir, '--dry-run', '--json', '--log-dir', work]],
  ]
  const rows = [['command', 'seconds', 'peak RSS', 'values redacted']]
  const seconds = {}
  for (const [name, args] of cases) {
    const m = medianOf(runs, () => runNode(['bin/run.js', ...args]))
    seconds[name] = m.seconds
    rows.push([name, m.seconds.toFixed(2), mib(m.maxRssKb), String(JSON.parse(m.last.stdout).redactions.total)])
  }
  console.log(table(rows))
  const delta = (a, b) => `${((seconds[b] - seconds[a]) * 1000).toFixed(0)} ms (${((seconds[b] / seconds[a] - 1) * 100).toFixed(1)} %)`
  console.log(`\nredaction adds: report ${delta('report --no-redact', 'report (redacted)')}, issue --dry-run ${delta('issue --dry-run --no-redact', 'issue --dry-run (redacted)')}`)
} finally {
  rmSync(work, {recursive: true, force: true})
}
