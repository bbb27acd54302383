/**
 * Serializers for the files of a finalized session, in docs/formats.md §5's exact text style, and their
 * atomic writers. One place decides how each file looks; every writer (analyze --write, recover,
 * trace) goes through it.
 */
import {rm} from 'node:fs/promises'
import {join} from 'node:path'
import {writeFileAtomic} from '../io/atomic-write.js'
import {pyDumps} from '../io/py-json.js'
import {ANOMALY_FLOAT_KEYS, type Anomaly} from '../model/anomaly.js'
import {causeVerdictOf} from '../model/cause-of-death.js'
import {IndexLineSchema, SKILL_COMMAND_INDEX_CHARS} from '../model/index-line.js'
import {assertValid} from '../model/validate.js'
import {SNAPSHOT_FLOAT_KEYS} from '../model/snapshot.js'
import {SUMMARY_FLOAT_KEYS} from '../model/summary.js'
import {ANOMALIES_FILE, SUMMARY_FILE} from './layout.js'

const TRACE_ROW_FLOAT_KEYS = SNAPSHOT_FLOAT_KEYS
const INDEX_FLOAT_KEYS: ReadonlySet<string> = new Set()
const ANOMALY_RECORD_FLOAT_KEYS = new Set([...ANOMALY_FLOAT_KEYS, ...SNAPSHOT_FLOAT_KEYS])

/** summary.json: keys sorted, 2-space indent, trailing newline. */
export function serializeSummary(summary: Record<string, unknown>): string {
  return pyDumps(summary, {sortKeys: true, indent: 2, floatKeys: SUMMARY_FLOAT_KEYS}) + '\n'
}

/** One proc_trace.jsonl line (with its newline): keys sorted. */
export function serializeTraceRow(row: Record<string, unknown>): string {
  return pyDumps(row, {sortKeys: true, floatKeys: TRACE_ROW_FLOAT_KEYS}) + '\n'
}

/** One anomalies.jsonl line (with its newline): keys sorted at every depth. */
export function serializeAnomaly(anomaly: Anomaly | Record<string, unknown>): string {
  return pyDumps(anomaly, {sortKeys: true, floatKeys: ANOMALY_RECORD_FLOAT_KEYS}) + '\n'
}

/** One tmpfs trace line (with its newline), in the original tracer's key order. */
export function serializeSnapshot(snapshot: Record<string, unknown>): string {
  return pyDumps(snapshot, {floatKeys: SNAPSHOT_FLOAT_KEYS}) + '\n'
}

/** The sessions.jsonl line for a summary (docs/formats.md §5), keys sorted, with its newline. */
export function serializeIndexLine(summary: Record<string, unknown>, labels: {kitchen_id?: string; order_id?: string} = {}): string {
  const skill = typeof summary['skill_command'] === 'string' ? summary['skill_command'] : ''
  const line = {
    session_id: summary['session_id'],
    dir_name: summary['dir_name'],
    timestamp: summary['start_ts'],
    cwd: summary['cwd'],
    kitchen_id: labels.kitchen_id ?? '',
    order_id: labels.order_id ?? '',
    skill_command: Array.from(skill).slice(0, SKILL_COMMAND_INDEX_CHARS).join(''),
    success: summary['success'],
    subtype: summary['subtype'],
    exit_code: summary['exit_code'],
    snapshot_count: summary['snapshot_count'],
    anomaly_count: summary['anomaly_count'],
    peak_rss_kb: summary['peak_rss_kb'],
    peak_oom_score: summary['peak_oom_score'],
    tracked_comm: summary['tracked_comm'],
    tracked_comm_drift: summary['tracked_comm_drift'],
    // --- drift (issue 9): store/session-drift.ts reads it; absent on older lines ---
    ...(typeof summary['identity_drift'] === 'boolean' ? {identity_drift: summary['identity_drift']} : {}),
    // cause of death (docs/cause-of-death.md): the verdict alone, only when the summary has one
    ...causeField(summary),
  }
  return pyDumps(assertValid(IndexLineSchema, line, 'sessions.jsonl line'), {sortKeys: true, floatKeys: INDEX_FLOAT_KEYS}) + '\n'
}

function causeField(summary: Record<string, unknown>): {cause_of_death?: string} {
  const verdict = causeVerdictOf(summary['cause_of_death'])
  return verdict === undefined ? {} : {cause_of_death: verdict}
}

export async function writeSummary(sessionDir: string, summary: Record<string, unknown>): Promise<void> {
  await writeFileAtomic(join(sessionDir, SUMMARY_FILE), serializeSummary(summary))
}

/**
 * anomalies.jsonl exists only when there are anomalies (docs/formats.md §5): with none, a stale file from
 * an earlier analysis is removed so the dir does not contradict its summary.
 */
export async function writeAnomalies(sessionDir: string, anomalies: readonly Anomaly[]): Promise<void> {
  const path = join(sessionDir, ANOMALIES_FILE)
  if (anomalies.length === 0) {
    await rm(path, {force: true})
    return
  }
  await writeFileAtomic(path, anomalies.map(serializeAnomaly).join(''))
}

/** One signals.jsonl line (with its newline), in the record's own key order (tmpfs and session dir alike). */
export function serializeSignalRecord(record: Record<string, unknown>): string {
  return pyDumps(record, {floatKeys: SIGNAL_FLOAT_KEYS}) + '\n'
}
const SIGNAL_FLOAT_KEYS = new Set(['mono_s'])
