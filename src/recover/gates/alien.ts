/**
 * Gate 5, alien comm (docs/formats.md §7): the sidecar names the workload's comm; a trace whose first
 * snapshot shows another comm describes the wrong process (e.g. the PTY wrapper). A schema-1
 * sidecar (no comm) or an empty comm on either side skips the check.
 *
 * A sidecar with launch information (trace-doctor's tracer, issue 9) names the program the
 * process settled on (`settled_comm`) and how many rows its launch took (`launch_rows`): the
 * workload's first row is compared with that, since the rows before it show the launcher
 * (`env`, a shim) of the same process. Without a workload row yet, there is nothing to compare.
 */
import {launchOf} from '../../model/enrollment.js'
import type {Decision, TraceFacts} from '../facts.js'

export function alienGate(facts: TraceFacts): Decision | undefined {
  const enrollment = facts.enrollment.ok ? facts.enrollment.enrollment : undefined
  const launch = enrollment === undefined ? undefined : launchOf(enrollment)
  if (launch !== undefined) return compare(facts.workloadComm, launch.settledComm, launch.launchRows)
  return compare(facts.firstComm, enrollment?.comm, 0)
}

function compare(actual: string | undefined, expected: string | undefined, seq: number): Decision | undefined {
  if (!expected || actual === undefined || actual === expected) return undefined
  const which = seq === 0 ? 'first snapshot' : `first snapshot after the launch (seq ${seq})`
  return {
    verdict: 'alien',
    gate: 'alien',
    reason: `${which} is of ${JSON.stringify(actual)}, the sidecar enrolled ${JSON.stringify(expected)}: wrong process`,
  }
}
