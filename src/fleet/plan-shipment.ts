/**
 * What `ship` sends: the finalized sessions of the index that the ledger does not list, oldest
 * first, cut into batches. Pure.
 */
import type {Row} from '../model/snapshot-fields.js'
import {timestampMs} from '../model/timestamp.js'

export interface PlannedSession {
  dirName: string
  /** The index line as on disk. */
  index: Row
  startMs: number | undefined
}

export interface ShipmentPlan {
  /** Distinct sessions in the index (after --since). */
  total: number
  alreadyShipped: number
  toShip: PlannedSession[]
}

/**
 * Index lines with the same dir_name (a session analyzed again and re-indexed) count once, the
 * last line wins; `sinceMs` keeps sessions that started at or after it.
 */
export function planShipment(index: readonly Row[], shipped: ReadonlySet<string>, sinceMs?: number): ShipmentPlan {
  const byDir = new Map<string, PlannedSession>()
  for (const line of index) {
    const dirName = line['dir_name']
    if (typeof dirName !== 'string' || dirName === '') continue
    const stamp = line['timestamp']
    const startMs = typeof stamp === 'string' ? timestampMs(stamp) : undefined
    byDir.delete(dirName)
    byDir.set(dirName, {dirName, index: line, startMs})
  }
  let total = 0
  let alreadyShipped = 0
  const toShip: PlannedSession[] = []
  for (const session of byDir.values()) {
    if (sinceMs !== undefined && !(session.startMs !== undefined && session.startMs >= sinceMs)) continue
    total++
    if (shipped.has(session.dirName)) alreadyShipped++
    else toShip.push(session)
  }
  toShip.sort((a, b) => (a.startMs ?? -Infinity) - (b.startMs ?? -Infinity))
  return {total, alreadyShipped, toShip}
}

/** Batches of at most `maxSessions` sessions and about `maxBytes` of trace (a session is never split). */
export function cutBatches<T>(items: readonly T[], sizeOf: (item: T) => number, maxSessions: number, maxBytes: number): T[][] {
  const batches: T[][] = []
  let current: T[] = []
  let bytes = 0
  for (const item of items) {
    const size = sizeOf(item)
    if (current.length > 0 && (current.length >= maxSessions || bytes + size > maxBytes)) {
      batches.push(current)
      current = []
      bytes = 0
    }
    current.push(item)
    bytes += size
  }
  if (current.length > 0) batches.push(current)
  return batches
}
