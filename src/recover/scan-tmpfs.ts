/**
 * Finds the leftovers in a tmpfs dir (docs/formats.md §2), sorted by name: traces (claimed or not) and
 * claimed sidecars whose trace claim is gone. The names are store/tmpfs-layout.ts's. Pure: names
 * in, entries out.
 */
import {claimSuffix, enrollmentFileName, enrollmentPrefix, parseClaim, parseTraceFileName, type Claimer} from '../store/tmpfs-layout.js'

export type {Claimer} from '../store/tmpfs-layout.js'

export interface TraceEntry {
  name: string
  prefix: string
  pidText: string
  originalName: string
  sidecarName: string
  claim?: Claimer
}

export interface ScanResult {
  traces: TraceEntry[]
  /** Claimed sidecars whose trace claim is gone: left by a run killed after finalizing. */
  orphanSidecarClaims: Array<{name: string; claim: Claimer}>
}

export function scanNames(names: readonly string[], prefixes: readonly string[]): ScanResult {
  const traces: TraceEntry[] = []
  const sidecarClaims: Array<{name: string; original: string; claim: Claimer}> = []
  for (const name of [...names].sort()) {
    const {original, claim} = parseClaim(name)
    const trace = parseTraceFileName(original, prefixes)
    if (trace !== undefined) {
      const sidecarName = enrollmentFileName(trace.prefix, trace.pidText)
      traces.push({name, prefix: trace.prefix, pidText: trace.pidText, originalName: original, sidecarName, ...(claim ? {claim} : {})})
    } else if (claim && enrollmentPrefix(original, prefixes) !== undefined) {
      sidecarClaims.push({name, original, claim})
    }
  }
  const claimedTraces = new Set(traces.filter((t) => t.claim).map((t) => `${t.sidecarName}${claimSuffix(t.claim!)}`))
  return {traces, orphanSidecarClaims: sidecarClaims.filter((s) => !claimedTraces.has(s.name)).map(({name, claim}) => ({name, claim}))}
}
