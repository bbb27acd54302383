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
