/**
 * Gate 3, boot (docs/formats.md §7): a sidecar from another boot describes a process of that boot; its pid
 * and ticks mean nothing now. Both boot ids must be known to decide.
 */
import type {Decision, TraceFacts} from '../facts.js'

export function bootGate(facts: TraceFacts): Decision | undefined {
  if (!facts.enrollment.ok) return undefined
  const recorded = facts.enrollment.enrollment.boot_id
  const current = facts.currentBootId
  if (!recorded || !current || recorded === current) return undefined
  return {verdict: 'stale-boot', gate: 'boot', reason: `recorded during boot ${recorded}, this is boot ${current}`}
}
