/** Gate 1, age (docs/formats.md §7): a trace modified less than `minAgeSeconds` ago may still be written. */
import {ageSeconds, type Decision, type TraceFacts} from '../facts.js'

export function ageGate(facts: TraceFacts): Decision | undefined {
  const age = ageSeconds(facts)
  if (age >= facts.minAgeSeconds) return undefined
  return {
    verdict: 'too-young',
    gate: 'age',
    reason: `modified ${Math.max(0, Math.floor(age))} s ago, less than ${facts.minAgeSeconds} s: may still be written`,
  }
}
