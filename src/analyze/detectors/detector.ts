import type {AnomalyKind, Severity} from '../../model/anomaly.js'
import type {Row} from '../../model/snapshot-fields.js'

/** What a detector finds; the engine stamps ts, seq, pid and the snapshot on it. */
export interface Finding {
  kind: AnomalyKind
  severity: Severity
  detail: Record<string, unknown>
}

/**
 * A per-snapshot rule: a fold over the snapshots in order. `observe` sees each row once and
 * returns what it finds at that row; state between rows (runs, previous values) lives in the
 * detector, and nothing else does.
 */
export interface SnapshotDetector {
  observe(row: Row, seq: number): Finding | undefined
}
