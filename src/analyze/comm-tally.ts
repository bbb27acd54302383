import type {Row} from '../model/snapshot-fields.js'

interface CommSeen {
  count: number
  firstSeq: number
  firstRow: Row
}

/**
 * Counts the non-empty comms of a trace in one pass. Memory grows with the number of distinct
 * comms, never with the number of snapshots: for each comm it keeps its count and the first row
 * that carried it, which is all the modal comm, the drift flag and identity_drift need.
 */
export class CommTally {
  private readonly seen = new Map<string, CommSeen>()

  observe(comm: string | undefined, seq: number, row: Row): void {
    if (comm === undefined) return
    const entry = this.seen.get(comm)
    if (entry === undefined) this.seen.set(comm, {count: 1, firstSeq: seq, firstRow: row})
    else entry.count++
  }

  /** The most frequent comm; ties go to the one seen first (Map keeps insertion order). */
  modal(): string | undefined {
    let best: string | undefined
    let bestCount = 0
    for (const [comm, {count}] of this.seen) {
      if (count > bestCount) {
        best = comm
        bestCount = count
      }
    }
    return best
  }

  /** More than one distinct non-empty comm (the original `tracked_comm_drift`). */
  hasDrift(): boolean {
    return this.seen.size > 1
  }

  /** The first row whose comm differs from `expected`, if any. */
  firstOtherThan(expected: string): {comm: string; seq: number; row: Row} | undefined {
    let found: {comm: string; seq: number; row: Row} | undefined
    for (const [comm, entry] of this.seen) {
      if (comm === expected) continue
      if (found === undefined || entry.firstSeq < found.seq) found = {comm, seq: entry.firstSeq, row: entry.firstRow}
    }
    return found
  }

  /** Distinct comms with their counts, most frequent first. */
  counts(): Array<{comm: string; count: number}> {
    return [...this.seen].map(([comm, {count}]) => ({comm, count})).sort((a, b) => b.count - a.count)
  }
}
