/**
 * The hot path of finalization: one proc_trace.jsonl line per snapshot, byte-identical to
 * `serializeTraceRow` (session-files.ts; test/store/trace-row-text.test.ts checks it) but ~3×
 * faster. Rows of one trace share their key set, so the sorted key order and the quoted key
 * prefixes are computed once per key set instead of sorting every row.
 */
import {pyDumps, pyString} from '../io/py-json.js'
import {SNAPSHOT_FLOAT_KEYS} from '../model/snapshot.js'

interface KeyPlan {
  keys: string[]
  /** `"key": ` per key, with the `, ` separator for all but the first. */
  prefixes: string[]
}

const MAX_PLANS = 64
const plans = new Map<string, KeyPlan>()

function planFor(keys: string[]): KeyPlan {
  const signature = keys.join('\u0000')
  let plan = plans.get(signature)
  if (plan === undefined) {
    // Same order as pyDumps' sortKeys (code unit order equals code point order below U+FFFF).
    const sorted = [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    plan = {keys: sorted, prefixes: sorted.map((k) => `${pyString(k)}: `)}
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
      return SNAPSHOT_FLOAT_KEYS.has(key) && Number.isInteger(value) ? `${value}.0` : String(value)
    case 'boolean':
      return value ? 'true' : 'false'
    default:
      return value === null ? 'null' : pyDumps(value, {sortKeys: true, floatKeys: SNAPSHOT_FLOAT_KEYS})
  }
}

/** One proc_trace.jsonl line, with its newline: keys sorted, Python json.dumps style. */
export function serializeTraceRowFast(row: Record<string, unknown>): string {
  const {keys, prefixes} = planFor(Object.keys(row))
  let out = '{'
  let first = true
  for (let i = 0; i < keys.length; i++) {
    const value = row[keys[i]!]
    if (value === undefined) continue
    out += (first ? '' : ', ') + prefixes[i]! + valueText(keys[i]!, value)
    first = false
  }
  return out + '}\n'
}
