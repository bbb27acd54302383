import {describe, expect, it} from 'vitest'
import {niceCeiling, renderRssChart} from '../../src/report/render-chart.js'
import {renderHeadline} from '../../src/report/headline.js'
import {AnomalyDigest} from '../../src/analyze/anomaly-digest.js'

describe('renderRssChart', () => {
  it('renders a Mermaid xychart with seconds since start and MiB', () => {
    const lines = renderRssChart([
      {timeMs: Date.parse('2026-04-13T11:04:43.000000+00:00'), firstRow: 0, rssKb: 1024},
      {timeMs: Date.parse('2026-04-13T11:04:48.500000+00:00'), firstRow: 5, rssKb: 3072},
    ])
    expect(lines).toEqual([
      '```mermaid',
      'xychart-beta',
      '    title "RSS over time (max per bucket)"',
      '    x-axis "seconds since start" ["0", "6"]',
      '    y-axis "RSS (MiB)" 0 --> 5',
      '    line [1, 3]',
      '```',
    ])
  })

  it('falls back to row numbers without timestamps, and draws nothing for one point', () => {
    expect(renderRssChart([{timeMs: undefined, firstRow: 0, rssKb: 1}, {timeMs: undefined, firstRow: 64, rssKb: 2}])[3]).toBe('    x-axis "snapshot" ["0", "64"]')
    expect(renderRssChart([{timeMs: undefined, firstRow: 0, rssKb: 1}])).toEqual([])
  })

  it('rounds the axis top', () => {
    expect([0, 0.3, 7, 12, 180, 900].map(niceCeiling)).toEqual([1, 0.5, 10, 20, 200, 1000])
  })
})

describe('renderHeadline', () => {
  const digest = (...items: Array<[string, string, Record<string, unknown>]>) => {
    const d = new AnomalyDigest()
    for (const [kind, severity, detail] of items) d.push({kind, severity, detail})
    return d.finish()
  }

  it('leads with the most severe finding', () => {
    const d = digest(['oom_spike', 'warning', {from: 1, to: 300}], ['identity_drift', 'critical', {expected_comm: 'claude', actual_comm: 'script'}], ['oom_critical', 'critical', {oom_score: 900}])
    expect(renderHeadline({tracked_comm: 'claude'}, d)).toBe('identity drift: traced `script`, expected `claude`')
  })

  it('describes how the session ended when nothing was found', () => {
    expect(renderHeadline({tracked_comm: 'claude', success: true, termination_reason: 'NATURAL_EXIT', exit_code: 0}, digest())).toBe('no anomalies: `claude` ended NATURAL_EXIT (exit code 0)')
    expect(renderHeadline({subtype: 'crashed', termination_reason: 'CRASHED'}, digest())).toMatch(/^tracer crashed while tracing the workload/)
  })
})
