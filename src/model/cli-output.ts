/**
 * What `--json` prints: one schema per command, all in one envelope (docs/json.md).
 *
 * - Success: one JSON object (never a bare array) with the command's fields and `warnings`, the
 *   problems that did not stop the command (a skipped index line, an unreadable sidecar…), in the
 *   order they happened. Under --json they are in the document only; without it, on stderr.
 * - Failure: `{"error": {"code", "message", "hint"?, "exit_code"}, "warnings": [...]}`.
 *
 * The documents only ever grow: a new field is added here (and to docs/json.md) and existing ones
 * keep their meaning. Objects are not strict, so an older script ignores what it does not know;
 * the tests parse every command's output with these schemas. `z.input` of each schema is the
 * type the command returns (minus `warnings`, which the base command adds).
 */
import * as z from './zod.js'
import {AnomalySchema} from './anomaly.js'
import {CauseOfDeathSchema} from './cause-of-death.js'
import {IndexLineReadSchema} from './index-line.js'
import {SignalRecordSchema} from './signal-record.js'
import {SkippedLineSchema} from './skipped-line.js'
import {SummarySchema} from './summary.js'

/** The one envelope: every document is an object carrying `warnings`. */
const count = z.int().check(z.nonnegative())

export const envelope = <T extends z.core.$ZodLooseShape>(shape: T) => z.object({...shape, warnings: z.array(z.string())})

export const ErrorJsonSchema = envelope({
  error: z.object({code: z.string().check(z.regex(/^E_[A-Z_]+$/)), message: z.string(), hint: z.optional(z.string()), exit_code: z.int().check(z.minimum(1))}),
})
export type ErrorJson = z.infer<typeof ErrorJsonSchema>

// --- analyze -------------------------------------------------------------------------------

const PercentilesSchema = z.object({p50: z.number(), p95: z.number(), max: z.number()})
export const TrendsSchema = z.object({
  duration_seconds: z.nullable(z.number()),
  rss_kb: z.nullable(PercentilesSchema),
  cpu_percent: z.nullable(PercentilesSchema),
  memory: z.nullable(
    z.object({
      metric: z.enum(['rss_anon_kb', 'vm_rss_kb']),
      start_kb: z.number(),
      end_kb: z.number(),
      slope_kb_per_min: z.number(),
      r_squared: z.nullable(z.number()),
      last_quarter_slope_kb_per_min: z.nullable(z.number()),
      growth_kb: z.number(),
      limit_kb: z.nullable(z.number()),
      projected_minutes_to_limit: z.nullable(z.number()),
      sample_points: z.int(),
    }),
  ),
  leak: z.object({verdict: z.enum(['rss_leak_suspected', 'no_leak_suspected', 'insufficient_data']), reasons: z.array(z.string())}),
})

export const KindCountSchema = z.object({
  kind: z.string(),
  severity: z.string(),
  count: z.int().check(z.positive()),
  first_seq: z.int(),
  last_seq: z.int(),
})

export const FieldIssueSchema = z.object({line: z.int(), field: z.string(), reason: z.string()})

export const AnalyzeJsonSchema = envelope({
  summary: z.object({
    pid: z.int(),
    snapshot_count: z.int().check(z.nonnegative()),
    anomaly_count: z.int().check(z.nonnegative()),
    peak_rss_kb: z.number(),
    peak_oom_score: z.number(),
    peak_fd_ratio: z.number(),
    tracked_comm: z.nullable(z.string()),
    tracked_comm_drift: z.boolean(),
    modal_comm: z.nullable(z.string()),
    expected_comm: z.nullable(z.string()),
    identity_drift: z.boolean(),
    comm_counts: z.array(z.object({comm: z.string(), count: z.int()})),
    first_ts: z.nullable(z.string()),
    last_ts: z.nullable(z.string()),
    duration_seconds: z.nullable(z.number()),
    anomalies_by_kind: z.array(KindCountSchema),
    /** Rows that were the launch of the workload, not the workload (docs/formats.md). */
    launch_rows: count,
  }),
  anomalies: z.array(AnomalySchema),
  trends: TrendsSchema,
  input: z.object({
    path: z.string(),
    kind: z.enum(['session', 'trace', 'tmpfs']),
    trace_path: z.string(),
    lines: z.int().check(z.nonnegative()),
    snapshots: z.int().check(z.nonnegative()),
    skipped: z.array(SkippedLineSchema),
    skipped_count: z.int().check(z.nonnegative()),
    torn_tail: z.boolean(),
    field_issues: z.array(FieldIssueSchema),
    field_issue_count: z.int().check(z.nonnegative()),
  }),
  /** Files rewritten by --write. */
  written: z.optional(z.array(z.string())),
  /** signal-sender: the signals the workload received (signals.jsonl) and who sent the fatal one. */
  signals: z.optional(
    z.object({
      /** traced, partial, unavailable; `unknown` for a session that predates signal tracing. */
      status: z.string(),
      count,
      sender: z.nullable(z.string()),
      reason: z.optional(z.string()),
      fix: z.optional(z.string()),
      records: z.array(SignalRecordSchema),
    }),
  ),
  /** From the session's summary.json, when it has one (docs/cause-of-death.md). */
  cause_of_death: z.optional(CauseOfDeathSchema),
  /** The workload's memory cgroup limit in KiB, when the summary recorded one (for charts). */
  memory_limit_kb: z.optional(z.number()),
})
export type AnalyzeJson = z.infer<typeof AnalyzeJsonSchema>

// --- recover -------------------------------------------------------------------------------

const VerdictSchema = z.enum(['recovered', 'live', 'too-young', 'no-enrollment', 'stale-boot', 'alien', 'refused', 'claimed'])

