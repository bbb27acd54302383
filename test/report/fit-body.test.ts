import {describe, expect, it} from 'vitest'
import type {BodyParts} from '../../src/report/compose-body.js'
import {fitBody, GITHUB_BODY_LIMIT} from '../../src/report/fit-body.js'
import {renderIssue} from '../../src/report/render-issue.js'
import {AnomalyDigest} from '../../src/analyze/anomaly-digest.js'

const parts = (anomalyTotal: number, extra: Partial<BodyParts> = {}): BodyParts => ({
  headline: 'h',
  summary: {session_id: 's', tracked_comm: 'claude'},
  sessionDir: '/d',
  fingerprint: 'td-fp-v1-0000000000000000',
  rss: [],
  chart: false,
  anomalyTotal,
  ...extra,
})
const row = (i: number, big = 300): Record<string, unknown> => ({seq: i, comm: 'claude', pad: 'x'.repeat(big)})
const anomaly = (i: number, severity = 'warning'): {index: number; seq: number; kind: string; severity: string; detail: Record<string, unknown>} => ({
  index: i,
  seq: i,
  kind: severity === 'critical' ? 'oom_critical' : 'high_cpu_sustained',
  severity,
  detail: {cpu_percent: 99.5, consecutive_count: i},
})

describe('fitBody', () => {
  it('leaves a body that fits alone', () => {
    const r = fitBody(parts(1), [row(1)], [anomaly(0)])
    expect(r.notes).toEqual([])
    expect(r.traceRowsShown).toBe(1)
  })

  it('shrinks the trace block first and says so', () => {
    const rows = Array.from({length: 10}, (_, i) => row(i, 900))
    const r = fitBody(parts(1), rows, [anomaly(0)], 6000)
    expect(r.body.length).toBeLessThanOrEqual(6000)
    expect(r.traceRowsShown).toBeGreaterThan(0)
    expect(r.traceRowsShown).toBeLessThan(10)
    expect(r.anomalyRowsShown).toBe(1)
    expect(r.body).toContain(`shows the last ${r.traceRowsShown} of 10 rows`)
    // The newest rows are the ones kept.
    expect(r.body).toContain('"seq": 9')
  })

  it('then keeps the most severe anomaly rows, with "… N more"', () => {
    const rows = [anomaly(0), ...Array.from({length: 400}, (_, i) => anomaly(i + 1)), anomaly(401, 'critical')]
    const r = fitBody(parts(rows.length), [row(0)], rows, 8000)
    expect(r.body.length).toBeLessThanOrEqual(8000)
    expect(r.traceRowsShown).toBe(0)
    expect(r.anomalyRowsShown).toBeGreaterThan(5)
    expect(r.anomalyRowsShown).toBeLessThan(402)
    expect(r.body).toContain('`oom_critical`')
    expect(r.body).toContain(`| … ${402 - r.anomalyRowsShown} more | | |`)
    expect(r.body).toContain('The process trace block was left out')
  })

  it('cuts huge free text last', () => {
    const r = fitBody(parts(0, {errorContext: 'E'.repeat(200_000), report: 'R'.repeat(100_000)}), [row(0)], [])
    expect(r.body.length).toBeLessThanOrEqual(GITHUB_BODY_LIMIT)
    expect(r.body).toContain('characters cut to fit')
  })

  it('keeps the comment under the limit too', () => {
    const d = new AnomalyDigest()
    const rendered = renderIssue({dir: '/d', summary: {session_id: 's'}, anomalies: d.finish(), tail: [], rss: []}, {errorContext: 'x'.repeat(100_000)})
    expect(rendered.comment.length).toBeLessThanOrEqual(GITHUB_BODY_LIMIT)
    expect(rendered.comment).toContain('The error context was cut')
  })
})
