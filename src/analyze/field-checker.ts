/**
 * Reports known snapshot fields that are present but of the wrong type, with their line, so a
 * user learns which field of which line is wrong and why. The row is still analyzed: the rules
 * that need the field skip it (docs/formats.md §6). The checks agree with `SnapshotSchema` (tested).
 */
import type {Row} from '../model/snapshot-fields.js'

export interface FieldIssue {
  line: number
  field: string
  reason: string
}

export const MAX_REPORTED_FIELD_ISSUES = 100

type Check = (v: unknown) => string | undefined

const SIG_MASK = /^[0-9a-f]{16}$/

const isCount: Check = (v) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? undefined : 'expected a non-negative integer')
const isInt: Check = (v) => (typeof v === 'number' && Number.isInteger(v) ? undefined : 'expected an integer')
const isString: Check = (v) => (typeof v === 'string' ? undefined : 'expected a string')
// "" is the tracer's "unreadable" value, not a format error.
const isSigMask: Check = (v) => (typeof v === 'string' && (v === '' || SIG_MASK.test(v)) ? undefined : 'expected a 16-hex-digit signal mask')
const isCpu: Check = (v) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? undefined : 'expected a non-negative number')
const isOom: Check = (v) => (typeof v === 'number' && Number.isInteger(v) && v >= -1 ? undefined : 'expected an integer >= -1')
const isNonEmptyString: Check = (v) => (typeof v === 'string' && v !== '' ? undefined : 'expected a non-empty string')

export const FIELD_CHECKS: Readonly<Record<string, Check>> = {
  captured_at: isNonEmptyString,
  comm: isString,
  state: isString,
  vm_rss_kb: isCount,
  threads: isCount,
  fd_count: isCount,
  fd_soft_limit: isInt,
  ctx_switches_voluntary: isCount,
  ctx_switches_involuntary: isCount,
  sig_pnd: isSigMask,
  sig_blk: isSigMask,
  sig_cgt: isSigMask,
  oom_score: isOom,
  wchan: isString,
  cpu_percent: isCpu,
  rss_anon_kb: isCount,
}
const CHECKED = Object.entries(FIELD_CHECKS)

export class FieldChecker {
  readonly issues: FieldIssue[] = []
  count = 0

  check(row: Row, line: number): void {
    if (isWellTyped(row)) return
    for (const [field, check] of CHECKED) {
      const value = row[field]
      if (value === undefined) continue
      const reason = check(value)
      if (reason === undefined) continue
      this.report(line, field, `${reason}, got ${describe(value)}`)
    }
  }

  /** An issue found by the caller (a timestamp that is no date, or goes backwards). */
  report(line: number, field: string, reason: string): void {
    this.count++
    if (this.issues.length < MAX_REPORTED_FIELD_ISSUES) this.issues.push({line, field, reason})
  }
}

/** For the analyzer's timestamp checks: the same short rendering of a bad value. */
export const describeValue = (value: unknown): string => describe(value)

function describe(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value)
  return text.length > 40 ? `${text.slice(0, 37)}...` : text
}

const isCountOrAbsent = (v: unknown) => v === undefined || (typeof v === 'number' && Number.isInteger(v) && v >= 0)
const isStringOrAbsent = (v: unknown) => v === undefined || typeof v === 'string'

function isHexMaskOrAbsent(v: unknown): boolean {
  if (v === undefined || v === '') return true
  if (typeof v !== 'string' || v.length !== 16) return false
  for (let i = 0; i < 16; i++) {
    const c = v.charCodeAt(i)
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false
  }
  return true
}

/**
 * The hot path: true when every known field present has its type, which is nearly every row.
 * Must agree with FIELD_CHECKS (the tests feed both the same rows); only rows it rejects pay
 * for the per-field report.
 */
function isWellTyped(r: Row): boolean {
  const captured = r['captured_at']
  const oom = r['oom_score']
  const cpu = r['cpu_percent']
  const limit = r['fd_soft_limit']
  return (
    (captured === undefined || (typeof captured === 'string' && captured !== '')) &&
    isStringOrAbsent(r['comm']) &&
    isStringOrAbsent(r['state']) &&
    isStringOrAbsent(r['wchan']) &&
    isCountOrAbsent(r['vm_rss_kb']) &&
    isCountOrAbsent(r['threads']) &&
    isCountOrAbsent(r['fd_count']) &&
    isCountOrAbsent(r['ctx_switches_voluntary']) &&
    isCountOrAbsent(r['ctx_switches_involuntary']) &&
    isCountOrAbsent(r['rss_anon_kb']) &&
    (limit === undefined || (typeof limit === 'number' && Number.isInteger(limit))) &&
    (oom === undefined || (typeof oom === 'number' && Number.isInteger(oom) && oom >= -1)) &&
    (cpu === undefined || (typeof cpu === 'number' && Number.isFinite(cpu) && cpu >= 0)) &&
    isHexMaskOrAbsent(r['sig_pnd']) &&
    isHexMaskOrAbsent(r['sig_blk']) &&
    isHexMaskOrAbsent(r['sig_cgt'])
  )
}

/** For tests: the quick check's answer for a row. */
export const isWellTypedForTest = isWellTyped
