/**
 * The hot path of finalization: one proc_trace.jsonl line per snapshot, byte-identical to
 * `serializeTraceRow(toTraceRow(...))` (session-files.ts, the definition;
 * test/store/trace-row-text.test.ts checks it) but ~3× faster. Rows of one trace share their key set, so the sorted key order and the quoted key
 * prefixes are computed once per key set instead of sorting every row.
 */
import {pyDumps, pyFloat, pyString} from '../io/py-json.js'
import {SNAPSHOT_FLOAT_KEYS, TRACE_ROW_WRAPPER_KEYS} from '../model/snapshot.js'

interface KeyPlan {
  keys: string[]
  /** `"key": ` per key, with the `, ` separator for all but the first. */
  prefixes: string[]
  /**
   * The last value seen at each key position and its text. Most fields repeat from row to row
   * (comm, state, wchan, the signal masks, limits), so most values are not serialized again.
   */
  lastValues: unknown[]
  lastTexts: string[]
}

const MAX_PLANS = 64
const plans = new Map<string, KeyPlan>()

let lastKeys: string[] = []
let lastPlan: KeyPlan | undefined

/** The plan for a snapshot's keys plus the row keys (ts, seq, event, pid), sorted. */
function planFor(keys: string[]): KeyPlan {
  // Rows of one trace nearly always repeat the previous row's keys: compare (interned strings,
  // pointer-equal) before building a signature string.
  if (lastPlan !== undefined && sameKeys(keys, lastKeys)) return lastPlan
  lastPlan = lookupPlan(keys)
  lastKeys = keys
  return lastPlan
}

function sameKeys(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

function lookupPlan(keys: string[]): KeyPlan {
  const signature = keys.join('\u0000')
  let plan = plans.get(signature)
  if (plan === undefined) {
    const all = [...new Set([...keys, ...TRACE_ROW_WRAPPER_KEYS])]
    // Same order as pyDumps' sortKeys (code unit order equals code point order below U+FFFF).
    const sorted = [...all].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    plan = {keys: sorted, prefixes: sorted.map((k) => `${pyString(k)}: `), lastValues: sorted.map(() => undefined), lastTexts: sorted.map(() => '')}
    if (plans.size >= MAX_PLANS) plans.clear()
    plans.set(signature, plan)
  }
  return plan
}

function valueText(key: string, value: unknown): string {
  switch (typeof value) {
    case 'string':
      return pyString(value)
    case 'number':
      if (!Number.isFinite(value)) return 'null'
      return Number.isInteger(value) && !SNAPSHOT_FLOAT_KEYS.has(key) ? String(value) : pyFloat(value)
    case 'boolean':
      return value ? 'true' : 'false'
    default:
      return value === null ? 'null' : pyDumps(value, {sortKeys: true, floatKeys: SNAPSHOT_FLOAT_KEYS})
  }
}

/**
 * The proc_trace.jsonl line of `toTraceRow(snapshot, seq, pid, startTs)` without building that
 * object (a 19-key spread per row was the largest cost of finalization after parsing).
 */
export function serializeSnapshotAsTraceRow(snapshot: Record<string, unknown>, seq: number, pid: number, startTs: string): string {
  const capturedAt = snapshot['captured_at']
  const ts = typeof capturedAt === 'string' && capturedAt !== '' ? capturedAt : startTs
  const {keys, prefixes, lastValues, lastTexts} = planFor(Object.keys(snapshot))
  let out = '{'
  let first = true
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!
    const value = key === 'ts' ? ts : key === 'seq' ? seq : key === 'event' ? 'snapshot' : key === 'pid' ? pid : snapshot[key]
    if (value === undefined) continue
    let text: string
    // Only primitives are cached: equal primitives always have equal text.
    if (value === lastValues[i] && typeof value !== 'object') text = lastTexts[i]!
    else {
      text = valueText(key, value)
      lastValues[i] = value
      lastTexts[i] = text
    }
    out += (first ? '' : ', ') + prefixes[i]! + text
    first = false
  }
  return out + '}\n'
}
