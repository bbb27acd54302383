/**
 * Log dirs for the fleet tests: real finalized sessions (the fixture session dirs, copied under
 * new dir names) with their sessions.jsonl index lines written by the store's own serializer.
 */
import {cpSync, mkdirSync, readFileSync, readdirSync, writeFileSync, appendFileSync} from 'node:fs'
import {join} from 'node:path'
import {serializeIndexLine, serializeSummary} from '../../src/store/session-files.js'
import {PROJECT_ROOT} from './cli.js'

export const FIXTURE_SESSIONS = join(PROJECT_ROOT, 'fixtures', 'sessions')

export function fixtureNames(): string[] {
  return readdirSync(FIXTURE_SESSIONS).sort()
}

/**
 * Copies fixture `name` into `logDir` as session `dirName` and indexes it. `patch` changes the
 * summary (e.g. a cause_of_death). Returns the summary written.
 */
export function addFixtureSession(logDir: string, name: string, dirName: string, patch: Record<string, unknown> = {}): Record<string, unknown> {
  const dir = join(logDir, 'sessions', dirName)
  mkdirSync(join(logDir, 'sessions'), {recursive: true})
  cpSync(join(FIXTURE_SESSIONS, name), dir, {recursive: true})
  const summary = {...(JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as Record<string, unknown>), session_id: dirName, dir_name: dirName, ...patch}
  writeFileSync(join(dir, 'summary.json'), serializeSummary(summary))
  appendFileSync(join(logDir, 'sessions.jsonl'), serializeIndexLine(summary, {kitchen_id: 'k', order_id: 'o'}))
  return summary
}

/** Every fixture once, dir names prefixed: a small realistic log dir. */
export function fixtureLogDir(logDir: string, prefix: string): string[] {
  mkdirSync(logDir, {recursive: true})
  return fixtureNames().map((name) => {
    addFixtureSession(logDir, name, `${prefix}-${name}`)
    return `${prefix}-${name}`
  })
}

/** Rows in a session file (non-blank lines). */
export function lineCount(path: string): number {
  try {
    return readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '').length
  } catch {
    return 0
  }
}

/**
 * A session of `rows` generated snapshots in the finalized format (keys sorted, seq, ts), with
 * its summary and index line: for tests that need volume rather than a particular story.
 */
export function addGeneratedSession(logDir: string, dirName: string, rows: number, startMs = Date.UTC(2026, 3, 13, 11, 0, 0)): void {
  const dir = join(logDir, 'sessions', dirName)
  mkdirSync(dir, {recursive: true})
  let text = ''
  for (let i = 0; i < rows; i++) {
    const us = (startMs + i * 5000) * 1000 + (i % 1000)
    const ts = new Date(Math.floor(us / 1000)).toISOString().slice(0, 23) + String(us % 1000).padStart(3, '0') + '+00:00'
    text +=
      `{"captured_at": "${ts}", "comm": "worker", "cpu_percent": ${(i % 50) / 2}, "ctx_switches_involuntary": ${i}, "ctx_switches_voluntary": ${i * 3}, ` +
      `"event": "snapshot", "fd_count": ${20 + (i % 5)}, "fd_soft_limit": 1024, "oom_score": ${600 + (i % 7)}, "pid": 777, "seq": ${i}, ` +
      `"sig_blk": "0000000000000000", "sig_cgt": "0000000180014a07", "sig_pnd": "0000000000000000", "state": "sleeping", "threads": 8, ` +
      `"ts": "${ts}", "vm_rss_kb": ${100_000 + (i % 977)}, "wchan": "do_epoll_wait"}\n`
  }
  writeFileSync(join(dir, 'proc_trace.jsonl'), text)
  const healthy = JSON.parse(readFileSync(join(FIXTURE_SESSIONS, 'healthy', 'summary.json'), 'utf8')) as Record<string, unknown>
  const start = new Date(startMs).toISOString().replace('Z', '000+00:00')
  const summary = {...healthy, session_id: dirName, dir_name: dirName, start_ts: start, snapshot_count: rows, anomaly_count: 0, tracked_comm: 'worker'}
  writeFileSync(join(dir, 'summary.json'), serializeSummary(summary))
  appendFileSync(join(logDir, 'sessions.jsonl'), serializeIndexLine(summary))
}
