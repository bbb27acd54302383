/**
 * What the recovery gates decide on: facts about one tmpfs trace, gathered once by
 * gather-facts.ts (the I/O) so that every gate is a pure function of this value.
 */
import type {Enrollment} from '../model/enrollment.js'
import type {ProcessFacts} from '../procfs/pid-liveness.js'

export type FileKind = 'regular' | 'symlink' | 'directory' | 'other' | 'missing'

export interface FileFacts {
  kind: FileKind
  /** Owner uid (lstat, links not followed). */
  uid?: number
  /** Modification time, ns since the epoch. */
  mtimeNs?: bigint
  dev?: number
  ino?: number
}

export type EnrollmentFacts = {ok: true; enrollment: Enrollment} | {ok: false; reason: string}

/** The process that now has the trace's pid (procfs/pid-liveness.ts reads it). */
export type {ProcessFacts} from '../procfs/pid-liveness.js'

export interface TraceFacts {
  /** The trace's file name as found in the tmpfs dir. */
  name: string
  prefix: string
  /** The `{pid}` part of the name, as written. */
  pidText: string
  /** That part as a pid, when it is one. */
  pid: number | undefined
  trace: FileFacts
  sidecarName: string
  sidecar: FileFacts
  enrollment: EnrollmentFacts
  /** The uid running recover. */
  uid: number
  nowMs: number
  minAgeSeconds: number
  currentBootId: string | null
  process: ProcessFacts
  /** Pids listed in /proc/locks as holding a lock on the trace file (its tracer is alive). */
  lockHolders: number[]
  /** Why the trace, a regular file of ours, cannot be opened for reading (e.g. mode 000 as non-root). */
  traceUnreadable?: string
  /** The first readable snapshot's comm, when non-empty. */
  firstComm: string | undefined
  /**
   * With a sidecar carrying launch information (`launch_rows`, `settled_comm`): the comm of the
   * workload's first row (readable row number `launch_rows`), when non-empty and within the head
   * read. Undefined otherwise.
   */
  workloadComm?: string | undefined
}

export const VERDICTS = ['recovered', 'live', 'too-young', 'no-enrollment', 'stale-boot', 'alien', 'refused', 'claimed'] as const
export type Verdict = (typeof VERDICTS)[number]

export interface Decision {
  verdict: Verdict
  /** The gate that decided: safety, age, enrollment, boot, liveness, alien, or 'all' when every gate passed. */
  gate: string
  reason: string
}

/** One gate: a Decision stops the file here; undefined lets it through to the next gate. */
export type Gate = (facts: TraceFacts) => Decision | undefined

/** Age of the trace file in seconds (negative when its mtime is in the future). */
export function ageSeconds(facts: TraceFacts): number {
  return (facts.nowMs - Number((facts.trace.mtimeNs ?? 0n) / 1_000_000n)) / 1000
}
