/**
 * `analyze --json` on a trace where every row is an anomaly: the document is written in pieces as
 * the reader takes them (src/io/json-chunks.ts, BaseCommand.logJson). Written as one string it
 * failed twice over: past ~512 M characters JSON.stringify throws "Invalid string length" (a
 * million high-CPU rows did), and a reader slower than the writer made Node queue every piece
 * and die with ENOBUFS.
 */
import {spawn} from 'node:child_process'
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {BIN} from '../helpers/cli.js'
import {tempDir} from '../helpers/temp-dir.js'
import {traceText} from '../store/make-trace.js'

const ROWS = 60_000

/** Runs the CLI with a reader that takes nothing for the first second, then everything. */
function runWithSlowReader(args: string[]): Promise<{code: number | null; stdout: string; stderr: string}> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {stdio: ['ignore', 'pipe', 'pipe']})
    const out: Buffer[] = []
    let stderr = ''
    child.stdout.pause()
    setTimeout(() => child.stdout.on('data', (d: Buffer) => out.push(d)).resume(), 1_000)
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
    child.on('error', reject)
    child.on('close', (code) => resolve({code, stdout: Buffer.concat(out).toString('utf8'), stderr}))
  })
}

describe('analyze --json with an anomaly on every row', () => {
  it('reaches a slow reader whole, as one JSON document', async () => {
    const path = join(tempDir('td-large-json-'), 'trace.jsonl')
    writeFileSync(path, traceText(ROWS).replaceAll('"cpu_percent": 1.5', '"cpu_percent": 99.0'))
    const result = await runWithSlowReader(['analyze', path, '--json'])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.stdout.length).toBeGreaterThan(10_000_000)
    const doc = JSON.parse(result.stdout) as {summary: {anomaly_count: number; snapshot_count: number}; anomalies: Array<{kind: string}>}
    expect(doc.summary.snapshot_count).toBe(ROWS)
    expect(doc.anomalies).toHaveLength(doc.summary.anomaly_count)
    expect(doc.anomalies.filter((a) => a.kind === 'high_cpu_sustained').length).toBeGreaterThan(ROWS - 10)
    expect(result.stdout.endsWith('}\n')).toBe(true)
  }, 120_000)
})
