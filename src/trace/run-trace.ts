/**
 * `trace-doctor trace` end to end: start or attach, resolve the TraceTarget, sample it into
 * tmpfs, forward signals, and on the workload's end finalize a session through the store and
 * remove the tmpfs files. The command file only parses flags and prints.
 */
import {mkdirSync} from 'node:fs'
import {finalizeSession, type FinalizedSession} from '../store/finalize-session.js'
import {ProcessGoneError} from '../procfs/errors.js'
import {readSystemInfo} from '../procfs/system-info.js'
import {formatIsoMicros} from '../model/timestamp.js'
import type {TracerEnd} from '../model/enrollment.js'
import {TraceDoctorError} from '../errors.js'
import {describeErrno} from '../errors.js'
import {nowMicros} from './capture-clock.js'
import {attachedEnd, spawnedEnd, type EndFacts} from './exit-status.js'
import {killTree, launch, type ChildExit, type Launched} from './launch.js'
import {traceDeath, type SupervisorSignal} from './trace-death.js'
import {readDeathEnrollment} from '../death/death-enrollment.js'
import {receivedSignalsOf} from '../death/received-signals.js'
import type {Snapshot} from '../model/snapshot.js'
import {ProcSampler} from './sampler.js'
import {shellQuote} from './shell-quote.js'
import {SnapshotSink} from './snapshot-sink.js'
import {SessionSignalWatch} from './session-signals.js'
import {describeTmpfsFailure, TmpfsTrace} from './tmpfs-trace.js'
import {TraceLoop} from './trace-loop.js'
import {followAttachedEnd} from './watch-exit.js'
import {resolveTarget, targetNamesFor} from './resolve-for-run.js'
import {LaunchWatch} from './launch-watch.js'
import type {ParsedTraceFlags} from './trace-flags.js'
import type {TraceTarget} from './trace-target.js'

export const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const

/** The validated flags (trace-flags.ts) plus what the command adds. */
export interface TraceRunOptions extends ParsedTraceFlags {
  logDir: string
  cwd: string
  /** One line for the user on stderr. */
  warn: (line: string) => void
}

export interface TraceRunResult {
  exit_code: number
  session_dir: string
  summary: FinalizedSession['summary']
  target: {pid: number; comm: string; cmdline: readonly string[]; via: TraceTarget['via']; root_pid: number}
  /** The tmpfs trace used while running (removed now), or null when tracing in memory. */
  tmpfs_trace: string | null
  warnings: string[]
}

