/**
 * Who ended the workload, from its signals.jsonl records (model/signal-record.ts). Pure.
 *
 * - An `oom_victim` record for the workload: the OOM killer chose it. Its SIGKILL is sent from
 *   whatever task was allocating (often the victim itself), so that sender must not be named.
 * - Otherwise, the last signal to the workload that was delivered (or already pending) and whose
 *   default action ends a process — the one named by the exit status when that is known.
 *
 * This is the evidence source `tracefs` for the cause of death (issue 13): `describeSender`
 * gives its text, e.g. `SIGKILL from timeout (pid 4411)`.
 */
import type {SignalEventRecord, SignalRecord} from '../model/signal-record.js'

/** signal(7): the signals whose default action is not to terminate. */
const NOT_FATAL_BY_DEFAULT = new Set(['SIGCHLD', 'SIGCONT', 'SIGSTOP', 'SIGTSTP', 'SIGTTIN', 'SIGTTOU', 'SIGURG', 'SIGWINCH'])
const ARRIVED = new Set(['delivered', 'already_pending'])

export type Killer =
  | {kind: 'oom'; text: string; at: string; record: SignalRecord}
  | {kind: 'signal'; text: string; at: string; record: SignalEventRecord}

export interface KillerQuery {
  /** The workload's pid (its tgid); records aimed at its threads carry the thread id. */
  targetPid: number
  /** Thread ids known to belong to it (optional). */
  threadPids?: readonly number[]
  /** The signal the exit status names (e.g. "SIGKILL"), when the workload was our child. */
  exitSignal?: string | null
}

/** "SIGKILL from timeout (pid 4411)". Comm is untrusted text: callers escape it for their medium. */
export function describeSender(record: SignalEventRecord): string {
  if (record.origin === 'kernel') return `${record.signal} from the kernel (si_code ${record.code})`
  return `${record.signal} from ${record.sender_comm} (pid ${record.sender_pid})`
}

export function findKiller(records: readonly SignalRecord[], query: KillerQuery): Killer | undefined {
  const mine = new Set([query.targetPid, ...(query.threadPids ?? [])])
  const aimed = records.filter((r) => mine.has(r.target_pid))
  const oom = aimed.findLast((r) => r.kind === 'oom_victim')
  if (oom !== undefined) {
    const invoker = oom.sender_pid === oom.target_pid ? '' : ` (run by ${oom.sender_comm} (pid ${oom.sender_pid}) allocating)`
    return {kind: 'oom', text: `SIGKILL from the OOM killer${invoker}`, at: oom.at, record: oom}
  }
  const signals = aimed.filter((r): r is SignalEventRecord => r.kind === 'signal' && ARRIVED.has(r.result))
  const wanted = query.exitSignal ?? undefined
  const hit = wanted !== undefined ? signals.findLast((r) => r.signal === wanted) : signals.findLast((r) => !NOT_FATAL_BY_DEFAULT.has(r.signal))
  return hit === undefined ? undefined : {kind: 'signal', text: describeSender(hit), at: hit.at, record: hit}
}
