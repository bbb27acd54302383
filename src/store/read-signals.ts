/**
 * Reads the signals a session's workload received (model/signal-record.ts) for the readers
 * (`analyze`, `report`, `issue`): `signals.jsonl` in a session dir, or `{prefix}_signals_{pid}.jsonl`
 * beside a tmpfs trace. A line that is not a record is skipped, a torn last line never happened.
 */
import {existsSync} from 'node:fs'
import {basename, dirname, join} from 'node:path'
import {readNdjson} from '../io/ndjson-reader.js'
import {SIGNALS_FILE, SignalRecordSchema, SignalTraceSchema, type SessionSignalsView, type SignalRecord} from '../model/signal-record.js'

export type {SessionSignalsView}

export async function readSignalRecords(path: string): Promise<SignalRecord[]> {
  const records: SignalRecord[] = []
  await readNdjson(path, (row) => {
    const parsed = SignalRecordSchema.safeParse(row)
    if (parsed.success) records.push(parsed.data)
  })
  return records
}

/** The signals file that goes with a session dir or a tmpfs trace path, if there is one. */
export function signalsFileFor(input: {sessionDir?: string | undefined; tracePath: string}): string | undefined {
  const candidate = input.sessionDir !== undefined
    ? join(input.sessionDir, SIGNALS_FILE)
    : join(dirname(input.tracePath), basename(input.tracePath).replace(/_trace_(\d+)\.jsonl$/, '_signals_$1.jsonl'))
  return candidate !== input.tracePath && existsSync(candidate) ? candidate : undefined
}

/** Records and status, or undefined when the session knows nothing of signals. */
export async function readSessionSignals(input: {sessionDir?: string | undefined; tracePath: string}, summary: Record<string, unknown> | undefined): Promise<SessionSignalsView | undefined> {
  const parsed = SignalTraceSchema.safeParse(summary?.['signal_trace'])
  const path = signalsFileFor(input)
  if (!parsed.success && path === undefined) return undefined
  return {...(parsed.success ? {trace: parsed.data} : {}), records: path === undefined ? [] : await readSignalRecords(path)}
}
