/**
 * The library entry (package.json main/types/exports → dist/src/index.js) as a user imports it:
 * by the package name, from the built files, in a separate Node process.
 */
import {execFileSync} from 'node:child_process'
import {existsSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {PROJECT_ROOT} from './helpers/cli.js'

function runModule(code: string): string {
  return execFileSync(process.execPath, ['--input-type=module', '-e', code], {cwd: PROJECT_ROOT, encoding: 'utf8'})
}

describe("import … from 'trace-doctor'", () => {
  it('main and types name files the build produces', () => {
    expect(existsSync(join(PROJECT_ROOT, 'dist/src/index.js'))).toBe(true)
    expect(existsSync(join(PROJECT_ROOT, 'dist/src/index.d.ts'))).toBe(true)
  })

  it('exports the schemas, the reader and the engine, and they work on a real session', () => {
    const out = runModule(`
      import {readFileSync} from 'node:fs'
      import * as td from 'trace-doctor'
      const dir = 'fixtures/sessions/oom-spike'
      const {analysis, stats} = await td.analyzeInput(dir)
      const summary = td.SummarySchema.safeParse(JSON.parse(readFileSync(dir + '/summary.json', 'utf8')))
      let rows = 0
      await td.readNdjson(dir + '/proc_trace.jsonl', (row) => { if (td.TraceRowSchema.safeParse(row).success) rows++ })
      const engine = td.analyzeRows([{comm: 'claude', oom_score: 100}, {comm: 'claude', oom_score: 900}], {pid: 1})
      console.log(JSON.stringify({
        kinds: [...new Set(analysis.anomalies.map((a) => a.kind))],
        snapshots: stats.records,
        summaryOk: summary.success,
        rows,
        engine: engine.anomalies.map((a) => a.kind),
        text: td.pyDumps({cpu_percent: 3}, {floatKeys: new Set(['cpu_percent'])}),
        names: ['SnapshotSchema', 'EnrollmentSchema', 'IndexLineSchema', 'AnomalySchema', 'TraceAnalyzer', 'TraceDoctorError'].filter((n) => !(n in td)),
      }))
    `)
    const r = JSON.parse(out)
    expect(r.kinds).toEqual(['oom_spike', 'oom_critical'])
    expect(r.snapshots).toBeGreaterThan(0)
    expect(r.rows).toBe(r.snapshots)
    expect(r.summaryOk).toBe(true)
    expect(r.engine).toEqual(['oom_spike', 'oom_critical'])
    expect(r.text).toBe('{"cpu_percent": 3.0}')
    expect(r.names).toEqual([])
  }, 30_000)
})
