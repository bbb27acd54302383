/**
 * Builds finalized sessions in docs/formats.md §5 format for tests (the shared fixtures/sessions may not
 * cover every case): summary.json, proc_trace.jsonl and anomalies.jsonl written with the real
 * serializers, so what the tests read is what the tracer writes.
 */
import {createWriteStream, mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {serializeAnomaly, serializeSummary, serializeTraceRow} from '../../src/store/session-files.js'

export interface MakeSessionOptions {
  id?: string
  comm?: string
  rows?: number
  pid?: number
  /** vm_rss_kb of row i. */
  rss?: (i: number) => number
  anomalies?: Array<{kind: string; severity: string; seq: number; detail: Record<string, unknown>}>
  summary?: Record<string, unknown>
  /** Extra fields on every trace row (e.g. a planted secret in wchan). */
  rowExtra?: (i: number) => Record<string, unknown>
}

const START_MS = Date.parse('2026-04-13T11:04:40.000000+00:00')

export function isoAt(i: number): string {
  return new Date(START_MS + i * 1000).toISOString().replace('Z', '000+00:00')
}

export function traceRow(i: number, o: MakeSessionOptions): Record<string, unknown> {
  const captured = isoAt(i)
  return {
    captured_at: captured,
    comm: o.comm ?? 'claude',
    state: 'sleeping',
    vm_rss_kb: o.rss ? o.rss(i) : 100_000 + i,
    threads: 12,
    fd_count: 41,
    fd_soft_limit: 1024,
    ctx_switches_voluntary: 10 * i,
    ctx_switches_involuntary: i,
    sig_pnd: '0000000000000000',
    sig_blk: '0000000000000000',
    sig_cgt: '0000000180004a02',
    oom_score: 600,
    wchan: 'do_epoll_wait',
    cpu_percent: 1.5,
    ...(o.rowExtra ? o.rowExtra(i) : {}),
    ts: captured,
    seq: i,
    event: 'snapshot',
    pid: o.pid ?? 4242,
  }
}

export function makeSummary(o: MakeSessionOptions): Record<string, unknown> {
  const rows = o.rows ?? 20
  const id = o.id ?? 'sess-0001'
  return {
    session_id: id,
    dir_name: id,
    pid: o.pid ?? 4242,
    cwd: '/home/alice/work/agents',
    skill_command: 'claude --print "fix the tests"',
    success: true,
    subtype: 'completed',
    exit_code: 0,
    start_ts: isoAt(0),
    end_ts: isoAt(rows),
    duration_seconds: rows * 1.0,
    snapshot_interval_seconds: 1.0,
    snapshot_count: rows,
    anomaly_count: o.anomalies?.length ?? 0,
    peak_rss_kb: 100_000 + rows - 1,
    peak_oom_score: 600,
    peak_fd_ratio: 0.04,
    termination_reason: 'NATURAL_EXIT',
    kill_reason: null,
    tracked_comm: o.comm ?? 'claude',
    tracked_comm_drift: false,
    tracer_target_resolution_version: 2,
    ...o.summary,
  }
}

/** Writes the session dir under `root` and returns its path. Async because big traces stream. */
export async function makeSession(root: string, o: MakeSessionOptions = {}): Promise<string> {
  const summary = makeSummary(o)
  const dir = join(root, String(summary['dir_name']))
  mkdirSync(dir, {recursive: true})
  writeFileSync(join(dir, 'summary.json'), serializeSummary(summary))
  const rows = o.rows ?? 20
  const out = createWriteStream(join(dir, 'proc_trace.jsonl'))
  let chunk = ''
  for (let i = 0; i < rows; i++) {
    chunk += serializeTraceRow(traceRow(i, o))
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()))
      chunk = ''
    }
  }
  await new Promise<void>((resolve, reject) => out.end(chunk, () => resolve()).on('error', reject))
  if (o.anomalies && o.anomalies.length > 0) {
    const text = o.anomalies
      .map((a) => serializeAnomaly({ts: isoAt(a.seq), seq: a.seq, event: 'anomaly', kind: a.kind, severity: a.severity, pid: o.pid ?? 4242, detail: a.detail, snapshot: {comm: o.comm ?? 'claude'}}))
      .join('')
    writeFileSync(join(dir, 'anomalies.jsonl'), text)
  }
  return dir
}

/** The PTY-wrapper case of docs/trace.md: the tracer followed `script`, the workload was `claude`. */
export const DRIFT: MakeSessionOptions = {
  id: 'sess-drift',
  comm: 'script',
  summary: {tracked_comm: 'script', tracked_comm_drift: false, success: false, subtype: 'error', exit_code: 1},
  anomalies: [{kind: 'identity_drift', severity: 'critical', seq: 0, detail: {expected_comm: 'claude', actual_comm: 'script', seq: 0}}],
}

export const OOM: MakeSessionOptions = {
  id: 'sess-oom',
  summary: {peak_oom_score: 870, success: false, subtype: 'error', exit_code: -9, termination_reason: 'SIGNALED'},
  anomalies: [
    {kind: 'oom_spike', severity: 'warning', seq: 7, detail: {from: 600, to: 870, delta: 270}},
    {kind: 'oom_critical', severity: 'critical', seq: 7, detail: {oom_score: 870}},
  ],
}
