/**
 * The verdict: why the traced process ended, from every piece of evidence at once. Pure; the one
 * place this decision is made (trace, recover and any later evidence source such as tracefs
 * signal records all come through here).
 *
 * Precedence, strongest evidence first:
 *  1. a kernel OOM-kill record for this pid, comm and lifetime → oom_killed;
 *  2. the supervisor (trace-doctor, or a received signal's sender in `supervisorPids`) sent the
 *     terminating signal → killed_by_supervisor; another sender → killed;
 *  3. a kernel fault record (segfault, trap) → crashed;
 *  4. the terminating signal: a crash signal → crashed; SIGKILL needs the kernel log or the
 *     cgroup counter to tell an OOM kill from a kill → oom_killed / killed / unknown; any other
 *     signal → killed;
 *  5. an exit code → exited;
 *  6. nothing → unknown, with the reason and the fix.
 */
import type {CauseOfDeath, CauseVerdict, Evidence, OomConstraint, TracerFate} from '../model/cause-of-death.js'
import type {DeathEvidence, MatchedKernelEvent, ReceivedSignal} from './death-evidence.js'
import type {FaultEvent, OomKillEvent} from './kernel-event.js'
import {formatEvidence} from './format-evidence.js'
import {signalFromNumber} from './signals.js'

/** Fatal signals a process raises itself (faults, abort, breakpoints, bad syscalls). */
export const CRASH_SIGNALS: ReadonlySet<string> = new Set(['SIGSEGV', 'SIGBUS', 'SIGILL', 'SIGFPE', 'SIGABRT', 'SIGTRAP', 'SIGSYS'])
/** Signals whose default action dumps core (signal(7)). */
export const CORE_SIGNALS: ReadonlySet<string> = new Set([...CRASH_SIGNALS, 'SIGQUIT', 'SIGXCPU', 'SIGXFSZ'])

export interface DecideOptions {
  /** Applied to every evidence text (the project's redactor). */
  redact?: (text: string) => string
}

