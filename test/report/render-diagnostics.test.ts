import {describe, expect, it} from 'vitest'
import {formatFixed1, renderAnomalyBlock, renderDiagnostics} from '../../src/report/render-diagnostics.js'

const summary = {
  session_id: 'abc-123',
  duration_seconds: 12.25,
  peak_rss_kb: 184320,
  peak_oom_score: 870,
  anomaly_count: 2,
  termination_reason: 'NATURAL_EXIT',
  exit_code: 0,
  tracked_comm: 'claude',
  tracked_comm_drift: true,
}

describe('renderDiagnostics (docs/formats.md §8)', () => {
  it('renders the condensed section byte for byte', () => {
    expect(renderDiagnostics({summary, anomalyRows: [], anomalyTotal: 2, traceRows: [], sessionDir: '/x'}, 'condensed').join('\n')).toBe(
      [
        '## Session Diagnostics',
        '',
        '| Metric | Value |',
        '|--------|-------|',
        '| Session ID | `abc-123` |',
        '| Duration | 12.2s |',
        '| Peak RSS | 184320 KB |',
        '| Peak OOM Score | 870 |',
        '| Anomaly Count | 2 |',
        '| Termination | NATURAL_EXIT |',
        '| Exit Code | 0 |',
        '| Tracked Process | `claude` ⚠️ drift |',
      ].join('\n'),
    )
  })

  it('writes — for unknown values and leaves out an unknown tracked process', () => {
    const lines = renderDiagnostics({summary: {session_id: 's', duration_seconds: null, exit_code: null, tracked_comm: null}, anomalyRows: [], anomalyTotal: 0, traceRows: [], sessionDir: '/x'}, 'condensed')
    expect(lines).toContain('| Duration | — |')
    expect(lines).toContain('| Exit Code | — |')
    expect(lines.join('\n')).not.toContain('Tracked Process')
  })

  it('renders the full section: anomalies, last rows as indented JSON, local path', () => {
    const rows = [{kind: 'oom_spike', severity: 'warning', seq: 7, index: 0, detail: {to: 870, from: 600, delta: 270}}]
    const trace = [{vm_rss_kb: 1, comm: 'claude', cpu_percent: 0}]
    const text = renderDiagnostics({summary, anomalyRows: rows, anomalyTotal: 1, traceRows: trace, sessionDir: '/logs/sessions/abc-123'}, 'full').join('\n')
    expect(text).toContain('<details>\n<summary>Anomalies (1)</summary>\n\n| Kind | Severity | Detail |\n|------|----------|--------|\n| `oom_spike` | warning | {"delta": 270, "from": 600, "to": 870} |\n\n</details>')
    expect(text).toContain('<summary>Process Trace (last 1 snapshots)</summary>\n\n```json\n[\n  {\n    "comm": "claude",\n    "cpu_percent": 0.0,\n    "vm_rss_kb": 1\n  }\n]\n```\n\n</details>')
    expect(text.endsWith('**Local path:** `/logs/sessions/abc-123`')).toBe(true)
  })

  it('escapes a hostile comm everywhere it appears', () => {
    const evil = 'x|`</details>\n'
    const text = renderDiagnostics({summary: {...summary, tracked_comm: evil}, anomalyRows: [{kind: 'fd_high', severity: 'warning', seq: 1, index: 0, detail: {note: '|</details>'}}], anomalyTotal: 1, traceRows: [{comm: evil}], sessionDir: '/x'}, 'full').join('\n')
    // An HTML block can only start at the beginning of a line: only our own two closers do.
    expect(text.split('\n').filter((l) => l.trimStart().startsWith('</details>'))).toHaveLength(2)
    // In a plain cell it becomes entities; in a code span it is literal text (CommonMark 6.1).
    expect(text).toContain('{"note": "\\|&lt;/details&gt;"}')
    expect(text).toContain('| Tracked Process | ``x\\|`</details> `` ⚠️ drift |')
  })

  it('says how many anomaly rows are not shown', () => {
    const lines = renderAnomalyBlock([{kind: 'oom_critical', severity: 'critical', seq: 1, index: 0, detail: {}}], 40)
    expect(lines).toContain('| … 39 more | | |')
  })

  it('formats one decimal like Python', () => {
    expect(formatFixed1(0.25)).toBe('0.2')
    expect(formatFixed1(0.75)).toBe('0.8')
    expect(formatFixed1(115)).toBe('115.0')
    expect(formatFixed1(2.349)).toBe('2.3')
  })
})
