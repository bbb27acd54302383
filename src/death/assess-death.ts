/**
 * The I/O half of the cause of death: read the kernel log, the cgroup's end counters and the
 * coredump record, place the process's life on the kernel's clock, match, and hand everything to
 * the pure decideCauseOfDeath. Used by `trace` at the end of a run and by `recover`.
 */
import {readFileSync} from 'node:fs'
import {homedir} from 'node:os'
import type {CauseOfDeath, CgroupReading, MemoryCgroup} from '../model/cause-of-death.js'
import {formatIsoMicros} from '../model/timestamp.js'
import {Redactor} from '../redact/redactor.js'
import type {DeathEvidence, KernelEvidence} from './death-evidence.js'
import {CORE_SIGNALS, decideCauseOfDeath} from './decide-cause-of-death.js'
import type {KernelEvent} from './kernel-event.js'
import type {KernelLog} from './kernel-record.js'
import {classifyRecords} from './classify-records.js'
import {matchEvents, otherOomKills, startUsecOf, type ProcessLife} from './match-events.js'
import {readCgroupCounters} from './memory-cgroup.js'
import {readCoredump} from './read-coredump.js'
import {readKernelLog} from './read-kernel-log.js'
import {signalFromNumber} from './signals.js'

/** After the end the tracer saw, records are still accepted this long (clock and notice delays). */
export const END_SLACK_USEC = 2_000_000

/** The kernel's clock (µs since boot, monotonic) against the wall clock, read once. */
export interface BootClock {
  /** Monotonic µs now. */
  nowUsec: number
  /** Wall-clock µs since the epoch at boot (monotonic 0). */
  bootEpochUsec: number
  /** CLOCK_BOOTTIME − CLOCK_MONOTONIC in µs (time suspended), ~0 on servers. */
  suspendedUsec: number
}

export function readBootClock(): BootClock {
  const nowUsec = Number(process.hrtime.bigint() / 1000n)
  const bootEpochUsec = Date.now() * 1000 - nowUsec
  let suspendedUsec = 0
  try {
    const uptimeUsec = Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]) * 1_000_000
    // /proc/uptime has 10 ms resolution: ignore differences below that.
    if (uptimeUsec - nowUsec > 50_000) suspendedUsec = uptimeUsec - nowUsec
  } catch {
    // no /proc/uptime: assume no suspend
  }
  return {nowUsec, bootEpochUsec, suspendedUsec}
}

export const usecToIso = (clock: BootClock, usec: number): string => formatIsoMicros(Math.round(clock.bootEpochUsec + usec))
export const isoToUsec = (clock: BootClock, iso: string | null | undefined): number | undefined => {
  const ms = iso ? Date.parse(iso) : Number.NaN
  return Number.isNaN(ms) ? undefined : ms * 1000 - clock.bootEpochUsec
}

/** What the caller knows of the end; the kernel log and the cgroup are read here. */
export interface DeathContext extends Pick<DeathEvidence, 'exit' | 'lastRow' | 'supervisor' | 'killReason' | 'signals' | 'supervisorPids' | 'noExitBecause'> {
  pid: number
  /** Comms the process was seen with (the target's, the rows'). */
  comms: readonly string[]
  starttimeTicks: number | null | undefined
  ticksPerSecond: number
  /** Monotonic µs after which no record can be about it: its end (trace) or a recycled pid's start / now (recover). */
  endUsec: number
  /** The last moment it was known alive (the last snapshot), for "does the ring buffer still reach back". */
  aliveUntilUsec?: number
  cgroup?: {version: 1 | 2; path: string; dir: string; start: CgroupReading | null}
}

export interface AssessedDeath {
  cause: CauseOfDeath
  memoryCgroup?: MemoryCgroup
}

export function assessDeath(ctx: DeathContext, clock: BootClock = readBootClock(), kernelLog?: KernelLog): AssessedDeath {
  const startUsec = ctx.starttimeTicks == null ? 0 : startUsecOf(ctx.starttimeTicks, ctx.ticksPerSecond) - clock.suspendedUsec
  const life: ProcessLife = {pid: ctx.pid, comms: ctx.comms, startUsec, endUsec: ctx.endUsec}
  const log = kernelLog ?? readKernelLog({sinceUsec: startUsec})
  const kernel = kernelEvidence(log, life, clock, ctx.aliveUntilUsec ?? ctx.endUsec - END_SLACK_USEC)
  const endReading = ctx.cgroup === undefined ? undefined : (readCgroupCounters(ctx.cgroup, formatIsoMicros(Date.now() * 1000)) ?? null)
  const evidence: DeathEvidence = {
    pid: ctx.pid,
    comm: ctx.comms[0] ?? null,
    kernel,
    ...(ctx.exit === undefined ? {} : {exit: ctx.exit}),
    ...(ctx.cgroup === undefined ? {} : {cgroup: {version: ctx.cgroup.version, path: ctx.cgroup.path, start: ctx.cgroup.start, end: endReading ?? null}}),
    ...(ctx.lastRow === undefined ? {} : {lastRow: ctx.lastRow}),
    ...(ctx.supervisor === undefined ? {} : {supervisor: ctx.supervisor}),
    ...(ctx.killReason ? {killReason: ctx.killReason} : {}),
    ...(ctx.signals === undefined ? {} : {signals: ctx.signals}),
    ...(ctx.supervisorPids === undefined ? {} : {supervisorPids: ctx.supervisorPids}),
    ...(ctx.noExitBecause === undefined ? {} : {noExitBecause: ctx.noExitBecause}),
  }
  const signal = ctx.exit?.signal ?? (ctx.exit?.via === 'pty_wrapper' && ctx.exit.code !== null && ctx.exit.code > 128 ? signalFromNumber(ctx.exit.code - 128) : undefined)
  const crashedHere = kernel.readable && kernel.matched.some((m) => m.event.kind === 'fault')
  if ((signal !== undefined && CORE_SIGNALS.has(signal)) || crashedHere) {
    evidence.coredump = readCoredump(ctx.pid, (clock.bootEpochUsec + Math.max(0, startUsec)) / 1e6, ctx.exit?.at ?? null)
  }
  const redactor = new Redactor({home: homedir()})
  const cause = decideCauseOfDeath(evidence, {redact: (text) => redactor.text(text, 'cause_of_death')})
  const memoryCgroup: MemoryCgroup | undefined =
    ctx.cgroup === undefined ? undefined : {version: ctx.cgroup.version, path: ctx.cgroup.path, dir: ctx.cgroup.dir, start: ctx.cgroup.start, end: endReading ?? null}
  return {cause, ...(memoryCgroup === undefined ? {} : {memoryCgroup})}
}

/** The kernel log narrowed to one process's life. */
export function kernelEvidence(log: KernelLog, life: ProcessLife, clock: BootClock, aliveUntilUsec: number): KernelEvidence {
  if (!log.readable) return {readable: false, reason: log.reason, fix: log.fix}
  const events = classifyRecords(log.records)
  const at = (e: KernelEvent) => ({event: e, at: usecToIso(clock, e.usec)})
  return {
    readable: true,
    source: log.source,
    matched: matchEvents(events, life).map(at),
    otherOomKills: otherOomKills(events, life).map(at),
    coversEnd: log.oldestUsec === undefined || log.oldestUsec <= aliveUntilUsec,
    oldestAt: log.oldestUsec === undefined ? null : usecToIso(clock, log.oldestUsec),
  }
}
