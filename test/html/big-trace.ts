/**
 * A long, realistic trace written fast (string templates, 1 MB writes): 200,000 snapshots are
 * about 70 MB and take well under a second. RSS grows slowly with a sawtooth and rare one-row
 * spikes (which downsampling must keep), CPU is noisy with one sustained burst, OOM score goes
 * critical for a stretch (thousands of anomalies of one kind), and a one-row spike of fds.
 */
import {closeSync, openSync, writeSync} from 'node:fs'

export interface BigTraceFacts {
  rows: number
  /** Row index and value of the single highest RSS row (a one-row spike). */
  spikeSeq: number
  spikeRssKb: number
  /** Rows whose oom_score is ≥ 800. */
  oomCriticalRows: number
}

export const BIG_TRACE_START_MS = Date.UTC(2026, 3, 13, 11, 0, 0)

export function writeBigTrace(path: string, rows = 200_000, comm = 'claude'): BigTraceFacts {
  const fd = openSync(path, 'w')
  let seed = 42
  const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff)
  const spikeSeq = Math.floor(rows * 0.61)
  const spikeRssKb = 3_900_000
  const oomFrom = Math.floor(rows * 0.8)
  const oomTo = oomFrom + Math.floor(rows * 0.025)
  let buffer = ''
  for (let i = 0; i < rows; i++) {
    // One snapshot a second, microseconds as the tracer writes them.
    const iso = new Date(BIG_TRACE_START_MS + i * 1000).toISOString().replace('Z', '000+00:00')
    const rss = i === spikeSeq ? spikeRssKb : Math.round(400_000 + i * 2 + (i % 600) * 150 + rand() * 4000)
    const cpu = i > rows * 0.3 && i < rows * 0.3 + 40 ? 97.5 : Math.round(rand() * 3500) / 100
    const oom = i >= oomFrom && i < oomTo ? 850 : 640 + Math.floor(i / (rows / 100))
    const fds = i === Math.floor(rows * 0.4) ? 900 : 40 + Math.floor(rand() * 8)
    buffer += `{"captured_at": "${iso}", "comm": "${comm}", "state": "sleeping", "vm_rss_kb": ${rss}, "threads": ${12 + (i % 7)}, "fd_count": ${fds}, "fd_soft_limit": 1024, "ctx_switches_voluntary": ${1000 + i * 3}, "ctx_switches_involuntary": ${40 + i}, "sig_pnd": "0000000000000000", "sig_blk": "0000000000000000", "sig_cgt": "0000000180014a07", "oom_score": ${oom}, "wchan": "do_epoll_wait", "cpu_percent": ${cpu.toFixed(1)}}\n`
    if (buffer.length > 1 << 20) {
      writeSync(fd, buffer)
      buffer = ''
    }
  }
  writeSync(fd, buffer)
  closeSync(fd)
  return {rows, spikeSeq, spikeRssKb, oomCriticalRows: oomTo - oomFrom}
}
