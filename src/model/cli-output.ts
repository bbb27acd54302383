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
import {z} from 'zod'
import {AnomalySchema} from './anomaly.js'
import {CauseOfDeathSchema} from './cause-of-death.js'
import {IndexLineReadSchema} from './index-line.js'
import {SignalRecordSchema} from './signal-record.js'
import {SkippedLineSchema} from './skipped-line.js'
import {SummarySchema} from './summary.js'

/** The one envelope: every document is an object carrying `warnings`. */
const count = z.number().int().nonnegative()

export const envelope = <T extends z.ZodRawShape>(shape: T) => z.object({...shape, warnings: z.array(z.string())})

export const ErrorJsonSchema = envelope({
  error: z.object({code: z.string().regex(/^E_[A-Z_]+$/), message: z.string(), hint: z.string().optional(), exit_code: z.number().int().min(1)}),
})
export type ErrorJson = z.infer<typeof ErrorJsonSchema>

// --- analyze -------------------------------------------------------------------------------

const PercentilesSchema = z.object({p50: z.number(), p95: z.number(), max: z.number()})
export const TrendsSchema = z.object({
  duration_seconds: z.number().nullable(),
  rss_kb: PercentilesSchema.nullable(),
  cpu_percent: PercentilesSchema.nullable(),
  memory: z
    .object({
      metric: z.enum(['rss_anon_kb', 'vm_rss_kb']),
      start_kb: z.number(),
      end_kb: z.number(),
      slope_kb_per_min: z.number(),
      r_squared: z.number().nullable(),
      last_quarter_slope_kb_per_min: z.number().nullable(),
      growth_kb: z.number(),
      limit_kb: z.number().nullable(),
      projected_minutes_to_limit: z.number().nullable(),
      sample_points: z.number().int(),
    })
    .nullable(),
  leak: z.object({verdict: z.enum(['rss_leak_suspected', 'no_leak_suspected', 'insufficient_data']), reasons: z.array(z.string())}),
})

export const KindCountSchema = z.object({
  kind: z.string(),
  severity: z.string(),
  count: z.number().int().positive(),
  first_seq: z.number().int(),
  last_seq: z.number().int(),
})

export const FieldIssueSchema = z.object({line: z.number().int(), field: z.string(), reason: z.string()})

export const AnalyzeJsonSchema = envelope({
  summary: z.object({
    pid: z.number().int(),
    snapshot_count: z.number().int().nonnegative(),
    anomaly_count: z.number().int().nonnegative(),
    peak_rss_kb: z.number(),
    peak_oom_score: z.number(),
    peak_fd_ratio: z.number(),
    tracked_comm: z.string().nullable(),
    tracked_comm_drift: z.boolean(),
    modal_comm: z.string().nullable(),
    expected_comm: z.string().nullable(),
    identity_drift: z.boolean(),
    comm_counts: z.array(z.object({comm: z.string(), count: z.number().int()})),
    first_ts: z.string().nullable(),
    last_ts: z.string().nullable(),
    duration_seconds: z.number().nullable(),
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
    lines: z.number().int().nonnegative(),
    snapshots: z.number().int().nonnegative(),
    skipped: z.array(SkippedLineSchema),
    skipped_count: z.number().int().nonnegative(),
    torn_tail: z.boolean(),
    field_issues: z.array(FieldIssueSchema),
    field_issue_count: z.number().int().nonnegative(),
  }),
  /** Files rewritten by --write. */
  written: z.array(z.string()).optional(),
  /** signal-sender: the signals the workload received (signals.jsonl) and who sent the fatal one. */
  signals: z
    .object({
      /** traced, partial, unavailable; `unknown` for a session that predates signal tracing. */
      status: z.string(),
      count,
      sender: z.string().nullable(),
      reason: z.string().optional(),
      fix: z.string().optional(),
      records: z.array(SignalRecordSchema),
    })
    .optional(),
  /** From the session's summary.json, when it has one (docs/cause-of-death.md). */
  cause_of_death: CauseOfDeathSchema.optional(),
  /** The workload's memory cgroup limit in KiB, when the summary recorded one (for charts). */
  memory_limit_kb: z.number().optional(),
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
      pid: z.number().int().nullable(),
      verdict: VerdictSchema,
      gate: z.string(),
      reason: z.string(),
      action: z.string(),
      session_dir: z.string().nullable(),
      snapshot_count: count.nullable(),
      skipped_lines: count.nullable(),
      torn_tail: z.boolean().nullable(),
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
  bytes: z.number().int().positive(),
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
  sessions: z.array(IndexLineReadSchema.extend({drift_by: z.array(z.enum(['tracked_comm_drift', 'identity_drift']))})),
  /** Index lines that could not be used (torn, not JSON, not an index line, unsafe dir_name). */
  skipped_lines: count,
  /** With --html: the page written. */
  html: z.object({output: z.string(), bytes: z.number().int(), sessions: count, with_report: count, skipped_lines: count}).optional(),
})
export type SessionsJson = z.infer<typeof SessionsJsonSchema>

/** `sessions --clickhouse URL --json`: the fleet's sessions, each the local fields plus its host (docs/fleet.md). */
export const FleetSessionsJsonSchema = envelope({
  /** The server, without its password. */
  clickhouse: z.string(),
  database: z.string(),
  sessions: z.array(IndexLineReadSchema.extend({drift_by: z.array(z.enum(['tracked_comm_drift', 'identity_drift'])), host: z.string()})),
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
  hits: z.array(z.object({rule: z.string(), where: z.string(), sample: z.string()})).readonly(),
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
    issue_number: z.number().int().positive(),
    fingerprint: z.string(),
    found_via: z.string().nullable(),
    reason: z.string(),
    redactions: RedactionsSchema,
  }),
])
export type IssueJson = z.infer<typeof IssueJsonSchema>

// --- trace (on stderr: CMD owns stdout) ----------------------------------------------------

export const TraceJsonSchema = envelope({
  exit_code: z.number().int(),
  session_dir: z.string(),
  /** The session's summary.json, as written. */
  summary: SummarySchema,
  target: z.object({pid: z.number().int(), comm: z.string(), cmdline: z.array(z.string()).readonly(), via: z.string(), root_pid: z.number().int()}),
  /** The tmpfs trace used while running (removed now), or null when tracing in memory. */
  tmpfs_trace: z.string().nullable(),
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
