/**
 * What a kernel record says about how a process ended, once recognized (classify-records.ts).
 * `pid` is what the kernel printed: the thread group id for OOM kills, the faulting thread's id
 * for segfaults and traps (the main thread's equals the process's pid).
 */
import type {OomConstraint} from '../model/cause-of-death.js'

interface EventBase {
  pid: number
  /** The kernel's comm (at most 15 bytes). */
  comm: string
  /** µs since boot. */
  usec: number
  seq?: number
  /** The record's text, as logged. */
  text: string
}

export interface OomKillEvent extends EventBase {
  kind: 'oom_kill'
  /** From the `oom-kill:constraint=…` line before it, else from the kill line's wording. */
  constraint: OomConstraint | null
  /** `task_memcg=` of that line: the victim's memory cgroup. */
  memcg?: string
  anonRssKb?: number
  /** The `oom-kill:` context line, when logged (kernel ≥ 4.19). */
  contextText?: string
}

export interface FaultEvent extends EventBase {
  kind: 'fault'
  /** "segfault", "general protection fault", "divide error", "invalid opcode", … */
  fault: string
  /** The signal the kernel delivers for it. */
  signal: string | null
  /** The mapping the faulting instruction was in (`libc.so.6`), when logged. */
  library?: string
}

export interface HungTaskEvent extends EventBase {
  kind: 'hung_task'
  blockedSeconds: number
}

export type KernelEvent = OomKillEvent | FaultEvent | HungTaskEvent