export async function runTrace(options: TraceRunOptions): Promise<TraceRunResult> {
  const warnings: string[] = []
  const warn = (line: string): void => {
    warnings.push(line)
    options.warn(line)
  }
  const startTs = formatIsoMicros(nowMicros())
  const system = readSystemInfo() // before the spawn: nothing may delay the first snapshot of a short-lived CMD
  const launched = options.command === undefined ? undefined : await launch(options.command, {pty: options.pty})
  const rootPid = launched?.pid ?? options.attachPid!
  let target: TraceTarget | undefined
  let detachSignal: NodeJS.Signals | undefined
  let loop: TraceLoop | undefined
  let stopWatching = (): void => undefined
  let supervisorSignal: SupervisorSignal | undefined
  // Forward to the workload itself once resolved (behind a PTY it has its own session); before that, to what we spawned.
  const onSignal = (signal: NodeJS.Signals): void => {
    if (launched === undefined) {
      detachSignal = signal
      loop?.stop()
      return
    }
    try {
      process.kill(target?.pid ?? launched.pid, signal)
      supervisorSignal = {signal, atMicros: nowMicros(), resolved: target !== undefined}
    } catch {
      // already gone: its exit is on its way
    }
  }
  for (const signal of FORWARDED_SIGNALS) process.on(signal, onSignal)
  try {
    try {
      target = await resolveTarget(rootPid, options, launched)
    } catch (error) {
      if (launched !== undefined) await killAndReap(launched)
      throw error
    }
    // Open the target's files and take the first snapshot before any other await: a CMD that
    // exits at once is still caught before Node reaps it.
    let sampler: ProcSampler | undefined
    try {
      sampler = new ProcSampler(target, system)
    } catch (error) {
      if (!(error instanceof ProcessGoneError)) throw error
    }
    // Launch rows and the exit row (launch-watch.ts): every snapshot passes through it first.
    const launchWatch = new LaunchWatch({pid: target.pid, names: targetNamesFor(options.command, options.expect), spawned: launched !== undefined, warn})
    const taken = sampler?.sample()
    const first = taken === undefined ? undefined : launchWatch.observe(taken, sampler?.lastStat)
    // Cause of death: the tracer itself and the workload's memory cgroup, into the sidecar.
    const death = readDeathEnrollment(target.pid)
    const sink = new SnapshotSink(await openTmpfs(target, options, system.bootId, warn, launchWatch, death), warn)
    launchWatch.attach(sink.tmpfs)
    let last: Snapshot | undefined
    const push = (s: Snapshot): void => {
      last = s
      sink.push(s)
    }
    if (first !== undefined) push(first)
    let signals: SessionSignalWatch | undefined
    if (sampler !== undefined) {
      const observed = sampler
      loop = new TraceLoop(sampler, (s) => {
        push(launchWatch.observe(s, observed.lastStat))
        signals?.onThreads(s.threads)
      }, options.intervalSeconds * 1000)
      loop.start({firstTaken: true})
      if (detachSignal !== undefined) loop.stop() // the user detached while the target was being resolved
      // A spawned CMD's end is its 'exit' event (waitForEnd); an attached target's needs a watcher.
      if (launched === undefined && !loop.isEnded) stopWatching = await followAttachedEnd(loop, target.pid)
    }
    // After the loop started: the instance takes the kernel a while to set up.
    signals = await SessionSignalWatch.start(target, rootPid, sink.tmpfs === undefined ? undefined : options.tmpfsDir, warn)
    signals.onThreads(first?.threads)
    const {end, exit} = await waitForEnd(launched, loop, options.pty, () => detachSignal)
    loop?.stop()
    stopWatching()
    sampler?.close()
    // The exit status names the workload's signal only when the workload is what we spawned (or what `script -e` reports).
    const sessionSignals = await signals.finish(target.pid === rootPid || options.pty ? end.killReason : null)
    const deathFields = traceDeath({
      target, ticksPerSecond: system.ticksPerSecond, enrollment: death, exit, pty: options.pty, detached: detachSignal, supervisorSignal, last,
      signals: receivedSignalsOf(sessionSignals.records, target.pid),
    })
    const tracerEnd: TracerEnd = {
      start_ts: startTs,
      end_ts: formatIsoMicros(nowMicros()),
      success: end.success,
      subtype: end.subtype,
      exit_code: end.summaryExitCode,
      termination_reason: end.terminationReason,
      kill_reason: end.killReason,
      cwd: options.cwd,
      skill_command: options.command === undefined ? shellQuote(target.cmdline) : shellQuote(options.command),
      snapshot_interval_seconds: options.intervalSeconds,
    }
    let finalized: FinalizedSession
    try {
      finalized = await finalizeSession({
        logDir: options.logDir,
        ...(await sink.source()),
        pid: target.pid,
        sessionId: options.sessionId,
        startTs,
        endTs: tracerEnd.end_ts,
        cwd: tracerEnd.cwd,
        skillCommand: tracerEnd.skill_command,
        success: end.success,
        subtype: end.subtype,
        exitCode: end.summaryExitCode,
        terminationReason: end.terminationReason,
        killReason: end.killReason,
        snapshotIntervalSeconds: options.intervalSeconds,
        expectedComm: launchWatch.settledComm ?? target.comm,
        launchRows: launchWatch.launchRows,
        extraSummary: {
          target_resolution: {via: target.via, root_pid: rootPid, resolved_at: target.resolvedAt, starttime_ticks: target.starttimeTicks, ...(target.matched === undefined ? {} : {matched: target.matched})},
          launch: launchWatch.summary(),
          ...deathFields,
        },
        signals: sessionSignals,
      })
    } catch (error) {
      await signals.removed()
      throw await keepForRecover(error, sink.tmpfs, tracerEnd, end.exitCode)
    }
    // Only now is the evidence safe in the log dir; on any failure above the tmpfs files stay for `recover`.
    await sink.tmpfs?.remove()
    signals.removeFile()
    await signals.removed()
    const {pid, cmdline, via} = target
    const comm = launchWatch.settledComm ?? target.comm
    return {
      exit_code: end.exitCode,
      session_dir: finalized.dir,
      summary: finalized.summary,
      target: {pid, comm, cmdline, via, root_pid: rootPid},
      tmpfs_trace: sink.tmpfs?.tracePath ?? null,
      warnings,
    }
  } finally {
    stopWatching()
    for (const signal of FORWARDED_SIGNALS) process.off(signal, onSignal)
  }
}

