/**
 * What a dead tracer leaves of the signal watch (trace/signal-watch.ts), and how `recover`
 * finishes it:
 *
 * - its tracefs instance `trace-doctor-{tracerPid}-{tracerStartTicks}`: kept while that process
 *   lives (pid AND start time: a recycled pid is not the tracer); once it is dead, the events
 *   still in the instance's buffer (signals that arrived after the tracer died, or that it had not
 *   read yet) are appended to the signals file of each pid in its filter, then the instance is
 *   removed;
 * - `{prefix}_signals_{pid}.jsonl`: read into the crashed session's signals.jsonl, removed with
 *   the trace once the session is in place.
 */
import {appendFileSync, existsSync, unlinkSync} from 'node:fs'
import {join} from 'node:path'
import {findKiller} from '../analyze/signal-sender.js'
import {readSignalRecords} from '../store/read-signals.js'
import type {SessionSignals} from '../store/finalize-session.js'
import {serializeSignalRecord} from '../store/session-files.js'
import {signalsPathFor} from '../store/tmpfs-layout.js'
import {recordOf, wallMinusMonoNowUs} from '../tracefs/event-record.js'
import {parseInstanceName} from '../tracefs/instance-name.js'
import {parseTraceLine} from '../tracefs/parse-trace-line.js'
import {listInstances, probeTracefs, readFilterPids, readInstanceBuffer, removeInstanceDir} from '../tracefs/tracefs-instance.js'
import {isRunning, readProcess} from '../procfs/pid-liveness.js'

export interface InstanceRow {
  name: string
  /** removed, would-remove, kept (its tracer lives), busy (a file of it is open). */
  action: 'removed' | 'would-remove' | 'kept' | 'busy'
  /** Events found in its buffer and appended to signals files. */
  drained: number
}

/** Handles every trace-doctor instance; never one of a live tracer. */
export async function reapDeadInstances(tmpfsDir: string, options: {dryRun: boolean}): Promise<InstanceRow[]> {
  const probe = probeTracefs()
  if (!probe.ok) return []
  const rows: InstanceRow[] = []
  for (const name of listInstances(probe.root)) {
    const owner = parseInstanceName(name)
    if (owner === undefined) continue
    const p = readProcess(owner.tracerPid)
    // Alive means the same process: running, and started when the name says (unknown ticks: assume it is).
    const alive = isRunning(p) && (p.startTicks === undefined || p.startTicks === owner.tracerStartTicks)
    if (alive) {
      rows.push({name, action: 'kept', drained: 0})
      continue
    }
    const dir = join(probe.root, 'instances', name)
    if (options.dryRun) {
      rows.push({name, action: 'would-remove', drained: 0})
      continue
    }
    const drained = await drainInstance(dir, tmpfsDir)
    let removed: boolean
    try {
      removed = removeInstanceDir(dir)
    } catch {
      removed = false
    }
    rows.push({name, action: removed ? 'removed' : 'busy', drained})
  }
  return rows
}

/** Appends the buffer's events newer than each signals file's last record; returns how many. */
async function drainInstance(dir: string, tmpfsDir: string): Promise<number> {
  const pids = readFilterPids(dir)
  const wallMinusMonoUs = wallMinusMonoNowUs()
  const events = readInstanceBuffer(dir).split('\n').map(parseTraceLine).filter((e) => e !== undefined)
  let drained = 0
  for (const pid of pids) {
    const path = signalsPathFor(tmpfsDir, pid)
    if (!existsSync(path)) continue
    const known = await readSignalRecords(path)
    const lastMono = Math.max(-1, ...known.map((r) => r.mono_s))
    const fresh = events.filter((e) => e.timestampSecs > lastMono).map((e) => recordOf(e, wallMinusMonoUs))
    if (fresh.length === 0) continue
    appendFileSync(path, fresh.map(serializeSignalRecord).join(''))
    drained += fresh.length
  }
  return drained
}

/** The signals of a crashed trace, for finalizeSession; undefined when its tracer recorded none (no file). */
export async function crashedSessionSignals(tmpfsDir: string, prefix: string, pid: number): Promise<{signals: SessionSignals; path: string} | undefined> {
  const path = signalsPathFor(tmpfsDir, pid, prefix)
  if (!existsSync(path)) return undefined
  const records = await readSignalRecords(path)
  const killer = findKiller(records, {targetPid: pid})
  return {
    path,
    signals: {
      records,
      trace: {
        status: 'partial',
        count: records.length,
        reason: 'the tracer died: signals up to its death, and those still in its tracefs buffer when recover ran',
        ...(killer === undefined ? {} : {sender: killer.text}),
      },
    },
  }
}

export function removeSignalsFile(path: string): void {
  try {
    unlinkSync(path)
  } catch {
    // already gone: another recover run finished it
  }
}
