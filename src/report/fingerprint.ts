/**
 * The failure fingerprint `td-fp-v1-<16 hex>`: the same failure gives the same fingerprint on
 * every machine and every run, a different failure a different one.
 *
 * Derived only from root-cause features: the sorted set of anomaly kinds, the tracked comm, the
 * expected comm (from an identity_drift record) and the session subtype. Never pids, values,
 * paths or timestamps, which differ between occurrences of one failure. The version prefix lets
 * a later scheme coexist with issues filed under this one.
 */
import {createHash} from 'node:crypto'

export const FINGERPRINT_VERSION = 'td-fp-v1'
export const FINGERPRINT_MARKER_PREFIX = '<!-- trace-doctor:fingerprint='

export interface FingerprintFeatures {
  kinds: readonly string[]
  trackedComm: string | null
  expectedComm: string | null
  subtype: string | null
  /** The cause-of-death verdict: an OOM kill and a segfault of one command are different failures. Absent for older sessions, whose fingerprints stay as they were. */
  cause?: string | undefined
}

export function computeFingerprint(f: FingerprintFeatures): string {
  const canonical = JSON.stringify({
    kinds: [...new Set(f.kinds)].sort(),
    tracked_comm: f.trackedComm ?? null,
    expected_comm: f.expectedComm ?? null,
    subtype: f.subtype ?? null,
    ...(f.cause === undefined ? {} : {cause_of_death: f.cause}),
  })
  const hash = createHash('sha256').update(canonical).digest('hex').slice(0, 16)
  return `${FINGERPRINT_VERSION}-${hash}`
}

/** The hidden marker embedded in issue bodies; dedup searches for it. */
export function fingerprintMarker(fingerprint: string): string {
  return `${FINGERPRINT_MARKER_PREFIX}${sanitizeFingerprint(fingerprint)} -->`
}

/** A user-given `--fingerprint` must not be able to close the HTML comment or span lines. */
export function sanitizeFingerprint(text: string): string {
  return text.replace(/--+>?|[<>\r\n]/g, '_').trim()
}

export function hasFingerprint(body: string | null | undefined, fingerprint: string): boolean {
  return typeof body === 'string' && body.includes(fingerprintMarker(fingerprint))
}
