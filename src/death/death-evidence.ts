/**
 * Everything decideCauseOfDeath weighs, gathered by the I/O side (gather-death-evidence.ts) or
 * built by hand in tests. Times are already ISO strings; kernel events are already matched to
 * the process (match-events.ts).
 */
import type {CgroupReading, OomConstraint} from '../model/cause-of-death.js'
import type {KernelEvent} from './kernel-event.js'

export interface ExitStatus {
  /** The exit code, or what the PTY wrapper passed on (128 + N for a death by signal N). */
  code: number | null
  /** The terminating signal's name, when the tracer saw it directly. */
  signal: string | null
  /** null when not known: Node's exit event drops the core-dump bit. */
  coreDumped: boolean | null
  /**
   * child: the tracer's own child (exact); pty_wrapper: `script -e`'s status, where a death by
   * signal N and `exit(128+N)` look the same and the core bit is gone; zombie_stat: field 52 of
   * /proc/PID/stat read from the unreaped zombie (exact).
   */
  via: 'child' | 'pty_wrapper' | 'zombie_stat'
  at: string | null
}

export interface MatchedKernelEvent {
  event: KernelEvent
  at: string | null
}

export type KernelEvidence =
  | {
      readable: true
      source: string
      matched: MatchedKernelEvent[]
      /** OOM kills of other processes during its life (never attributed to it). */
      otherOomKills: MatchedKernelEvent[]
      /**
       * False when the ring buffer no longer reaches back to the process's end: a record of its
       * death may have been overwritten.
       */
      coversEnd: boolean
      oldestAt: string | null
    }
  | {readable: false; reason: string; fix: string}

export interface CgroupEvidence {
  version: 1 | 2
  path: string
  start: CgroupReading | null
  end: CgroupReading | null
}

export interface CoredumpEvidence {
  /** true: a core was written (coredumpctl lists it); false: it could not have been; null: unknown. */
  dumped: boolean | null
  at: string | null
  text: string
}

export interface LastRow {
  at: string | null
  state: string | null
  vmRssKb: number | null
  fdCount: number | null
  fdSoftLimit: number | null
}

/** A signal the process received, with its sender (tracefs signal_generate; see signals.jsonl). */
export interface ReceivedSignal {
  signal: string
  sender_pid: number | null
  sender_comm: string | null
  at: string | null
  /**
   * signal-sender: `oom_killer` when oom:mark_victim chose the process (an OOM kill told without
   * the kernel log); `kernel` for a signal the kernel raised (a timer, a fault: sender_pid is
   * then null). Absent: sent by a process.
   */
  origin?: 'process' | 'kernel' | 'oom_killer'
}

export interface SupervisorAction {
  /** The signal trace-doctor (the supervisor) sent the workload: forwarded from the user, or a kill. */
  signal: string
  at: string | null
  text: string
}

export interface DeathEvidence {
  pid: number
  comm: string | null
  exit?: ExitStatus
  kernel: KernelEvidence
  cgroup?: CgroupEvidence
  coredump?: CoredumpEvidence
  lastRow?: LastRow
  supervisor?: SupervisorAction
  /** Another tracer's `kill_reason` (a supervisor's decision written into the summary). */
  killReason?: string | null
  /** Received signals (tracefs), oldest first. */
  signals?: readonly ReceivedSignal[]
  /** Pids that count as the supervisor when they send a signal (the tracer, its parent). */
  supervisorPids?: readonly number[]
  /** Why no exit status is known, for an `unknown` verdict's reason (attached, tracer died). */
  noExitBecause?: string
}

export type {OomConstraint}
