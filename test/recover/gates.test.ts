import {describe, expect, it} from 'vitest'
import {decide} from '../../src/recover/decide.js'
import type {TraceFacts} from '../../src/recover/facts.js'
import {scanNames} from '../../src/recover/scan-tmpfs.js'

const NOW = Date.UTC(2026, 3, 13, 12)
const file = (over = {}) => ({kind: 'regular' as const, uid: 1000, mtimeNs: BigInt(NOW - 3_600_000) * 1_000_000n, dev: 45, ino: 7, ...over})

function facts(over: Partial<TraceFacts> = {}): TraceFacts {
  return {
    name: 'autoskillit_trace_4242.jsonl', prefix: 'autoskillit', pidText: '4242', pid: 4242,
    trace: file(), sidecarName: 'autoskillit_enrollment_4242.json', sidecar: file({ino: 8}),
    enrollment: {ok: true, enrollment: {schema_version: 2, pid: 4242, boot_id: 'boot-a', starttime_ticks: 500, comm: 'claude'}},
    uid: 1000, nowMs: NOW, minAgeSeconds: 30, currentBootId: 'boot-a', process: {exists: false}, lockHolders: [], firstComm: 'claude',
    ...over,
  }
}

describe('gates (docs/formats.md §7 order)', () => {
  it('recovers a trace whose pid is gone', () => {
    expect(decide(facts())).toMatchObject({verdict: 'recovered', reason: 'crashed: pid 4242 no longer exists'})
  })
  it('refuses before anything else: bad pid, symlink, non-regular, foreign owner, unsafe sidecar', () => {
    expect(decide(facts({pid: undefined, pidText: 'abc', trace: file({mtimeNs: BigInt(NOW) * 1_000_000n})})).verdict).toBe('refused')
    expect(decide(facts({trace: {kind: 'symlink', uid: 1000}})).reason).toMatch(/symbolic link/)
    expect(decide(facts({trace: file({kind: 'other'})})).reason).toMatch(/not a regular file/)
    expect(decide(facts({trace: file({uid: 0})})).reason).toMatch(/owned by uid 0/)
    expect(decide(facts({sidecar: {kind: 'symlink', uid: 1000}})).gate).toBe('safety')
  })
  it('skips young files, then files without a valid sidecar (or one for another pid)', () => {
    expect(decide(facts({trace: file({mtimeNs: BigInt(NOW - 5_000) * 1_000_000n}), enrollment: {ok: false, reason: 'x'}})).verdict).toBe('too-young')
    expect(decide(facts({enrollment: {ok: false, reason: 'no enrollment sidecar'}})).verdict).toBe('no-enrollment')
    expect(decide(facts({enrollment: {ok: true, enrollment: {schema_version: 2, pid: 1}}})).verdict).toBe('no-enrollment')
  })
  it('rejects another boot only when both boot ids are known', () => {
    expect(decide(facts({currentBootId: 'boot-b'})).verdict).toBe('stale-boot')
    expect(decide(facts({currentBootId: null})).verdict).toBe('recovered')
  })
  it('liveness: lock wins over a dead pid; same ticks live; other ticks recycled; zombie exited', () => {
    expect(decide(facts({lockHolders: [77]}))).toMatchObject({verdict: 'live', gate: 'liveness'})
    expect(decide(facts({process: {exists: true, state: 'S', startTicks: 500}})).verdict).toBe('live')
    expect(decide(facts({process: {exists: true, state: 'S', startTicks: 501}})).reason).toMatch(/reused/)
    expect(decide(facts({process: {exists: true, state: 'Z', startTicks: 500}})).reason).toMatch(/zombie/)
    for (const dead of ['X', 'x']) expect(decide(facts({process: {exists: true, state: dead, startTicks: 500}})).reason).toMatch(/dead/)
    expect(decide(facts({process: {exists: true, state: 'S', startTicks: 500}, currentBootId: 'boot-b'})).verdict).toBe('stale-boot')
  })
  it('alien comm, skipped for schema-1 sidecars and empty comms', () => {
    expect(decide(facts({firstComm: 'script'})).verdict).toBe('alien')
    expect(decide(facts({firstComm: 'script', enrollment: {ok: true, enrollment: {schema_version: 1, pid: 4242}}})).verdict).toBe('recovered')
    expect(decide(facts({firstComm: undefined})).verdict).toBe('recovered')
  })
})

describe('scanNames', () => {
  it('finds traces, claims and orphan sidecar claims by name', () => {
    const scan = scanNames(
      ['b_trace_2.jsonl', 'autoskillit_trace_1.jsonl', 'autoskillit_trace_3.jsonl.recovering-10-20', 'autoskillit_enrollment_9.json.recovering-10-20', 'autoskillit_enrollment_3.json.recovering-10-20', 'other.txt'],
      ['autoskillit', 'trace-doctor'],
    )
    expect(scan.traces.map((t) => [t.name, t.pidText, t.claim?.pid])).toEqual([
      ['autoskillit_trace_1.jsonl', '1', undefined],
      ['autoskillit_trace_3.jsonl.recovering-10-20', '3', 10],
    ])
    expect(scan.orphanSidecarClaims.map((o) => o.name)).toEqual(['autoskillit_enrollment_9.json.recovering-10-20'])
  })
  it('keeps a trace whose pid part is not a pid (the safety gate refuses it by name)', () => {
    const scan = scanNames(['autoskillit_trace_012.jsonl', 'autoskillit_trace_x.jsonl'], ['autoskillit'])
    expect(scan.traces.map((t) => [t.pidText, t.sidecarName])).toEqual([
      ['012', 'autoskillit_enrollment_012.json'],
      ['x', 'autoskillit_enrollment_x.json'],
    ])
    expect(decide(facts({pidText: '012', pid: undefined}))).toMatchObject({verdict: 'refused', gate: 'safety'})
  })
})

describe('alien gate with launch information (issue 9)', () => {
  const launched = (over: Record<string, unknown> = {}) => ({ok: true as const, enrollment: {schema_version: 2, pid: 4242, boot_id: 'boot-a', starttime_ticks: 500, comm: 'slowtool', settled_comm: 'node', launch_rows: 1, ...over}})
  it('compares the workload first row with settled_comm, not the launcher first row', () => {
    expect(decide(facts({enrollment: launched(), firstComm: 'slowtool', workloadComm: 'node'})).verdict).toBe('recovered')
    // the launcher row alone (the tracer died before the workload row was written): nothing to compare
    expect(decide(facts({enrollment: launched(), firstComm: 'slowtool', workloadComm: undefined})).verdict).toBe('recovered')
  })
  it('still quarantines a trace whose workload rows show another process', () => {
    const d = decide(facts({enrollment: launched(), firstComm: 'slowtool', workloadComm: 'script'}))
    expect(d).toMatchObject({verdict: 'alien', gate: 'alien'})
    expect(d.reason).toMatch(/after the launch \(seq 1\) is of "script", the sidecar enrolled "node"/)
  })
  it('without launch fields keeps docs/formats.md §7 exactly: the first row against comm', () => {
    expect(decide(facts({firstComm: 'node', workloadComm: 'claude'})).verdict).toBe('alien')
    expect(decide(facts({enrollment: launched({launch_rows: undefined}), firstComm: 'slowtool'})).verdict).toBe('recovered')
    expect(decide(facts({enrollment: launched({launch_rows: undefined}), firstComm: 'node'})).verdict).toBe('alien')
  })
})
