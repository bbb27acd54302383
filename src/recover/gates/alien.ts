/**
 * Gate 5, alien comm (SPEC §4): the sidecar names the workload's comm; a trace whose first
 * snapshot shows another comm describes the wrong process (e.g. the PTY wrapper). A schema-1
 * sidecar (no comm) or an empty comm on either side skips the check.
 */
import type {Decision, TraceFacts} from '../facts.js'

export function alienGate(facts: TraceFacts): Decision | undefined {
  const expected = facts.enrollment.ok ? facts.enrollment.enrollment.comm : undefined
  if (!expected || facts.firstComm === undefined || facts.firstComm === expected) return undefined
  return {
    verdict: 'alien',
    gate: 'alien',
    reason: `first snapshot is of ${JSON.stringify(facts.firstComm)}, the sidecar enrolled ${JSON.stringify(expected)}: wrong process`,
  }
}