export const RecoverJsonSchema = envelope({
  tmpfs_dir: z.string(),
  log_dir: z.string(),
  quarantine_dir: z.string(),
  dry_run: z.boolean(),
  rows: z.array(
    z.object({
      file: z.string(),
      prefix: z.string(),
      pid: z.nullable(z.int()),
      verdict: VerdictSchema,
      gate: z.string(),
      reason: z.string(),
      action: z.string(),
      session_dir: z.nullable(z.string()),
      snapshot_count: z.nullable(count),
      skipped_lines: z.nullable(count),
      torn_tail: z.nullable(z.boolean()),
      moved_to: z.array(z.string()),
    }),
  ),
  totals: z.object({
    files: count,
    recovered: count,
    live: count,
    'too-young': count,
    'no-enrollment': count,
    'stale-boot': count,
    alien: count,
    refused: count,
    claimed: count,
    skipped_lines: count,
    torn_tails: count,
    pruned_sessions: count,
  }),
  /** signal-sender: trace-doctor tracefs instances found, and what became of them. */
  tracefs_instances: z.array(z.object({name: z.string(), action: z.enum(['removed', 'would-remove', 'kept', 'busy']), drained: count})),
})
export type RecoverJson = z.infer<typeof RecoverJsonSchema>

// --- report --------------------------------------------------------------------------------

export const ReportJsonSchema = envelope({
  output: z.string(),
  bytes: z.int().check(z.positive()),
  snapshots: count,
  /** Points drawn per metric: buckets after peak-keeping downsampling. */
  points: count,
  anomalies: count,
  identity_drift: z.boolean(),
})
export type ReportJson = z.infer<typeof ReportJsonSchema>

// --- sessions ------------------------------------------------------------------------------

export const SessionsJsonSchema = envelope({
  log_dir: z.string(),
  index_path: z.string(),
  /**
   * The sessions that matched, newest first: index lines as written (older ones may lack fields),
   * plus `drift_by`, why the session counts as drifted (docs/sessions.md).
   */
  sessions: z.array(z.extend(IndexLineReadSchema, {drift_by: z.array(z.enum(['tracked_comm_drift', 'identity_drift']))})),
  /** Index lines that could not be used (torn, not JSON, not an index line, unsafe dir_name). */
  skipped_lines: count,
  /** With --html: the page written. */
  html: z.optional(z.object({output: z.string(), bytes: z.int(), sessions: count, with_report: count, skipped_lines: count})),
})
export type SessionsJson = z.infer<typeof SessionsJsonSchema>

/** `sessions --clickhouse URL --json`: the fleet's sessions, each the local fields plus its host (docs/fleet.md). */
export const FleetSessionsJsonSchema = envelope({
  /** The server, without its password. */
  clickhouse: z.string(),
  database: z.string(),
  sessions: z.array(z.extend(IndexLineReadSchema, {drift_by: z.array(z.enum(['tracked_comm_drift', 'identity_drift'])), host: z.string()})),
})
export type FleetSessionsJson = z.infer<typeof FleetSessionsJsonSchema>

/** `sessions --clickhouse URL --by-host --json`: one summary per host. */
export const FleetHostsJsonSchema = envelope({
  clickhouse: z.string(),
  database: z.string(),
  hosts: z.array(z.object({
    host: z.string(),
    sessions: count,
    failed: count,
    crashes: count,
    oom_kills: count,
    drift: count,
    leak_suspects: count,
    peak_rss_kb: count,
    snapshot_rows: count,
    last_session: z.string(),
    top_anomaly_kinds: z.array(z.object({kind: z.string(), count})),
  })),
})
export type FleetHostsJson = z.infer<typeof FleetHostsJsonSchema>

// --- issue ---------------------------------------------------------------------------------

const RedactionsSchema = z.object({
  enabled: z.boolean(),
  total: count,
  by_rule: z.record(z.string(), count),
  hits: z.readonly(z.array(z.object({rule: z.string(), where: z.string(), sample: z.string()}))),
})

export const IssueJsonSchema = z.discriminatedUnion('action', [
  envelope({
    action: z.literal('dry-run'),
    issue_url: z.null(),
    fingerprint: z.string(),
    title: z.string(),
    body: z.string(),
    comment: z.string(),
    redactions: RedactionsSchema,
  }),
  envelope({
    action: z.enum(['created', 'commented', 'skipped']),
    issue_url: z.string(),
    issue_number: z.int().check(z.positive()),
    fingerprint: z.string(),
    found_via: z.nullable(z.string()),
    reason: z.string(),
    redactions: RedactionsSchema,
  }),
])
export type IssueJson = z.infer<typeof IssueJsonSchema>

// --- trace (on stderr: CMD owns stdout) ----------------------------------------------------

export const TraceJsonSchema = envelope({
  exit_code: z.int(),
  session_dir: z.string(),
  /** The session's summary.json, as written. */
  summary: SummarySchema,
  target: z.object({pid: z.int(), comm: z.string(), cmdline: z.readonly(z.array(z.string())), via: z.string(), root_pid: z.int()}),
  /** The tmpfs trace used while running (removed now), or null when tracing in memory. */
  tmpfs_trace: z.nullable(z.string()),
})
export type TraceJson = z.infer<typeof TraceJsonSchema>

/** Every command's document, by command id. */
export const JSON_OUTPUT_SCHEMAS = {
  analyze: AnalyzeJsonSchema,
  issue: IssueJsonSchema,
  recover: RecoverJsonSchema,
  report: ReportJsonSchema,
  sessions: SessionsJsonSchema,
  trace: TraceJsonSchema,
} as const

/** What a command's run() returns: its document without `warnings` (the base command adds them). */
export type JsonResult<T> = T extends unknown ? Omit<T, 'warnings'> : never
