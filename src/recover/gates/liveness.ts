/**
 * Gate 4, liveness (docs/formats.md §7). In order:
 * - the trace file is locked (flock/fcntl, seen in /proc/locks): its tracer is alive → live,
 *   whatever the pid says (trace-doctor's own tracer holds such a lock);
 * - pid absent → crashed; pid in state zombie/dead → exited, crashed (trace-doctor improves: the
 *   original calls a zombie running and never recovers it);
 * - pid present with the sidecar's starttime ticks → live; with other ticks → the pid was
 *   recycled, the traced process is gone → crashed;
 * - ticks unknown on either side → live: nothing proves the process is gone.
 */
import {isExitedState} from '../../procfs/pid-stat.js'
import type {Decision, TraceFacts} from '../facts.js'

export function livenessGate(facts: TraceFacts): Decision | undefined {
  if (facts.lockHolders.length > 0) {
    return live(`the trace file is locked by pid ${facts.lockHolders.join(', ')}: its tracer is running`)
  }
  const proc = facts.process
  if (!proc.exists || isExitedState(proc.state)) return undefined
  const recorded = facts.enrollment.ok ? facts.enrollment.enrollment.starttime_ticks : undefined
  if (recorded === undefined || recorded === null) return live(`pid ${facts.pid} exists and the sidecar has no starttime to tell a reused pid apart`)
  if (proc.startTicks === undefined) return live(`pid ${facts.pid} exists and its starttime is unreadable`)
  if (proc.startTicks === recorded) return live(`pid ${facts.pid} is still running (starttime ${recorded} ticks matches)`)
  return undefined
}

/** Why a trace that passed this gate counts as crashed, in words. */
export function crashReason(facts: TraceFacts): string {
  const proc = facts.process
  if (!proc.exists) return `pid ${facts.pid} no longer exists`
  if (isExitedState(proc.state)) {
    return `pid ${facts.pid} has exited (state ${proc.state === 'Z' ? 'zombie' : 'dead'}, not yet reaped)`
  }
  const recorded = facts.enrollment.ok ? facts.enrollment.enrollment.starttime_ticks : undefined
  return `pid ${facts.pid} was reused by another process (starttime ${proc.startTicks} ticks, sidecar says ${recorded})`
}

function live(reason: string): Decision {
  return {verdict: 'live', gate: 'liveness', reason}
}
