/**
 * The launch shapes of issue 9, as real files: a temp dir put first on PATH holding a
 * `#!/usr/bin/env node` CLI, a `#!/bin/sh` shim that execs python3, and plain scripts for
 * interpreters. Each shape runs for `seconds` (short: the repeated runs must stay fast) and
 * names the comm its workload settles on. Also: a CPU hog, a small pool, and the checks every
 * traced session must pass.
 */
import {spawn, type ChildProcess} from 'node:child_process'
import {chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {availableParallelism, tmpdir} from 'node:os'
import {delimiter, join} from 'node:path'
import {expect} from 'vitest'

export interface Shape {
  name: string
  argv: (seconds: number) => string[]
  /** The comm the workload settles on. */
  comm: string
}

export interface ShapeBin {
  dir: string
  /** PATH with the bin dir first. */
  path: string
  shapes: Shape[]
  remove(): void
}

export function makeShapeBin(): ShapeBin {
  const dir = mkdtempSync(join(tmpdir(), 'td-shapes-'))
  const write = (name: string, text: string): string => {
    const path = join(dir, name)
    writeFileSync(path, text)
    chmodSync(path, 0o755)
    return path
  }
  // How npm installs every CLI: a script whose shebang execs env, which execs node.
  write('slowtool', '#!/usr/bin/env node\nsetTimeout(() => process.exit(0), Number(process.argv[2] ?? 0.3) * 1000)\n')
  // A version-manager-style shim: a shell script that execs the real interpreter.
  write('pyshim', '#!/bin/sh\nexec python3 "$@"\n')
  const py = write('nap.py', 'import sys, time\ntime.sleep(float(sys.argv[1]) if len(sys.argv) > 1 else 0.3)\n')
  const js = write('nap.js', 'setTimeout(() => {}, Number(process.argv[2] ?? 0.3) * 1000)\n')
  const shapes: Shape[] = [
    {name: '#!/usr/bin/env node CLI', argv: (s) => ['slowtool', String(s)], comm: 'node'},
    {name: '#!/bin/sh shim that execs python3', argv: (s) => ['pyshim', py, String(s)], comm: 'python3'},
    {name: 'env VAR=1 tool', argv: (s) => ['env', 'VAR=1', 'slowtool', String(s)], comm: 'node'},
    {name: "sh -c 'exec tool'", argv: (s) => ['sh', '-c', `exec slowtool ${s}`], comm: 'node'},
    {name: 'python3 script.py', argv: (s) => ['python3', py, String(s)], comm: 'python3'},
    {name: 'node script.js', argv: (s) => ['node', js, String(s)], comm: 'node'},
    {name: 'a direct binary', argv: (s) => ['sleep', String(s)], comm: 'sleep'},
  ]
  return {dir, path: `${dir}${delimiter}${process.env['PATH'] ?? ''}`, shapes, remove: () => rmSync(dir, {recursive: true, force: true})}
}

/**
 * One busy loop per CPU, so that every launch races against the scheduler. At nice 5: enough to
 * keep every core busy and delay each step of a launch chain, without starving the test files
 * that vitest runs beside this one (their CLI processes must still start in seconds).
 */
export function startCpuHog(): {stop(): void} {
  const hogs: ChildProcess[] = Array.from({length: availableParallelism()}, () =>
    spawn('nice', ['-n', '5', process.execPath, '-e', 'for (;;) {}'], {stdio: 'ignore'}),
  )
  return {stop: () => hogs.forEach((h) => h.kill('SIGKILL'))}
}

/** Runs `tasks` with at most `width` at once; resolves with every result in order. */
export async function pool<T>(width: number, tasks: Array<() => Promise<T>>): Promise<T[]> {
  const results: T[] = []
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const i = next++
      results[i] = await tasks[i]!()
    }
  }
  await Promise.all(Array.from({length: Math.min(width, tasks.length)}, worker))
  return results
}

export type Row = Record<string, unknown>

export function readRows(path: string): Row[] {
  return readFileSync(path, 'utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Row)
}

export function readAnomalies(sessionDir: string): Row[] {
  try {
    return readRows(join(sessionDir, 'anomalies.jsonl'))
  } catch {
    return [] // no anomalies.jsonl: no anomalies (docs/formats.md §5)
  }
}

/**
 * What every session of a correctly traced shape shows: the settled comm, no identity drift, no
 * rss_growth measured from a launch row, launch rows (if any) only before the workload's rows,
 * and every workload row of the workload's comm. `spawned`: no zombie anomaly either.
 */
export function expectTracedAsItself(sessionDir: string, comm: string, label: string, options: {spawned: boolean}): void {
  const summary = JSON.parse(readFileSync(join(sessionDir, 'summary.json'), 'utf8')) as Row
  const rows = readRows(join(sessionDir, 'proc_trace.jsonl'))
  const anomalies = readAnomalies(sessionDir)
  const kinds = anomalies.map((a) => a['kind'])
  const context = `${label}: ${JSON.stringify({summary: {tracked_comm: summary['tracked_comm'], launch: summary['launch']}, kinds, rows: rows.map((r) => `${String(r['comm'])}/${String(r['phase'] ?? '')}`)})}`
  expect(summary['tracked_comm'], context).toBe(comm)
  expect(summary['identity_drift'], context).toBe(false)
  expect(summary['tracked_comm_drift'], context).toBe(false)
  expect(kinds, context).not.toContain('identity_drift')
  if (options.spawned) expect(kinds.filter((k) => String(k).startsWith('zombie')), context).toEqual([])
  const launchRows = rows.filter((r) => r['phase'] === 'launch').length
  expect(rows.slice(0, launchRows).every((r) => r['phase'] === 'launch'), context).toBe(true)
  const workload = rows.slice(launchRows)
  expect(workload.length, context).toBeGreaterThan(0)
  expect(workload.filter((r) => r['comm'] !== comm), context).toEqual([])
  const growth = anomalies.find((a) => a['kind'] === 'rss_growth')
  if (growth !== undefined) {
    const baseline = workload.map((r) => r['vm_rss_kb']).find((v) => typeof v === 'number' && v > 0)
    expect((growth['detail'] as Row)['initial_rss_kb'], `${context}: rss_growth from a launch row`).toBe(baseline)
  }
}
