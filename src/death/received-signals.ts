/**
 * signals.jsonl records (model/signal-record.ts) → the `signals` evidence of the cause of death
 * (death-evidence.ts `ReceivedSignal`). Pure. Only what could have ended the process goes in:
 * signals aimed at it that arrived (delivered or already pending) and whose default action
 * terminates; the OOM killer's choice of it (`oom_victim`) as `origin: 'oom_killer'`. A
 * kernel-raised signal keeps no sender: its event header names whichever task was running.
 *
 * Hooking it in: `assessDeath({..., signals: receivedSignalsOf(records, pid)})` in trace
 * (records from SessionSignalWatch.finish) and recover (from crashedSessionSignals).
 */
import type {SignalRecord} from '../model/signal-record.js'
import type {ReceivedSignal} from './death-evidence.js'

const NOT_FATAL_BY_DEFAULT = new Set(['SIGCHLD', 'SIGCONT', 'SIGSTOP', 'SIGTSTP', 'SIGTTIN', 'SIGTTOU', 'SIGURG', 'SIGWINCH'])
const ARRIVED = new Set(['delivered', 'already_pending'])

export function receivedSignalsOf(records: readonly SignalRecord[], pid: number): ReceivedSignal[] {
  const out: ReceivedSignal[] = []
  for (const r of records) {
    if (r.target_pid !== pid) continue
    if (r.kind === 'oom_victim') {
      out.push({signal: 'SIGKILL', sender_pid: r.sender_pid, sender_comm: r.sender_comm, at: r.at, origin: 'oom_killer'})
    } else if (ARRIVED.has(r.result) && !NOT_FATAL_BY_DEFAULT.has(r.signal)) {
      const kernel = r.origin === 'kernel'
      out.push({signal: r.signal, sender_pid: kernel ? null : r.sender_pid, sender_comm: kernel ? null : r.sender_comm, at: r.at, ...(kernel ? {origin: 'kernel' as const} : {})})
    }
  }
  return out
}
