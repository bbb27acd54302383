/**
 * Per-field reads of a snapshot row for the analysis hot path. Each returns `undefined` when
 * the field is missing or of the wrong type, so that one rule skips that one row (docs/formats.md §6).
 * Numbers are never coerced from strings. These agree with `SnapshotSchema` field by field
 * (test/model/snapshot-fields.test.ts checks the readers and analyze/field-checker.ts's checks
 * against it); zod per row would cost ~1.2 µs a line.
 *
 * The readers share one shape on purpose (one typeof test per field, no closures on the hot
 * path); `duplicates` lists them as a same-shape pair, accepted.
 *
 * "Unreadable" sentinels count as missing (trace-doctor improves on docs/formats.md §6): oom_score -1,
 * sig_pnd "".
 */
export type Row = Record<string, unknown>

export function intField(row: Row, key: string): number | undefined {
  const v = row[key]
  return typeof v === 'number' && Number.isInteger(v) ? v : undefined
}

export function countField(row: Row, key: string): number | undefined {
  const v = row[key]
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined
}

export function stringField(row: Row, key: string): string | undefined {
  const v = row[key]
  return typeof v === 'string' ? v : undefined
}

export function oomScore(row: Row): number | undefined {
  const v = row['oom_score']
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined
}

export function sigPending(row: Row): string | undefined {
  const v = row['sig_pnd']
  return typeof v === 'string' && v !== '' ? v : undefined
}

export function cpuPercent(row: Row): number | undefined {
  const v = row['cpu_percent']
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined
}

/** A non-empty comm, else undefined (an empty comm identifies nothing). */
export function commOf(row: Row): string | undefined {
  const v = row['comm']
  return typeof v === 'string' && v !== '' ? v : undefined
}

/** `captured_at`, falling back to a finalized row's `ts`. */
export function timestampOf(row: Row): string | undefined {
  const c = row['captured_at']
  if (typeof c === 'string' && c !== '') return c
  const t = row['ts']
  return typeof t === 'string' && t !== '' ? t : undefined
}
