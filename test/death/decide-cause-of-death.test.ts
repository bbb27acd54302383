/** The verdict table: each piece of evidence, alone and against the others. */
import {describe, expect, it} from 'vitest'
import type {OomKillEvent} from '../../src/death/kernel-event.js'
import type {DeathEvidence, KernelEvidence, MatchedKernelEvent} from '../../src/death/death-evidence.js'
import {decideCauseOfDeath, decideTracerFate} from '../../src/death/decide-cause-of-death.js'
import {CauseOfDeathSchema} from '../../src/model/cause-of-death.js'

const AT = '2026-11-30T04:00:00.000000+00:00'
const oomKill: OomKillEvent = {
  kind: 'oom_kill', pid: 42, comm: 'python3', usec: 5, constraint: 'cgroup', memcg: '/cod', contextText: 'oom-kill:constraint=CONSTRAINT_MEMCG,…,task=python3,pid=42,uid=0',
  text: 'Memory cgroup out of memory: Killed process 42 (python3) total-vm:1kB, anon-rss:60928kB',
}
const oomEvent: MatchedKernelEvent = {at: AT, event: oomKill}
const segv: MatchedKernelEvent = {
  at: AT,
  event: {kind: 'fault', pid: 42, comm: 'python3', usec: 6, fault: 'segfault', signal: 'SIGSEGV', library: 'libc.so.6', text: 'python3[42]: segfault at 0 ip 1 sp 2 error 4 in libc.so.6[1+2]'},
}
const kernel = (matched: MatchedKernelEvent[] = [], extra: Partial<Extract<KernelEvidence, {readable: true}>> = {}): KernelEvidence => ({
  readable: true, source: 'kmsg', matched, otherOomKills: [], coversEnd: true, oldestAt: null, ...extra,
})
const unreadable: KernelEvidence = {readable: false, reason: '/dev/kmsg: permission denied (kernel.dmesg_restrict = 1)', fix: 'run as root or grant CAP_SYSLOG, or sysctl kernel.dmesg_restrict=0'}
const base = (over: Partial<DeathEvidence>): DeathEvidence => ({pid: 42, comm: 'python3', kernel: kernel(), ...over})
const child = (code: number | null, signal: string | null) => ({code, signal, coreDumped: null, via: 'child' as const, at: AT})
const reading = (oom: number) => ({read_at: AT, limit_bytes: 62914560, peak_bytes: 62914560, usage_bytes: 0, oom_kill: oom, oom_group_kill: null, max_events: 3})

