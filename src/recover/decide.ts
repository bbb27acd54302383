/**
 * The gate table (docs/formats.md §7 order, with safety first) and the one loop that runs it: the first
 * gate that decides wins; a trace that passes all of them is a crashed session to recover.
 */
import type {Decision, Gate, TraceFacts} from './facts.js'
import {ageGate} from './gates/age.js'
import {alienGate} from './gates/alien.js'
import {bootGate} from './gates/boot.js'
import {enrollmentGate} from './gates/enrollment.js'
import {crashReason, livenessGate} from './gates/liveness.js'
import {safetyGate} from './gates/safety.js'

export const GATES: ReadonlyArray<readonly [string, Gate]> = [
  ['safety', safetyGate],
  ['age', ageGate],
  ['enrollment', enrollmentGate],
  ['boot', bootGate],
  ['liveness', livenessGate],
  ['alien', alienGate],
]

export function decide(facts: TraceFacts): Decision {
  for (const [, gate] of GATES) {
    const decision = gate(facts)
    if (decision !== undefined) return decision
  }
  return {verdict: 'recovered', gate: 'all', reason: `crashed: ${crashReason(facts)}`}
}
