import type {CommTally} from '../comm-tally.js'
import type {Finding} from './detector.js'

/**
 * identity_drift (critical): the first snapshot whose non-empty comm is not the expected comm
 * (the caller's, else the modal one); reported once. This is how a trace of the PTY wrapper
 * (`script`) instead of the workload (`claude`) is caught after the fact (docs/trace.md).
 */
export function detectIdentityDrift(tally: CommTally, expected: string | undefined): (Finding & {seq: number; row: Record<string, unknown>}) | undefined {
  if (expected === undefined || expected === '') return undefined
  const other = tally.firstOtherThan(expected)
  if (other === undefined) return undefined
  return {
    kind: 'identity_drift',
    severity: 'critical',
    detail: {expected_comm: expected, actual_comm: other.comm, seq: other.seq},
    seq: other.seq,
    row: other.row,
  }
}
