import {describe, expect, it} from 'vitest'
import {describeSender, findKiller} from '../../src/analyze/signal-sender.js'
import type {SignalRecord} from '../../src/model/signal-record.js'

const at = '2026-11-30T04:00:00.000000+00:00'
const signal = (sig: string, sender: [string, number], target: number, more: Partial<SignalRecord> = {}): SignalRecord => ({
  kind: 'signal', at, mono_s: 1, target_pid: target, target_comm: 'sleep', sender_comm: sender[0], sender_pid: sender[1],
  sig: 0, signal: sig, code: 0, errno: 0, group: true, result: 'delivered', origin: 'process', ...more,
} as SignalRecord)

describe('findKiller', () => {
  it('names the last fatal signal to the workload, skipping ones that do not end a process', () => {
    const records = [signal('SIGTERM', ['timeout', 4411], 10), signal('SIGCONT', ['timeout', 4411], 10), signal('SIGWINCH', ['tmux', 5], 10)]
    expect(findKiller(records, {targetPid: 10})?.text).toBe('SIGTERM from timeout (pid 4411)')
  })

  it('prefers the signal the exit status names, and ignores signals to other pids and ignored ones', () => {
    const records = [
      signal('SIGKILL', ['kill', 7], 10),
      signal('SIGTERM', ['systemd', 1], 10),
      signal('SIGKILL', ['kill', 8], 99),
      signal('SIGKILL', ['kill', 9], 10, {result: 'ignored'}),
    ]
    expect(findKiller(records, {targetPid: 10, exitSignal: 'SIGKILL'})?.text).toBe('SIGKILL from kill (pid 7)')
    expect(findKiller(records, {targetPid: 10})?.text).toBe('SIGTERM from systemd (pid 1)')
    expect(findKiller(records, {targetPid: 10, exitSignal: 'SIGSEGV'})).toBeUndefined()
  })

  it('tells an OOM kill by its mark_victim record, not by the task that happened to send the SIGKILL', () => {
    const oom: SignalRecord = {kind: 'oom_victim', at, mono_s: 2, target_pid: 10, target_comm: 'python3', sender_pid: 10, sender_comm: 'python3'}
    const records = [signal('SIGKILL', ['python3', 10], 10, {code: 128, origin: 'kernel'}), oom]
    expect(findKiller(records, {targetPid: 10, exitSignal: 'SIGKILL'})).toMatchObject({kind: 'oom', text: 'SIGKILL from the OOM killer'})
    expect(findKiller([{...oom, sender_pid: 20, sender_comm: 'java'}], {targetPid: 10})?.text).toBe('SIGKILL from the OOM killer (run by java (pid 20) allocating)')
    // another process's OOM kill is not ours
    expect(findKiller([{...oom, target_pid: 11}, signal('SIGKILL', ['kill', 7], 10)], {targetPid: 10})?.kind).toBe('signal')
  })

  it('says "the kernel" for a signal the kernel raised (the header task is just whoever ran)', () => {
    expect(describeSender(signal('SIGALRM', ['node', 10865], 10, {code: 128, origin: 'kernel'}) as never)).toBe('SIGALRM from the kernel (si_code 128)')
  })
})
