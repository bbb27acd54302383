import {describe, expect, it} from 'vitest'
import {decide} from '../../src/recover/decide.js'
import type {TraceFacts} from '../../src/recover/facts.js'
import {parsePid} from '../../src/recover/gates/safety.js'
import {lockKey, parseProcLocks} from '../../src/recover/proc-locks.js'
import {parseProcStat} from '../../src/recover/proc-stat.js'
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

describe('gates (SPEC §4 order)', () => {
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
    expect(decide(facts({process: {exists: true, state: 'S', startTicks: 500}, currentBootId: 'boot-b'})).verdict).toBe('stale-boot')
  })
  it('alien comm, skipped for schema-1 sidecars and empty comms', () => {
    expect(decide(facts({firstComm: 'script'})).verdict).toBe('alien')
    expect(decide(facts({firstComm: 'script', enrollment: {ok: true, enrollment: {schema_version: 1, pid: 4242}}})).verdict).toBe('recovered')
    expect(decide(facts({firstComm: undefined})).verdict).toBe('recovered')
  })
})

describe('parsers', () => {
  it('parses /proc/PID/stat after the last ")"', () => {
    const stat = '74718 (a) S 1 (b)) Z 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 987654 20 21\n'
    expect(parseProcStat(stat)).toEqual({state: 'Z', startTicks: 987654})
  })
  it('parses /proc/locks, ignoring waiters, and decodes st_dev as the kernel does', () => {
    const table = parseProcLocks('1: FLOCK  ADVISORY  WRITE 12345 00:1a:123456 0 EOF\n2: -> FLOCK  ADVISORY  WRITE 9 00:1a:123456 0 EOF\n3: POSIX  ADVISORY  READ 8 fd:01:99 0 EOF\n')
    expect(table.get('0:26:123456')).toEqual([12345])
    expect(lockKey(26, 123456)).toBe('0:26:123456')
    expect(lockKey((253 << 8) | 1, 99)).toBe('253:1:99')
    expect(table.get('253:1:99')).toEqual([8])
  })
  it('accepts only real pids', () => {
    expect(parsePid('4242')).toBe(4242)
    for (const bad of ['abc', '0', '-1', '012', '4194305', '1e3', '']) expect(parsePid(bad)).toBeUndefined()
  })
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
  it('without launch fields keeps SPEC §4 exactly: the first row against comm', () => {
    expect(decide(facts({firstComm: 'node', workloadComm: 'claude'})).verdict).toBe('alien')
    expect(decide(facts({enrollment: launched({launch_rows: undefined}), firstComm: 'slowtool'})).verdict).toBe('recovered')
    expect(decide(facts({enrollment: launched({launch_rows: undefined}), firstComm: 'node'})).verdict).toBe('alien')
  })
})
