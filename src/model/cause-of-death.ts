/**
 * `cause_of_death` in summary.json (and its verdict in the sessions.jsonl line): why the traced
 * process ended, with the evidence. A new optional field (docs/formats.md, Extensions): summaries without it are read
 * and shown exactly as before.
 *
 *   "cause_of_death": {"constraint": "cgroup", "core_dumped": false, "evidence": [
 *      {"at": "2026-11-30T04:01:02.123456+00:00", "source": "kernel_log",
 *       "text": "Memory cgroup out of memory: Killed process 4242 (python3) total-vm:…"}],
 *    "exit_code": 137, "signal": "SIGKILL", "verdict": "oom_killed"}
 *
 * The vocabulary is fixed (docs/cause-of-death.md): scripts may switch on `verdict`.
 */
import * as z from './zod.js'

export const CAUSE_VERDICTS = ['exited', 'oom_killed', 'crashed', 'killed', 'killed_by_supervisor', 'unknown'] as const
export type CauseVerdict = (typeof CAUSE_VERDICTS)[number]

/** Where a piece of evidence came from. `tracefs` is the signal-delivery record (signals.jsonl). */
export const EVIDENCE_SOURCES = ['exit_status', 'kernel_log', 'cgroup', 'coredump', 'rows', 'supervisor', 'tracefs', 'proc'] as const
export type EvidenceSource = (typeof EVIDENCE_SOURCES)[number]

/** `cgroup`: the memory cgroup's limit; `global`: the whole machine; `cpuset`/`mempolicy`: a NUMA constraint. */
export const OOM_CONSTRAINTS = ['cgroup', 'global', 'cpuset', 'mempolicy'] as const
export type OomConstraint = (typeof OOM_CONSTRAINTS)[number]

export const EvidenceSchema = z.lazily(() => z.object({
  source: z.string(),
  /** ISO 8601 UTC with microseconds when the evidence has a time, else null. */
  at: z.nullable(z.string()),
  /** One line, secrets redacted. */
  text: z.string(),
}))
export type Evidence = z.infer<typeof EvidenceSchema>

/** What became of the tracer itself, for sessions `recover` finalized (the tracer died). */
export const TracerFateSchema = z.lazily(() => z.looseObject({
  pid: z.nullable(z.int()),
  verdict: z.enum(CAUSE_VERDICTS),
  signal: z.nullable(z.string()),
  reason: z.nullable(z.string()),
}))
export type TracerFate = z.infer<typeof TracerFateSchema>

export const CauseOfDeathSchema = z.lazily(() => z.looseObject({
  verdict: z.enum(CAUSE_VERDICTS),
  /** The terminating signal's name (`SIGKILL`), or null when it did not die by a signal or it is unknown. */
  signal: z.nullable(z.string()),
  exit_code: z.nullable(z.int()),
  /** null: not known (Node's child exit event and the PTY wrapper's status both drop the core bit). */
  core_dumped: z.nullable(z.boolean()),
  /** For oom_killed: what limit was hit. */
  constraint: z.nullable(z.enum(OOM_CONSTRAINTS)),
  evidence: z.array(EvidenceSchema),
  /** For unknown: why, and what to change so the next session can tell. */
  reason: z.nullable(z.string()),
  /** recover only: the tracer's own end. */
  tracer: z.optional(TracerFateSchema),
}))
export type CauseOfDeath = z.infer<typeof CauseOfDeathSchema>

/** Reads the verdict of a summary or index line, tolerating anything (older files lack it). */
export function causeVerdictOf(value: unknown): CauseVerdict | undefined {
  const v = typeof value === 'string' ? value : typeof value === 'object' && value !== null ? (value as Record<string, unknown>)['verdict'] : undefined
  return typeof v === 'string' && (CAUSE_VERDICTS as readonly string[]).includes(v) ? (v as CauseVerdict) : undefined
}

/** Reads a summary's cause_of_death when it is well formed. */
export function causeOfDeathOf(summary: Record<string, unknown> | undefined): CauseOfDeath | undefined {
  const parsed = CauseOfDeathSchema.safeParse(summary?.['cause_of_death'])
  return parsed.success ? parsed.data : undefined
}

/** The memory cgroup counters read at one moment (cgroup v1 or v2 names mapped onto one shape). */
export const CgroupReadingSchema = z.lazily(() => z.object({
  /** ISO 8601 UTC with microseconds. */
  read_at: z.string(),
  /** null: no limit (v2 "max", v1's huge sentinel). */
  limit_bytes: z.nullable(z.int()),
  /** v2 memory.peak / v1 memory.max_usage_in_bytes. */
  peak_bytes: z.nullable(z.int()),
  usage_bytes: z.nullable(z.int()),
  /** v2 memory.events oom_kill / v1 memory.oom_control oom_kill: processes of this cgroup the OOM killer killed. */
  oom_kill: z.nullable(z.int()),
  /** v2 only. */
  oom_group_kill: z.nullable(z.int()),
  /** v2 memory.events `max`: times usage hit the limit; v1 memory.failcnt. */
  max_events: z.nullable(z.int()),
}))
export type CgroupReading = z.infer<typeof CgroupReadingSchema>

/** The workload's memory cgroup, at enrollment (sidecar) and at the end (summary). */
export const MemoryCgroupSchema = z.lazily(() => z.looseObject({
  version: z.union([z.literal(1), z.literal(2)]),
  /** The path in /proc/PID/cgroup (relative to the hierarchy's root). */
  path: z.string(),
  /** The directory read under /sys/fs/cgroup. */
  dir: z.string(),
  start: z.nullable(CgroupReadingSchema),
  end: z.optional(z.nullable(CgroupReadingSchema)),
}))
export type MemoryCgroup = z.infer<typeof MemoryCgroupSchema>

/**
 * Summary keys that assess the session at finalization time (they read the kernel log and the
 * cgroup *now*): a re-run of the same finalization may differ in them and is still the same session.
 */
export const ASSESSMENT_KEYS: readonly string[] = ['cause_of_death', 'memory_cgroup']

/** The memory cgroup limit a summary recorded (end reading, else start), in KiB. */
export function memoryLimitKbOf(summary: Record<string, unknown> | undefined): number | undefined {
  const parsed = MemoryCgroupSchema.safeParse(summary?.['memory_cgroup'])
  if (!parsed.success) return undefined
  const limit = parsed.data.end?.limit_bytes ?? parsed.data.start?.limit_bytes
  return limit == null ? undefined : Math.floor(limit / 1024)
}