export function decideCauseOfDeath(e: DeathEvidence, options: DecideOptions = {}): CauseOfDeath {
  const f = formatEvidence(e)
  const exit = e.exit
  const inferred = exit?.signal ?? (exit?.via === 'pty_wrapper' && exit.code !== null && exit.code > 128 && exit.code <= 128 + 64 ? signalFromNumber(exit.code - 128) : undefined) ?? null
  const signal = inferred
  const exitCode = exit?.code ?? null
  const kernel = e.kernel.readable ? e.kernel : undefined
  const oom = kernel?.matched.find((m): m is MatchedKernelEvent & {event: OomKillEvent} => m.event.kind === 'oom_kill')
  const fault = kernel?.matched.find((m): m is MatchedKernelEvent & {event: FaultEvent} => m.event.kind === 'fault')
  const oomDelta = cgroupOomDelta(e)
  const sender = lastFatalSignal(e.signals?.filter((x) => x.origin !== 'oom_killer'), signal)
  // signal-sender: oom:mark_victim (tracefs) tells an OOM kill even when the kernel log cannot be read.
  const oomVictim = e.signals?.findLast((x) => x.origin === 'oom_killer')

  let verdict: CauseVerdict
  let verdictSignal: string | null = signal
  let constraint: OomConstraint | null = null
  let reason: string | null = null
  const evidence: Evidence[] = []
  const add = (...items: Array<Evidence | undefined>) => evidence.push(...items.filter((x): x is Evidence => x !== undefined))

  add(f.exitStatus())
  if (oom !== undefined) {
    verdict = 'oom_killed'
    verdictSignal = 'SIGKILL'
    constraint = oom.event.constraint ?? (oomDelta !== undefined && oomDelta > 0 ? 'cgroup' : null)
    add(...f.kernelEvent(oom))
    if (oomVictim !== undefined) add(f.received(oomVictim))
  } else if (oomVictim !== undefined && (signal === null || signal === 'SIGKILL')) {
    verdict = 'oom_killed'
    verdictSignal = 'SIGKILL'
    constraint = oomDelta !== undefined && oomDelta > 0 ? 'cgroup' : null
    add(f.received(oomVictim))
  } else if (e.supervisor !== undefined && (signal === e.supervisor.signal || (signal === null && exitCode === null))) {
    verdict = 'killed_by_supervisor'
    verdictSignal = signal ?? e.supervisor.signal
    add(f.supervisor())
  } else if (sender !== undefined && sender.sender_pid !== null && sender.sender_pid !== e.pid && sender.sender_pid !== 0) {
    verdict = e.supervisorPids?.includes(sender.sender_pid) ? 'killed_by_supervisor' : 'killed'
    verdictSignal = sender.signal
    add(f.received(sender))
  } else if (fault !== undefined) {
    verdict = 'crashed'
    verdictSignal = signal ?? fault.event.signal
    add(...f.kernelEvent(fault))
  } else if (signal !== null && CRASH_SIGNALS.has(signal)) {
    verdict = 'crashed'
    if (sender !== undefined) add(f.received(sender))
  } else if (signal === 'SIGKILL') {
    if (kernel !== undefined && kernel.coversEnd) verdict = 'killed'
    else if (oomDelta !== undefined && oomDelta > 0) {
      verdict = 'oom_killed'
      constraint = nearLimit(e) ? 'cgroup' : null
    } else if (oomDelta === 0) verdict = 'killed'
    else {
      verdict = 'unknown'
      reason = kernel === undefined ? `died by SIGKILL, and the kernel log that tells an OOM kill from a kill cannot be read: ${kernelReason(e)}` : 'died by SIGKILL; the kernel log no longer reaches back to its end (the ring buffer was overwritten) and no memory cgroup counter was read'
    }
  } else if (signal !== null) {
    verdict = 'killed'
  } else if (exitCode !== null) {
    verdict = 'exited'
  } else {
    verdict = 'unknown'
    const why = e.noExitBecause ?? 'its exit status was not seen'
    reason =
      kernel === undefined
        ? `${why}, and the kernel log cannot be read: ${kernelReason(e)}`
        : kernel.coversEnd
          ? `${why}, and the kernel log (${kernel.source}) records no OOM kill or fault for pid ${e.pid}${e.comm ? ` (${e.comm})` : ''} during its life`
          : `${why}, and the kernel log no longer reaches back to its end (the ring buffer was overwritten)`
  }

  if (oom === undefined && fault !== undefined && verdict !== 'crashed') add(...f.kernelEvent(fault))
  if (kernel !== undefined) {
    for (const m of kernel.matched) if (m !== oom && m !== fault) add(...f.kernelEvent(m))
    if (verdict !== 'oom_killed') add(f.otherOomKills(kernel.otherOomKills))
  }
  add(f.cgroup(oomDelta), f.coredump(), f.rows())
  if (verdict !== 'killed_by_supervisor') add(f.supervisor())
  if (e.killReason) add({source: 'supervisor', at: null, text: `kill_reason: ${e.killReason}`})
  // Never a silent gap: whatever decided, say that the kernel log could not be consulted, and how to fix it.
  if (e.kernel.readable === false) add({source: 'kernel_log', at: null, text: `unreadable: ${e.kernel.reason}; fix: ${e.kernel.fix}`})

  const redact = options.redact ?? ((t: string) => t)
  return {
    verdict,
    signal: verdictSignal,
    exit_code: exitCode,
    core_dumped: coreDumped(e, verdictSignal),
    constraint: verdict === 'oom_killed' ? constraint : null,
    evidence: evidence.map((x) => ({...x, text: redact(x.text)})),
    reason: reason === null ? null : redact(reason),
  }
}

/** How many OOM kills the workload's memory cgroup counted between enrollment and the end. */
export function cgroupOomDelta(e: Pick<DeathEvidence, 'cgroup'>): number | undefined {
  const start = e.cgroup?.start
  const end = e.cgroup?.end
  if (start?.oom_kill == null || end?.oom_kill == null) return undefined
  return end.oom_kill - start.oom_kill + ((end.oom_group_kill ?? 0) - (start.oom_group_kill ?? 0))
}