describe('decideCauseOfDeath', () => {
  it('exit 3 → exited', () => {
    const c = decideCauseOfDeath(base({exit: child(3, null)}))
    expect(c).toMatchObject({verdict: 'exited', exit_code: 3, signal: null, core_dumped: false, constraint: null, reason: null})
    expect(c.evidence[0]).toEqual({source: 'exit_status', at: AT, text: 'exited with code 3'})
    expect(CauseOfDeathSchema.parse(c)).toEqual(c)
  })

  it('a kernel OOM kill of this pid → oom_killed, cgroup constraint, the kernel lines as evidence', () => {
    const c = decideCauseOfDeath(base({exit: child(null, 'SIGKILL'), kernel: kernel([oomEvent])}))
    expect(c).toMatchObject({verdict: 'oom_killed', signal: 'SIGKILL', constraint: 'cgroup'})
    expect(c.evidence.filter((x) => x.source === 'kernel_log').map((x) => x.text)).toEqual([oomKill.contextText, oomKill.text])
  })

  it('behind the PTY wrapper: 137 is read as SIGKILL, the OOM record decides', () => {
    const c = decideCauseOfDeath(base({exit: {code: 137, signal: null, coreDumped: null, via: 'pty_wrapper', at: AT}, kernel: kernel([oomEvent])}))
    expect(c).toMatchObject({verdict: 'oom_killed', exit_code: 137, signal: 'SIGKILL', core_dumped: false})
    expect(c.evidence[0]!.text).toMatch(/128 \+ 9 \(SIGKILL\).*look the same/)
  })

  it('SIGKILL with a readable log and no OOM record → killed, even when another process was OOM-killed meanwhile', () => {
    const other: MatchedKernelEvent = {at: AT, event: {...oomEvent.event, pid: 77} as MatchedKernelEvent['event']}
    const c = decideCauseOfDeath(base({comm: 'sleep', exit: child(null, 'SIGKILL'), kernel: kernel([], {otherOomKills: [other]})}))
    expect(c.verdict).toBe('killed')
    expect(c.evidence.some((x) => x.text.includes('pid 77') && x.text.includes('none of them is this one'))).toBe(true)
  })

  it('SIGSEGV with the kernel segfault line → crashed with the faulting library in the evidence', () => {
    const c = decideCauseOfDeath(base({exit: child(null, 'SIGSEGV'), kernel: kernel([segv])}))
    expect(c).toMatchObject({verdict: 'crashed', signal: 'SIGSEGV', core_dumped: null})
    expect(c.evidence.map((x) => x.text).join('\n')).toContain('in libc.so.6[')
  })

  it('a crash signal without a kernel line is still crashed; SIGTERM from an unknown sender is killed', () => {
    expect(decideCauseOfDeath(base({exit: child(null, 'SIGABRT')})).verdict).toBe('crashed')
    expect(decideCauseOfDeath(base({exit: child(null, 'SIGTERM')})).verdict).toBe('killed')
  })

  it('unreadable kernel log: the cgroup counter decides SIGKILL; without it the verdict is unknown with the fix', () => {
    const moved = decideCauseOfDeath(base({exit: child(null, 'SIGKILL'), kernel: unreadable, cgroup: {version: 1, path: '/cod', start: reading(0), end: reading(1)}}))
    expect(moved).toMatchObject({verdict: 'oom_killed', constraint: 'cgroup'})
    expect(moved.evidence.find((x) => x.source === 'cgroup')!.text).toContain('oom_kill 0 → 1')
    const still = decideCauseOfDeath(base({exit: child(null, 'SIGKILL'), kernel: unreadable, cgroup: {version: 2, path: '/cod', start: reading(2), end: reading(2)}}))
    expect(still.verdict).toBe('killed')
    const none = decideCauseOfDeath(base({exit: child(null, 'SIGKILL'), kernel: unreadable}))
    expect(none.verdict).toBe('unknown')
    expect(none.reason).toContain('dmesg_restrict')
    expect(none.reason).toContain('CAP_SYSLOG')
  })

  it('a signal the supervisor sent → killed_by_supervisor; a tracefs sender decides killed vs supervisor', () => {
    const sup = {signal: 'SIGTERM', at: AT, text: 'trace-doctor forwarded SIGTERM it received'}
    expect(decideCauseOfDeath(base({exit: child(null, 'SIGTERM'), supervisor: sup})).verdict).toBe('killed_by_supervisor')
    expect(decideCauseOfDeath(base({exit: child(0, null), supervisor: sup})).verdict).toBe('exited')
    const signals = [{signal: 'SIGKILL', sender_pid: 900, sender_comm: 'bash', at: AT}]
    const byOther = decideCauseOfDeath(base({exit: child(null, 'SIGKILL'), signals}))
    expect(byOther.verdict).toBe('killed')
    expect(byOther.evidence).toContainEqual({source: 'tracefs', at: AT, text: 'SIGKILL from bash (pid 900)'})
    expect(decideCauseOfDeath(base({exit: child(null, 'SIGKILL'), signals, supervisorPids: [900]})).verdict).toBe('killed_by_supervisor')
  })

  it('no exit status (attached, or the tracer died): kernel events still decide; else unknown with why', () => {
    expect(decideCauseOfDeath(base({kernel: kernel([oomEvent])})).verdict).toBe('oom_killed')
    expect(decideCauseOfDeath(base({kernel: kernel([segv])})).verdict).toBe('crashed')
    const u = decideCauseOfDeath(base({noExitBecause: 'the tracer died before the workload ended'}))
    expect(u.verdict).toBe('unknown')
    expect(u.reason).toMatch(/^the tracer died before the workload ended, and the kernel log \(kmsg\) records no OOM kill or fault for pid 42 \(python3\)/)
  })

  it('redacts evidence texts', () => {
    const c = decideCauseOfDeath(base({exit: child(1, null), killReason: 'token ghp_secret'}), {redact: (t) => t.replace('ghp_secret', '[REDACTED]')})
    expect(c.evidence.at(-1)!.text).toBe('kill_reason: token [REDACTED]')
  })

  it('rows: RSS against the cgroup limit, fds at the limit', () => {
    const c = decideCauseOfDeath(base({exit: child(1, null), cgroup: {version: 1, path: '/cod', start: reading(0), end: reading(0)}, lastRow: {at: AT, state: 'running', vmRssKb: 58_000, fdCount: 1024, fdSoftLimit: 1024}}))
    expect(c.evidence.find((x) => x.source === 'rows')!.text).toBe('last snapshot: state running, RSS 56.6 MiB (94% of the cgroup limit), 1024 of 1024 fds (at the limit: EMFILE)')
  })
})

describe('decideTracerFate', () => {
  it('OOM-killed tracer, SIGKILLed tracer (no record), unreadable log', () => {
    const tracerOom: MatchedKernelEvent = {at: AT, event: {...oomEvent.event, pid: 7, comm: 'node'} as MatchedKernelEvent['event']}
    expect(decideTracerFate({pid: 7, alive: false, kernel: kernel([tracerOom])})).toMatchObject({verdict: 'oom_killed', signal: 'SIGKILL'})
    expect(decideTracerFate({pid: 7, alive: false, kernel: kernel()})).toMatchObject({verdict: 'killed', signal: null})
    expect(decideTracerFate({pid: 7, alive: false, kernel: unreadable}).verdict).toBe('unknown')
    expect(decideTracerFate({pid: null, alive: false, kernel: kernel()}).verdict).toBe('unknown')
  })
})
