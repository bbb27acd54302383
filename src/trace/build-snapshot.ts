/**
 * A snapshot row (docs/formats.md §4) as a pure function of one round of /proc reads and the previous
 * CPU mark (below's `Model::new(sample, last)` shape). Keys in the original tracer's order, then
 * trace-doctor's extra `rss_anon_kb` (the format allows extra fields).
 */
import type {PidLimits} from '../procfs/pid-limits.js'
import {stateName, type PidStat} from '../procfs/pid-stat.js'
import type {PidStatus} from '../procfs/pid-status.js'
import type {Snapshot} from '../model/snapshot.js'

export interface ProcReads {
  stat: PidStat
  status: PidStatus
  limits: PidLimits
  oomScore: number
  wchan: string
  fdCount: number
}

/** CPU time consumed up to a moment, to compute the next sample's `cpu_percent`. */
export interface CpuMark {
  cpuTicks: number
  /** Monotonic milliseconds (performance.now()). */
  monoMs: number
}

/** (utime+stime delta in seconds) / wall seconds × 100, one decimal like psutil; 0.0 for the first sample. */
export function computeCpuPercent(previous: CpuMark | undefined, current: CpuMark, ticksPerSecond: number): number {
  if (previous === undefined) return 0
  const wallSeconds = (current.monoMs - previous.monoMs) / 1000
  const cpuSeconds = (current.cpuTicks - previous.cpuTicks) / ticksPerSecond
  if (wallSeconds <= 0 || cpuSeconds < 0) return 0
  return Math.round((cpuSeconds / wallSeconds) * 1000) / 10
}

export function buildSnapshot(
  reads: ProcReads,
  capturedAt: string,
  cpu: {previous: CpuMark | undefined; current: CpuMark},
  system: {ticksPerSecond: number; pageSize: number},
): Snapshot {
  const snapshot: Snapshot = {
    captured_at: capturedAt,
    comm: reads.stat.comm,
    state: stateName(reads.stat.stateLetter),
    // VmRSS is statm's resident pages × page size in KiB (both sum the same mm counters), so
    // psutil's `rss // 1024` without reading a seventh file; absent for zombies and kernel
    // threads, whose statm is all zeros.
    vm_rss_kb: reads.status.vmRssKb ?? 0,
    threads: reads.status.threads,
    fd_count: reads.fdCount,
    fd_soft_limit: reads.limits.maxOpenFilesSoft,
    ctx_switches_voluntary: reads.status.voluntaryCtxtSwitches,
    ctx_switches_involuntary: reads.status.nonvoluntaryCtxtSwitches,
    sig_pnd: reads.status.sigPnd,
    sig_blk: reads.status.sigBlk,
    sig_cgt: reads.status.sigCgt,
    oom_score: reads.oomScore,
    wchan: reads.wchan,
    cpu_percent: computeCpuPercent(cpu.previous, cpu.current, system.ticksPerSecond),
  }
  // Zombies and kernel threads have no memory lines: leave the extra field out rather than invent 0.
  if (reads.status.rssAnonKb !== undefined) snapshot.rss_anon_kb = reads.status.rssAnonKb
  return snapshot
}
