/**
 * Launch rows (issue 9): rows taken under programs the process later exec'd away from are the
 * launch of the workload, not the workload: no rule, baseline, peak or comm comes from them.
 * Traces without launch information give docs/formats.md §6's results exactly.
 */
import {describe, expect, it} from 'vitest'
import {analyzeRows} from '../../src/analyze/trace-analyzer.js'
import {rows} from '../helpers/snapshots.js'

const kinds = (r: ReturnType<typeof analyzeRows>) => r.anomalies.map((a) => `${a.kind}@${a.seq}`)

// A pyenv shim: env (comm python3, tiny), bash ×3, then python3 growing from 9 MB to 12 MB.
const SHIM = rows(9, (i) => ({
  comm: ['python3', 'bash', 'bash', 'bash'][i] ?? 'python3',
  vm_rss_kb: [100, 3000, 3000, 3000][i] ?? 9000 + (i - 4) * 800,
  state: i === 2 ? 'disk-sleep' : 'sleeping',
  wchan: i === 2 ? 'fuse_wait_answer' : 'do_epoll_wait',
}))

describe('launch rows', () => {
  it('without launch information: docs/formats.md §6 as is (the false alarms the issue reports)', () => {
    const r = analyzeRows(SHIM, {pid: 7, expectedComm: 'python3'})
    expect(kinds(r)).toEqual(['rss_growth@8', 'identity_drift@1'])
    expect(r.tracked_comm_drift).toBe(true)
    expect(r.launch_rows).toBe(0)
  })

  it('with launchRows (a tmpfs sidecar): the launch counts for nothing but the snapshot count and the timing', () => {
    const r = analyzeRows(SHIM, {pid: 7, expectedComm: 'python3', launchRows: 4})
    expect(kinds(r)).toEqual([])
    expect(r).toMatchObject({snapshot_count: 9, launch_rows: 4, tracked_comm: 'python3', tracked_comm_drift: false, peak_rss_kb: 12200})
    expect(r.comm_counts).toEqual([{comm: 'python3', count: 5}])
    expect(r.first_ts).toBe(SHIM[0]!['captured_at'])
  })

  it('rows marked "phase": "launch" (a finalized trace) are the same', () => {
    const marked = SHIM.map((row, i) => (i < 4 ? {...row, phase: 'launch'} : row))
    expect(kinds(analyzeRows(marked, {pid: 7, expectedComm: 'python3'}))).toEqual([])
  })

  it('the rss_growth baseline is the workload first row', () => {
    const growing = rows(8, (i) => ({comm: i < 2 ? 'env' : 'node', vm_rss_kb: i < 2 ? 500 : 10_000 * (i - 1)}))
    const r = analyzeRows(growing, {pid: 7, expectedComm: 'node', launchRows: 2})
    expect(r.anomalies.find((a) => a.kind === 'rss_growth')?.detail).toEqual({initial_rss_kb: 10_000, final_rss_kb: 60_000, growth_factor: 6, snapshot_count: 6})
  })

  it('a workload row showing another comm is still identity_drift', () => {
    const r = analyzeRows(rows(5, (i) => ({comm: ['env', 'node', 'node', 'script', 'node'][i]})), {pid: 7, expectedComm: 'node', launchRows: 1})
    expect(r.anomalies.find((a) => a.kind === 'identity_drift')).toMatchObject({seq: 3, detail: {expected_comm: 'node', actual_comm: 'script', seq: 3}})
  })
})

describe('the exit row of a spawned workload', () => {
  it('"phase": "exit" is its end, not zombie_detected; an unmarked zombie still is', () => {
    const ended = rows(3, (i) => (i === 2 ? {state: 'zombie', vm_rss_kb: 0, phase: 'exit'} : {}))
    expect(kinds(analyzeRows(ended, {pid: 7}))).toEqual([])
    const real = rows(3, (i) => (i === 2 ? {state: 'zombie', vm_rss_kb: 0} : {}))
    expect(kinds(analyzeRows(real, {pid: 7}))).toEqual(['zombie_detected@2'])
  })
})
