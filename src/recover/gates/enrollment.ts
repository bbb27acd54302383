/**
 * Gate 2, enrollment (docs/formats.md §7, §3): without a valid sidecar nothing proves which process the
 * trace belongs to, so it is skipped, untouched. trace-doctor also requires the sidecar's pid to
 * be the one in the file names.
 */
import type {Decision, TraceFacts} from '../facts.js'

export function enrollmentGate(facts: TraceFacts): Decision | undefined {
  const e = facts.enrollment
  if (!e.ok) return {verdict: 'no-enrollment', gate: 'enrollment', reason: e.reason}
  if (e.enrollment.pid !== facts.pid) {
    return {
      verdict: 'no-enrollment',
      gate: 'enrollment',
      reason: `sidecar ${facts.sidecarName} is for pid ${e.enrollment.pid}, not ${facts.pid}`,
    }
  }
  return undefined
}
