import {describe, expect, it} from 'vitest'
import {computeFingerprint, fingerprintMarker, hasFingerprint, sanitizeFingerprint} from '../../src/report/fingerprint.js'
import {fingerprintOf} from '../../src/report/render-issue.js'
import {AnomalyDigest} from '../../src/analyze/anomaly-digest.js'

const base = {kinds: ['oom_spike', 'oom_critical'], trackedComm: 'claude', expectedComm: null, subtype: 'error'}

describe('computeFingerprint', () => {
  it('is versioned, stable and order-insensitive in kinds', () => {
    const a = computeFingerprint(base)
    expect(a).toMatch(/^td-fp-v1-[0-9a-f]{16}$/)
    expect(computeFingerprint({...base, kinds: ['oom_critical', 'oom_spike', 'oom_spike']})).toBe(a)
  })

  it('changes with each root-cause feature', () => {
    const a = computeFingerprint(base)
    expect(computeFingerprint({...base, kinds: ['oom_spike']})).not.toBe(a)
    expect(computeFingerprint({...base, trackedComm: 'python3'})).not.toBe(a)
    expect(computeFingerprint({...base, expectedComm: 'claude'})).not.toBe(a)
    expect(computeFingerprint({...base, subtype: 'crashed'})).not.toBe(a)
  })

  it('ignores pids, values, paths and timestamps of the occurrence', () => {
    const session = (pid: number, oom: number, dir: string, ts: string): Parameters<typeof fingerprintOf>[0] => {
      const d = new AnomalyDigest()
      d.push({seq: 3, kind: 'oom_spike', severity: 'warning', detail: {from: 600, to: oom, delta: oom - 600}})
      return {summary: {pid, peak_oom_score: oom, dir_name: dir, start_ts: ts, tracked_comm: 'claude', subtype: 'error'}, anomalies: d.finish()}
    }
    expect(fingerprintOf(session(1, 870, 'a', '2026-01-01'))).toBe(fingerprintOf(session(99, 999, 'b', '2027-05-05')))
  })

  it('embeds a marker that a --fingerprint text cannot break out of', () => {
    expect(fingerprintMarker('td-fp-v1-0123456789abcdef')).toBe('<!-- trace-doctor:fingerprint=td-fp-v1-0123456789abcdef -->')
    expect(sanitizeFingerprint('x --> <b>\n')).toBe('x _ _b__')
    expect(hasFingerprint(`body\n${fingerprintMarker('abc')}\n`, 'abc')).toBe(true)
    expect(hasFingerprint(`body\n${fingerprintMarker('abcd')}\n`, 'abc')).toBe(false)
  })
})