function nearLimit(e: DeathEvidence): boolean {
  const end = e.cgroup?.end
  return end?.limit_bytes != null && end.peak_bytes != null && end.peak_bytes >= end.limit_bytes * 0.9
}

function kernelReason(e: DeathEvidence): string {
  return e.kernel.readable ? '' : `${e.kernel.reason}; fix: ${e.kernel.fix}`
}

/** The last received signal that could have ended it (the terminating one when known). */
function lastFatalSignal(signals: readonly ReceivedSignal[] | undefined, terminating: string | null): ReceivedSignal | undefined {
  if (signals === undefined || signals.length === 0) return undefined
  const candidates = terminating === null ? signals : signals.filter((s) => s.signal === terminating)
  return candidates[candidates.length - 1]
}

function coreDumped(e: DeathEvidence, signal: string | null): boolean | null {
  if (e.exit?.coreDumped != null) return e.exit.coreDumped
  if (e.coredump?.dumped != null && signal !== null && CORE_SIGNALS.has(signal)) return e.coredump.dumped
  if (signal === null ? e.exit?.code != null : !CORE_SIGNALS.has(signal)) return false
  return null
}


export interface TracerEvidence {
  /** The tracer's pid from the sidecar; null when the sidecar does not say (another tracer). */
  pid: number | null
  /** The same process (pid and start time) still runs. */
  alive: boolean
  kernel: DeathEvidence['kernel']
  /** Signals the tracer received (tracefs), oldest first. */
  signals?: readonly ReceivedSignal[]
}

/**
 * What became of the tracer whose trace `recover` finalizes. trace-doctor's tracer finalizes on
 * every signal it can catch, so one that vanished without finalizing was OOM-killed, crashed, or
 * got a signal it cannot catch (SIGKILL) — or stopped on an internal error it reported itself.
 */
export function decideTracerFate(t: TracerEvidence): TracerFate {
  const base = {pid: t.pid}
  if (t.pid === null) return {...base, verdict: 'unknown', signal: null, reason: 'the enrollment sidecar does not record the tracer (written by another tracer, or before trace-doctor recorded it)'}
  if (t.alive) return {...base, verdict: 'unknown', signal: null, reason: `the tracer (pid ${t.pid}) still runs, but left its trace behind`}
  const sent = t.signals?.filter((s) => s.signal === 'SIGKILL' || s.signal === 'SIGSEGV' || s.signal === 'SIGABRT').at(-1)
  if (!t.kernel.readable) {
    if (sent !== undefined) return {...base, verdict: 'killed', signal: sent.signal, reason: `${sent.signal} from pid ${sent.sender_pid ?? '?'}`}
    return {...base, verdict: 'unknown', signal: null, reason: `the kernel log cannot be read: ${t.kernel.reason}; fix: ${t.kernel.fix}`}
  }
  const oom = t.kernel.matched.find((m) => m.event.kind === 'oom_kill')
  if (oom !== undefined) return {...base, verdict: 'oom_killed', signal: 'SIGKILL', reason: oom.event.text}
  const fault = t.kernel.matched.find((m): m is MatchedKernelEvent & {event: FaultEvent} => m.event.kind === 'fault')
  if (fault !== undefined) return {...base, verdict: 'crashed', signal: fault.event.signal, reason: fault.event.text}
  if (sent !== undefined) return {...base, verdict: 'killed', signal: sent.signal, reason: `${sent.signal} from pid ${sent.sender_pid ?? '?'}${sent.sender_comm ? ` (${sent.sender_comm})` : ''}`}
  return {
    ...base,
    verdict: 'killed',
    signal: null,
    reason: `the kernel log (${t.kernel.source}) has no OOM kill or fault for it: it got a signal it cannot catch (SIGKILL), or stopped on an error it reported itself`,
  }
}
