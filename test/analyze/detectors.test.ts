import {describe, expect, it} from 'vitest'
import {analyzeRows} from '../../src/analyze/trace-analyzer.js'
import {rows, snapshot} from '../helpers/snapshots.js'

const kinds = (r: ReturnType<typeof analyzeRows>) => r.anomalies.map((a) => `${a.kind}@${a.seq}`)
const analyze = (input: Array<Record<string, unknown>>, expectedComm?: string) => analyzeRows(input, {pid: 7, expectedComm})

describe('oom_spike', () => {
  it('fires when oom_score rises by more than 200, not at exactly 200', () => {
    expect(kinds(analyze(rows(3, (i) => ({oom_score: [100, 300, 501][i]}))))).toEqual(['oom_spike@2'])
    const spike = analyze(rows(2, (i) => ({oom_score: [100, 301][i]}))).anomalies[0]!
    expect(spike).toMatchObject({kind: 'oom_spike', severity: 'warning', seq: 1, pid: 7, detail: {from: 100, to: 301, delta: 201}})
  })
  it('treats an unreadable -1 as missing: no spike "from -1" (the original reports one)', () => {
    expect(kinds(analyze(rows(3, (i) => ({oom_score: [-1, 500, 500][i]}))))).toEqual([])
  })
  it('never coerces a string to a number', () => {
    expect(kinds(analyze(rows(2, (i) => ({oom_score: ['100', 700][i]}))))).toEqual([])
  })
})

describe('oom_critical', () => {
  it('fires at every snapshot at or above 800', () => {
    expect(kinds(analyze(rows(4, (i) => ({oom_score: [799, 800, 900, 700][i]}))))).toEqual(['oom_critical@1', 'oom_critical@2'])
  })
  it('keeps the original tracer order within a snapshot: oom_spike before oom_critical', () => {
    const r = analyze(rows(2, (i) => ({oom_score: [100, 850][i]})))
    expect(kinds(r)).toEqual(['oom_spike@1', 'oom_critical@1'])
    expect(r.anomalies[1]).toMatchObject({severity: 'critical', detail: {oom_score: 850}})
  })
})

describe('zombies', () => {
  it('reports the first of a run and the third once, and again for a new run', () => {
    const states = ['sleeping', 'zombie', 'zombie', 'zombie', 'zombie', 'sleeping', 'zombie']
    const r = analyze(rows(states.length, (i) => ({state: states[i]})))
    expect(kinds(r)).toEqual(['zombie_detected@1', 'zombie_persistent@3', 'zombie_detected@6'])
    expect(r.anomalies[1]!.detail).toEqual({consecutive_count: 3})
    expect(r.anomalies[0]!.detail).toEqual({state: 'zombie'})
  })
})

describe('d_state_sustained', () => {
  it('reports from the 2nd snapshot of a run, with the count', () => {
    const r = analyze(rows(4, (i) => (i > 0 ? {state: 'disk-sleep', wchan: 'fuse_wait_answer'} : {})))
    expect(kinds(r)).toEqual(['d_state_sustained@2', 'd_state_sustained@3'])
    expect(r.anomalies[1]!.detail).toEqual({state: 'disk-sleep', wchan: 'fuse_wait_answer', consecutive_count: 3})
  })
  it.each(['do_nanosleep', 'do_epoll_wait', 'schedule_hrtimeout_range', '', '0'])('ignores the benign wchan %j', (wchan) => {
    expect(kinds(analyze(rows(4, () => ({state: 'disk-sleep', wchan}))))).toEqual([])
  })
})

describe('high_cpu_sustained', () => {
  it('uses >= 90.0 and reports from the 2nd of a run', () => {
    const cpu = [89.9, 90.0, 95, 10, 90, 91]
    expect(kinds(analyze(rows(cpu.length, (i) => ({cpu_percent: cpu[i]}))))).toEqual(['high_cpu_sustained@2', 'high_cpu_sustained@5'])
  })
})

describe('signals_pending', () => {
  it('fires when SigPnd leaves zero; the previous value is the last readable one', () => {
    const pnd = ['0000000000000000', '', '0000000000004000', '0000000000004000', '0000000000000000', '0000000000000100']
    const r = analyze(rows(pnd.length, (i) => ({sig_pnd: pnd[i]})))
    expect(kinds(r)).toEqual(['signals_pending@2', 'signals_pending@5'])
    expect(r.anomalies[0]!.detail).toEqual({from: '0000000000000000', to: '0000000000004000'})
  })
  it('does not report a change "to \'\'" (the original does)', () => {
    expect(kinds(analyze(rows(2, (i) => ({sig_pnd: ['0000000000000000', ''][i]}))))).toEqual([])
  })
})

describe('fd_high', () => {
  it('fires above 80 % only, with the ratio to 3 places', () => {
    // 819/1024 = 0.7998, 820/1024 = 0.8008
    const r = analyze(rows(3, (i) => ({fd_count: [819, 820, 821][i], fd_soft_limit: 1024})))
    expect(kinds(r)).toEqual(['fd_high@1', 'fd_high@2'])
    expect(r.anomalies.at(-1)!.detail).toEqual({fd_count: 821, fd_soft_limit: 1024, ratio: 0.802})
  })
  it('ignores a zero or unlimited limit', () => {
    expect(kinds(analyze(rows(2, () => ({fd_count: 900, fd_soft_limit: 0}))))).toEqual([])
    expect(kinds(analyze(rows(2, () => ({fd_count: 900, fd_soft_limit: -1}))))).toEqual([])
  })
})

