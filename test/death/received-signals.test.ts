/** signal-sender's evidence in the cause of death: signals.jsonl records → ReceivedSignal → verdict. */
import {describe, expect, it} from 'vitest'
import type {DeathEvidence, KernelEvidence} from '../../src/death/death-evidence.js'
import {decideCauseOfDeath} from '../../src/death/decide-cause-of-death.js'
import {receivedSignalsOf} from '../../src/death/received-signals.js'
import type {SignalRecord} from '../../src/model/signal-record.js'

const AT = '2026-11-30T04:00:00.000000+00:00'
const unreadable: KernelEvidence = {readable: false, reason: '/dev/kmsg: permission denied', fix: 'run as root'}
const base = (over: Partial<DeathEvidence>): DeathEvidence => ({pid: 42, comm: 'python3', kernel: unreadable, ...over})
const child = (signal: string) => ({code: null, signal, coreDumped: null, via: 'child' as const, at: AT})
const sig = (signal: string, sender: [string, number], more: Partial<SignalRecord> = {}): SignalRecord =>
  ({kind: 'signal', at: AT, mono_s: 1, target_pid: 42, target_comm: 'python3', sender_comm: sender[0], sender_pid: sender[1], sig: 0, signal, code: 0, errno: 0, group: true, result: 'delivered', origin: 'process', ...more}) as SignalRecord
const victim: SignalRecord = {kind: 'oom_victim', at: AT, mono_s: 2, target_pid: 42, target_comm: 'python3', sender_pid: 42, sender_comm: 'python3'}

describe('receivedSignalsOf', () => {
  it('keeps what could have ended the workload: its own, arrived, fatal by default; OOM choice and kernel origin marked', () => {
    const records = [
      sig('SIGCONT', ['timeout', 7]),
      sig('SIGTERM', ['timeout', 7], {result: 'ignored'}),
      sig('SIGTERM', ['timeout', 7], {target_pid: 43}),
      sig('SIGALRM', ['node', 99], {code: 128, origin: 'kernel'}),
      sig('SIGTERM', ['timeout', 7]),
      victim,
    ]
    expect(receivedSignalsOf(records, 42)).toEqual([
      {signal: 'SIGALRM', sender_pid: null, sender_comm: null, at: AT, origin: 'kernel'},
      {signal: 'SIGTERM', sender_pid: 7, sender_comm: 'timeout', at: AT},
      {signal: 'SIGKILL', sender_pid: 42, sender_comm: 'python3', at: AT, origin: 'oom_killer'},
    ])
  })
})

describe('the cause of death with tracefs evidence', () => {
  it('names the sender of a kill: `SIGTERM from timeout (pid 7)`', () => {
    const c = decideCauseOfDeath(base({exit: child('SIGTERM'), signals: receivedSignalsOf([sig('SIGTERM', ['timeout', 7])], 42)}))
    expect(c.verdict).toBe('killed')
    expect(c.evidence).toContainEqual({source: 'tracefs', at: AT, text: 'SIGTERM from timeout (pid 7)'})
  })

  it('tells an OOM kill by oom:mark_victim without the kernel log, although the SIGKILL came from the victim itself', () => {
    const records = [sig('SIGKILL', ['python3', 42], {code: 128, origin: 'kernel'}), victim]
    const c = decideCauseOfDeath(base({exit: child('SIGKILL'), signals: receivedSignalsOf(records, 42)}))
    expect(c).toMatchObject({verdict: 'oom_killed', signal: 'SIGKILL'})
    expect(c.evidence).toContainEqual({source: 'tracefs', at: AT, text: 'SIGKILL from the OOM killer (oom:mark_victim chose pid 42)'})
    // without the mark, an unreadable kernel log leaves a SIGKILL unknown
    expect(decideCauseOfDeath(base({exit: child('SIGKILL'), signals: receivedSignalsOf(records.slice(0, 1), 42)})).verdict).toBe('unknown')
  })

  it('a kill -9 is `killed` even when another process was OOM-killed (its mark is for another pid)', () => {
    const records = [{...victim, target_pid: 77}, sig('SIGKILL', ['bash', 900])]
    const c = decideCauseOfDeath(base({exit: child('SIGKILL'), signals: receivedSignalsOf(records, 42)}))
    expect(c.verdict).toBe('killed')
    expect(c.evidence).toContainEqual({source: 'tracefs', at: AT, text: 'SIGKILL from bash (pid 900)'})
  })
})
