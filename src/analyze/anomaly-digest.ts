/**
 * What a report needs from `anomalies.jsonl`, collected in one pass with bounded memory: a
 * session of 300,000 snapshots can carry as many anomaly records, and an issue can show only a
 * few hundred table rows anyway.
 *
 * Kept: the total, the count and first record of each kind (headline, fingerprint), and at most
 * `maxRows` table rows chosen by severity (critical before warning), earliest first within a
 * severity. Rows are handed back in file order.
 */
import {severityRank} from '../model/anomaly.js'

export interface AnomalyRow {
  /** 0-based position in anomalies.jsonl: the file order. */
  index: number
  seq: number | undefined
  kind: string
  severity: string
  detail: Record<string, unknown>
}

export interface AnomalyDigestResult {
  total: number
  /** Distinct kinds, sorted. */
  kinds: string[]
  countByKind: Record<string, number>
  firstByKind: Record<string, AnomalyRow>
  /** The kept rows in file order; `rows.length < total` when some were dropped. */
  rows: AnomalyRow[]
}

export const DEFAULT_KEPT_ANOMALY_ROWS = 2000

export class AnomalyDigest {
  private total = 0
  private readonly countByKind = new Map<string, number>()
  private readonly firstByKind = new Map<string, AnomalyRow>()
  /** Kept rows per severity rank (0 unknown, 1 warning, 2 critical), each in arrival order. */
  private readonly byRank: AnomalyRow[][] = [[], [], []]
  private kept = 0

  constructor(private readonly maxRows = DEFAULT_KEPT_ANOMALY_ROWS) {}

  push(record: {seq?: number; kind: string; severity: string; detail: Record<string, unknown>}): void {
    const row: AnomalyRow = {index: this.total++, seq: record.seq, kind: record.kind, severity: record.severity, detail: record.detail}
    this.countByKind.set(row.kind, (this.countByKind.get(row.kind) ?? 0) + 1)
    if (!this.firstByKind.has(row.kind)) this.firstByKind.set(row.kind, row)
    const rank = Math.min(severityRank(row.severity), 2)
    if (this.kept < this.maxRows) {
      this.byRank[rank]!.push(row)
      this.kept++
      return
    }
    // Full: a more severe row evicts the latest row of the least severe non-empty rank.
    for (let low = 0; low < rank; low++) {
      const bucket = this.byRank[low]!
      if (bucket.length > 0) {
        bucket.pop()
        this.byRank[rank]!.push(row)
        return
      }
    }
  }

  finish(): AnomalyDigestResult {
    const kinds = [...this.countByKind.keys()].sort()
    return {
      total: this.total,
      kinds,
      countByKind: Object.fromEntries(kinds.map((k) => [k, this.countByKind.get(k)!])),
      firstByKind: Object.fromEntries(this.firstByKind),
      rows: this.byRank.flat().sort((a, b) => a.index - b.index),
    }
  }
}
