/**
 * Finds the leftovers in a tmpfs dir (SPEC §2.1), sorted by name:
 *
 *   {prefix}_trace_{pid}.jsonl                              a trace
 *   {prefix}_trace_{pid}.jsonl.recovering-{pid}-{ticks}     a trace claimed by a recover run
 *   {prefix}_enrollment_{pid}.json.recovering-{pid}-{ticks} its claimed sidecar
 *
 * A claim names its claimer by pid and starttime ticks, so a claim whose claimer died (or whose
 * pid was reused) is recognisably stale and can be resumed. Pure: names in, entries out.
 */
import {enrollmentFileName} from '../store/tmpfs-layout.js'

export interface TraceEntry {
  name: string
  prefix: string
  pidText: string
  originalName: string
  sidecarName: string
  claim?: Claimer
}

export interface Claimer {
  pid: number
  ticks: number
}

export interface ScanResult {
  traces: TraceEntry[]
  /** Claimed sidecars whose trace claim is gone: left by a run killed after finalizing. */
  orphanSidecarClaims: Array<{name: string; claim: Claimer}>
}

const CLAIM = /\.recovering-(\d+)-(\d+)$/

export const claimSuffix = (c: Claimer): string => `.recovering-${c.pid}-${c.ticks}`
export const sidecarNameFor = (prefix: string, pidText: string): string => enrollmentFileName(prefix, pidText)

export function scanNames(names: readonly string[], prefixes: readonly string[]): ScanResult {
  const traces: TraceEntry[] = []
  const sidecarClaims: Array<{name: string; original: string; claim: Claimer}> = []
  for (const name of [...names].sort()) {
    const m = CLAIM.exec(name)
    const base = m ? name.slice(0, m.index) : name
    const claim = m ? {pid: Number(m[1]), ticks: Number(m[2])} : undefined
    for (const prefix of prefixes) {
      const trace = matchPart(base, `${prefix}_trace_`, '.jsonl')
      if (trace !== undefined) {
        traces.push({name, prefix, pidText: trace, originalName: base, sidecarName: sidecarNameFor(prefix, trace), ...(claim ? {claim} : {})})
        break
      }
      if (claim && matchPart(base, `${prefix}_enrollment_`, '.json') !== undefined) {
        sidecarClaims.push({name, original: base, claim})
        break
      }
    }
  }
  const claimedTraces = new Set(traces.filter((t) => t.claim).map((t) => `${t.sidecarName}${claimSuffix(t.claim!)}`))
  return {traces, orphanSidecarClaims: sidecarClaims.filter((s) => !claimedTraces.has(s.name)).map(({name, claim}) => ({name, claim}))}
}

function matchPart(name: string, head: string, tail: string): string | undefined {
  if (!name.startsWith(head) || !name.endsWith(tail) || name.length <= head.length + tail.length) return undefined
  return name.slice(head.length, name.length - tail.length)
}