/**
 * The session could not be finalized (an unwritable log dir): the workload's exit code still
 * reaches the caller, and its real end is written beside the trace so that `recover` finalizes
 * it as what it was, not as a crash. One line for the user.
 */
async function keepForRecover(error: unknown, tmpfs: TmpfsTrace | undefined, end: TracerEnd, exitCode: number): Promise<TraceDoctorError> {
  const why = error instanceof TraceDoctorError ? error.message : `cannot finalize the session: ${describeErrno(error)}`
  const code = error instanceof TraceDoctorError ? error.code : 'E_STORE'
  if (tmpfs === undefined) return new TraceDoctorError(`${why}; the trace was in memory only and is lost`, {code, exitCode, cause: error})
  try {
    await tmpfs.keepWithEnd(end)
  } catch (keepError) {
    tmpfs.close()
    return new TraceDoctorError(`${why}; the trace is kept in ${tmpfs.tracePath} but its end could not be recorded (${describeErrno(keepError)}): \`trace-doctor recover\` will call it crashed`, {code, exitCode, cause: error})
  }
  return new TraceDoctorError(`${why}; the trace and its real end are kept in ${tmpfs.tracePath}: run \`trace-doctor recover\` once the log dir is writable`, {code, exitCode, cause: error})
}

async function openTmpfs(
  target: TraceTarget,
  options: TraceRunOptions,
  bootId: string | null,
  warn: (line: string) => void,
  launchWatch: LaunchWatch,
  death: ReturnType<typeof readDeathEnrollment>,
): Promise<TmpfsTrace | undefined> {
  try {
    // A missing --tmpfs dir is created (private, as the log dir is): falling back to memory would
    // silently lose the crash resilience the user asked for.
    mkdirSync(options.tmpfsDir, {recursive: true, mode: 0o700}) // sync: one syscall, no thread-pool round trip before sampling starts
    const tmpfs = await TmpfsTrace.create(options.tmpfsDir, target, {sessionId: options.sessionId, bootId, enrolledAt: formatIsoMicros(nowMicros()), death}, launchWatch.enrollmentLaunch())
    if (!tmpfs.lock.locked) warn(`no flock on ${tmpfs.tracePath} (${tmpfs.lock.detail}); \`recover\` cannot tell this live trace from a dead one by its lock`)
    return tmpfs
  } catch (error) {
    warn(`${describeTmpfsFailure(options.tmpfsDir, target.pid, error)}; tracing in memory only (a crash of trace-doctor would lose this trace)`)
    return undefined
  }
}

/** Spawn mode ends when the child exits; attach mode when the target is gone or the user detaches. */
async function waitForEnd(
  launched: Launched | undefined,
  loop: TraceLoop | undefined,
  pty: boolean,
  detached: () => NodeJS.Signals | undefined,
): Promise<{end: EndFacts; exit?: ChildExit}> {
  if (launched !== undefined) {
    const exit = await launched.exited
    return {end: spawnedEnd(exit, {pty}), exit}
  }
  await loop?.done
  return {end: attachedEnd(detached())}
}

async function killAndReap(launched: Launched): Promise<void> {
  killTree(launched.pid)
  await launched.exited
}

