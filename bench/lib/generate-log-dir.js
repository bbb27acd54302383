// A log dir of `count` finalized sessions × `snapshots` rows (proc_trace.jsonl, summary.json,
// one rss_growth anomaly, the sessions.jsonl index), in the formats `trace` writes: for bench/ship.
import {appendFileSync, mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

/** A finalized proc_trace.jsonl row (keys sorted, Python separators), as `trace` writes them. */
function row(i, t0, SNAPSHOTS) {
  const at = new Date(t0 + i * 5000).toISOString().replace('Z', `${String(i % 1000).padStart(3, '0')}+00:00`)
  return (
    `{"captured_at": "${at}", "comm": "claude", "cpu_percent": ${((i % 50) / 3).toFixed(1)}, "ctx_switches_involuntary": ${70 + i}, ` +
    `"ctx_switches_voluntary": ${1000 + i * 13}, "event": "snapshot", "fd_count": ${41 + (i % 5)}, "fd_soft_limit": 1024, ` +
    `"oom_score": ${668 + (i % 4)}, "pid": 4242, "seq": ${i}, "sig_blk": "0000000000000000", "sig_cgt": "0000000180004a03", ` +
    `"sig_pnd": "0000000000000000", "state": "${i % 7 === 0 ? 'running' : 'sleeping'}", "threads": ${12 + (i % 3)}, "ts": "${at}", ` +
    `"vm_rss_kb": ${180000 + i * 37}, "wchan": "do_epoll_wait"}\n`
  )
}

export function generateLogDir(logDir, count, SNAPSHOTS) {
  mkdirSync(join(logDir, 'sessions'), {recursive: true})
  let index = ''
  for (let n = 0; n < count; n++) {
    const dirName = `bench-${String(n).padStart(5, '0')}`
    const dir = join(logDir, 'sessions', dirName)
    mkdirSync(dir)
    const t0 = Date.UTC(2026, 3, 13, 11) + n * 10_000_000
    let text = ''
    for (let i = 0; i < SNAPSHOTS; i++) text += row(i, t0, SNAPSHOTS)
    writeFileSync(join(dir, 'proc_trace.jsonl'), text)
    const start = new Date(t0).toISOString().replace('Z', '000+00:00')
    const failed = n % 10 === 0
    const summary = {
      anomaly_count: 1, cwd: '/w', dir_name: dirName, duration_seconds: SNAPSHOTS * 5.0, end_ts: start, exit_code: failed ? 1 : 0, kill_reason: null,
      peak_fd_ratio: 0.044, peak_oom_score: 671, peak_rss_kb: 180000 + SNAPSHOTS * 37, pid: 4242, session_id: dirName, skill_command: 'claude --print x',
      snapshot_count: SNAPSHOTS, snapshot_interval_seconds: 5.0, start_ts: start, subtype: failed ? 'failed' : 'completed', success: !failed,
      termination_reason: 'NATURAL_EXIT', tracer_target_resolution_version: 2, tracked_comm: 'claude', tracked_comm_drift: false,
    }
    writeFileSync(join(dir, 'summary.json'), JSON.stringify(summary, null, 2) + '\n')
    const last = new Date(t0 + (SNAPSHOTS - 1) * 5000).toISOString().replace('Z', '000+00:00')
    writeFileSync(
      join(dir, 'anomalies.jsonl'),
      JSON.stringify({detail: {final_rss_kb: 180000 + SNAPSHOTS * 37, growth_factor: 1.1, initial_rss_kb: 180000, snapshot_count: SNAPSHOTS}, event: 'anomaly', kind: 'rss_growth', pid: 4242, seq: SNAPSHOTS - 1, severity: 'warning', snapshot: {}, ts: last}) + '\n',
    )
    const {session_id, cwd, skill_command, success, subtype, exit_code, snapshot_count, anomaly_count, peak_rss_kb, peak_oom_score, tracked_comm, tracked_comm_drift} = summary
    index += JSON.stringify({anomaly_count, cwd, dir_name: dirName, exit_code, kitchen_id: '', order_id: '', peak_oom_score, peak_rss_kb, session_id, skill_command, snapshot_count, subtype, success, timestamp: start, tracked_comm, tracked_comm_drift}) + '\n'
  }
  appendFileSync(join(logDir, 'sessions.jsonl'), index)
}

