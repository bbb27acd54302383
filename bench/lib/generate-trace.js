// Writes a realistic tmpfs-style trace of N snapshots (the existing tracer's key order and text
// style) quickly: rows are built from a template, not serialized one by one.
import {closeSync, openSync, writeSync} from 'node:fs'

export function generateTrace(path, count, {comm = 'claude', startMs = Date.UTC(2026, 3, 13, 11, 0, 0), intervalMs = 5000, cpuPercent} = {}) {
  const fd = openSync(path, 'w')
  let batch = ''
  for (let i = 0; i < count; i++) {
    const ts = new Date(startMs + i * intervalMs).toISOString().replace('Z', `${String(i % 1000).padStart(3, '0')}+00:00`)
    const rss = 180_000 + ((i * 7919) % 40_000) + Math.floor(i / 100)
    const oom = i % 50_000 === 49_999 ? 900 : 600 + (i % 7)
    const cpu = cpuPercent ?? (i % 97) / 3
    batch +=
      `{"captured_at": "${ts}", "comm": "${comm}", "state": "${i % 11 === 0 ? 'running' : 'sleeping'}", "vm_rss_kb": ${rss}, ` +
      `"threads": ${12 + (i % 4)}, "fd_count": ${40 + (i % 9)}, "fd_soft_limit": 1024, "ctx_switches_voluntary": ${1000 + i * 17}, ` +
      `"ctx_switches_involuntary": ${30 + i * 2}, "sig_pnd": "0000000000000000", "sig_blk": "0000000000000000", ` +
      `"sig_cgt": "0000000180014a07", "oom_score": ${oom}, "wchan": "do_epoll_wait", "cpu_percent": ${cpu.toFixed(1)}, ` +
      `"rss_anon_kb": ${rss - 30_000}}\n`
    if (batch.length > 1 << 20) {
      writeSync(fd, batch)
      batch = ''
    }
  }
  if (batch) writeSync(fd, batch)
  closeSync(fd)
}