describe('rss_growth', () => {
  it('needs 5 snapshots and last > 2 × first positive; one record at the last snapshot', () => {
    const grow = (n: number, last: number) => rows(n, (i) => ({vm_rss_kb: i === 0 ? 0 : i === n - 1 ? last : 1000}))
    expect(kinds(analyze(grow(4, 5000)))).toEqual([])
    expect(kinds(analyze(grow(5, 2000)))).toEqual([])
    const r = analyze(grow(5, 2001))
    expect(kinds(r)).toEqual(['rss_growth@4'])
    expect(r.anomalies[0]!.detail).toEqual({initial_rss_kb: 1000, final_rss_kb: 2001, growth_factor: 2, snapshot_count: 5})
  })
})

describe('identity_drift and modal comm', () => {
  it('flags the first snapshot that differs from the modal comm, once', () => {
    const comms = ['claude', 'claude', 'node', 'claude', 'node']
    const r = analyze(rows(5, (i) => ({comm: comms[i]})))
    expect(r.tracked_comm).toBe('claude')
    expect(r.tracked_comm_drift).toBe(true)
    expect(kinds(r)).toEqual(['identity_drift@2'])
    expect(r.anomalies[0]).toMatchObject({severity: 'critical', detail: {expected_comm: 'claude', actual_comm: 'node', seq: 2}})
  })
  it('breaks ties in favour of the comm seen first; empty comms count for nothing', () => {
    const r = analyze(rows(5, (i) => ({comm: ['', 'b', 'a', 'a', 'b'][i]})))
    expect(r.modal_comm).toBe('b')
    expect(kinds(r)).toEqual(['identity_drift@2'])
  })
  it('uses the expected comm when given: a whole trace of the PTY wrapper is caught without drift', () => {
    const r = analyze(rows(3, () => ({comm: 'script'})), 'claude')
    expect(r.tracked_comm).toBe('claude')
    expect(r.tracked_comm_drift).toBe(false)
    expect(r.anomalies.map((a) => a.detail)).toEqual([{expected_comm: 'claude', actual_comm: 'script', seq: 0}])
  })
  it('puts rss_growth before identity_drift, after per-snapshot rules', () => {
    const r = analyze(rows(5, (i) => ({vm_rss_kb: 1000 * (i + 1) ** 2, comm: i === 1 ? 'x' : 'claude', oom_score: i === 4 ? 900 : 500})))
    expect(kinds(r)).toEqual(['oom_spike@4', 'oom_critical@4', 'rss_growth@4', 'identity_drift@1'])
  })
})

describe('records', () => {
  it('stamps ts with the snapshot captured_at, so output is reproducible', () => {
    const input = rows(2, (i) => ({oom_score: [0, 900][i]}))
    const r = analyze(input)
    expect(r.anomalies[0]!.ts).toBe(input[1]!['captured_at'])
    expect(r.anomalies[0]!.snapshot).toEqual(input[1])
  })
  it('strips the finalized-row wrapper keys from the embedded snapshot', () => {
    const row = {...snapshot(0, {oom_score: 900}), ts: 'x', seq: 0, event: 'snapshot', pid: 7}
    const a = analyze([row]).anomalies[0]!
    expect(a.snapshot).toEqual(snapshot(0, {oom_score: 900}))
  })
  it('computes peaks, skipping unreadable and mistyped values', () => {
    const r = analyze([snapshot(0, {vm_rss_kb: 10, oom_score: -1, fd_count: 512}), snapshot(1, {vm_rss_kb: '999999', oom_score: 12, fd_count: 3})])
    expect(r).toMatchObject({peak_rss_kb: 10, peak_oom_score: 12, peak_fd_ratio: 0.5, snapshot_count: 2})
    expect(r.field_issues).toEqual([{line: 2, field: 'vm_rss_kb', reason: 'expected a non-negative integer, got "999999"'}])
  })
  it('can skip the field report and the trends (what finalization needs), with the same findings', () => {
    const input = [snapshot(0, {vm_rss_kb: '1', oom_score: 100}), snapshot(1, {oom_score: 900})]
    const full = analyzeRows(input, {pid: 7})
    const lean = analyzeRows(input, {pid: 7, checkFields: false, trends: false})
    expect(full.field_issue_count).toBe(1)
    expect(lean).toMatchObject({field_issue_count: 0, field_issues: [], trends: {memory: null, leak: {verdict: 'insufficient_data'}}})
    expect(lean.anomalies).toEqual(full.anomalies)
    expect(lean.duration_seconds).toBe(full.duration_seconds)
  })

  it('survives rows with nothing in them', () => {
    const r = analyze([{}, {comm: 5}, {state: null}])
    expect(r).toMatchObject({snapshot_count: 3, anomaly_count: 0, tracked_comm: null, peak_rss_kb: 0})
  })
})
