/**
 * "This session drifted" means one thing everywhere (`sessions --drift`, the index, the sessions
 * page): the trace shows a process other than the enrolled workload. Two facts say so:
 *
 *   tracked_comm_drift   the workload's rows show more than one comm (docs/formats.md §6's flag)
 *   identity_drift       an `identity_drift` anomaly: a row's comm is not the expected one; a
 *                        trace of the PTY wrapper alone has ONE comm, the wrong one, so the flag
 *                        misses it and only this says it
 *
 * The session's anomalies.jsonl is the truth (`analyze --write` may have rewritten it since the
 * index line was appended), read from its tail: docs/formats.md §6 puts identity_drift last. Index lines
 * written by trace-doctor also carry `identity_drift` (docs/formats.md), used when the session
 * dir is gone.
 */
import {open, stat} from 'node:fs/promises'
import {join} from 'node:path'
import type {IndexLineRead} from '../model/index-line.js'
import {ANOMALIES_FILE, sessionDir, unsafeNameReason} from './layout.js'

export const DRIFT_REASONS = ['tracked_comm_drift', 'identity_drift'] as const
export type DriftReason = (typeof DRIFT_REASONS)[number]

/** Which of the two facts hold (pure); empty when the session did not drift. */
export function driftReasons(line: Pick<IndexLineRead, 'tracked_comm_drift'>, identityDrift: boolean): DriftReason[] {
  const reasons: DriftReason[] = []
  if (line.tracked_comm_drift === true) reasons.push('tracked_comm_drift')
  if (identityDrift) reasons.push('identity_drift')
  return reasons
}

/** An index line as `sessions` lists it: with why it counts as drifted. */
export type ListedSession = IndexLineRead & {drift_by: DriftReason[]}

/** Adds `drift_by` to each line: the flag, the identity_drift anomaly, both or neither. */
export async function withDrift(logDir: string, lines: readonly IndexLineRead[]): Promise<ListedSession[]> {
  return Promise.all(lines.map(async (line) => ({...line, drift_by: driftReasons(line, await readIdentityDrift(logDir, line))})))
}

/** Whether the session has an identity_drift anomaly: its anomalies file, else the index line's field. */
export async function readIdentityDrift(logDir: string, line: IndexLineRead): Promise<boolean> {
  const indexed = line.identity_drift === true
  if (unsafeNameReason(line.dir_name) !== undefined) return indexed
  const dir = sessionDir(logDir, line.dir_name)
  const dirExists = await stat(dir).then((s) => s.isDirectory(), () => false)
  if (!dirExists) return indexed
  return (await lastAnomalyKind(join(dir, ANOMALIES_FILE))) === 'identity_drift'
}

/** Room for the last record: an anomaly line with its snapshot is well under 2 KB. */
const TAIL_BYTES = 64 * 1024

/**
 * The `kind` of the last record of an anomalies.jsonl, reading only its tail: docs/formats.md §6 puts
 * identity_drift last, so this is O(1) per session however many anomalies there are.
 */
export async function lastAnomalyKind(path: string): Promise<string | undefined> {
  let handle
  try {
    handle = await open(path, 'r')
    const {size} = await handle.stat()
    const length = Math.min(size, TAIL_BYTES)
    const buffer = Buffer.alloc(length)
    await handle.read(buffer, 0, length, size - length)
    const lines = buffer.toString('utf8').split('\n').filter((l) => l.trim() !== '')
    const last = JSON.parse(lines[lines.length - 1] ?? 'null') as unknown
    return typeof last === 'object' && last !== null && typeof (last as {kind?: unknown}).kind === 'string' ? (last as {kind: string}).kind : undefined
  } catch {
    return undefined // no file, torn last line, not JSON: no evidence of drift either way
  } finally {
    await handle?.close()
  }
}
