/**
 * The trace target (docs/trace.md): the process to observe, with what identifies it. Only the
 * resolvers in this module can produce one (the brand symbol is not exported), and the sampler
 * accepts nothing else, so "sample this bare pid" — the original's wrapper-pid bug — does not
 * type-check.
 */
import {setTimeout as sleep} from 'node:timers/promises'
import {readDescendants} from '../procfs/descendants.js'
import {isExitedState} from '../procfs/pid-stat.js'
import {exeName, tryReadProcessImage, type ProcessImage} from '../procfs/process-image.js'
import {formatIsoMicros} from '../model/timestamp.js'
import {nowMicros} from './capture-clock.js'
import {TargetNotFoundError} from './errors.js'
import {matchAny, type MatchKind} from './name-match.js'

declare const targetBrand: unique symbol

export type TraceTarget = {
  readonly pid: number
  /** The comm at resolution; a launch chain may exec on (launch-tracker.ts follows it). */
  readonly comm: string
  readonly cmdline: readonly string[]
  /** With the pid, the identity: exec changes comm, exe and cmdline, never this. */
  readonly starttimeTicks: number
  /** ISO time of resolution. */
  readonly resolvedAt: string
  /** How it was found, for the user: "spawned", "pty", "attached", "expect". */
  readonly via: 'spawned' | 'pty' | 'attached' | 'expect'
  /** For a resolution by name: the name found and what of the process it matched (name-match.ts). */
  readonly matched?: {readonly name: string; readonly by: ResolvedBy} | undefined
} & {readonly [targetBrand]: true}

/**
 * What a resolution by name went by: a name match, or `pty_child`: what the PTY wrapper's shell
 * (`$SHELL -c CMD`) runs CMD as, exec'd or forked, which can only be CMD's own launch chain (a
 * shim named `pyshim` that already exec'd `python3` no longer bears its name anywhere).
 */
export type ResolvedBy = MatchKind | 'pty_child'

export const RESOLVE_POLL_MS = 50
export const DEFAULT_RESOLVE_TIMEOUT_MS = 2000

function mint(image: ProcessImage, via: TraceTarget['via'], matched?: {name: string; by: ResolvedBy}): TraceTarget {
  const {pid, comm, cmdline, starttimeTicks} = image
  return {pid, comm, cmdline, starttimeTicks, resolvedAt: formatIsoMicros(nowMicros()), via, ...(matched === undefined ? {} : {matched})} as unknown as TraceTarget
}

const namesOf = (image: ProcessImage): {comm: string; cmdline: readonly string[]; exeName: string | undefined} => ({comm: image.comm, cmdline: image.cmdline, exeName: exeName(image.exe)})

/** Whether a process is the workload called `name` (any of name-match.ts's ways). */
export function matchesName(comm: string, cmdline: readonly string[], name: string, exe?: string): boolean {
  return matchAny({comm, cmdline, exeName: exeName(exe)}, [name]) !== undefined
}

/** The process we just spawned ourselves (already exec'd: libuv returns from spawn after exec). */
export function resolveSpawnedTarget(pid: number, root = '/proc'): TraceTarget {
  const image = tryReadProcessImage(root, pid)
  if (image === undefined) throw TargetNotFoundError.noProcess(pid, 'the process exited before it could be observed')
  return mint(image, 'spawned')
}

export interface ResolveOptions {
  timeoutMs?: number
  root?: string
  /** Whether the root process itself may be the match (never for a PTY wrapper). */
  includeRoot?: boolean
  via?: TraceTarget['via']
  /** PTY mode: the command string the wrapper's shell runs (`script -qefc CMD`), for `pty_child`. */
  ptyCommand?: string
}

/**
 * A PTY wrapper's own processes, never the workload: its fork before the exec (the wrapper's
 * argv) and its shell (`$SHELL -c CMD`) with that shell's forks. `script` runs `$SHELL`, or
 * `/bin/sh` when SHELL is unset (as under most supervisors); bash execs a lone command, but dash
 * forks it and waits, so the shell stays between the wrapper and the workload for the whole run.
 */
function isPtyLauncher(image: ProcessImage, wrapper: ProcessImage, ptyCommand: string): boolean {
  const c = image.cmdline
  const isShell = c.length === 3 && c[1] === '-c' && c[2] === ptyCommand
  const isWrapperFork = c.length === wrapper.cmdline.length && c.every((a, i) => a === wrapper.cmdline[i])
  return isShell || isWrapperFork
}

/**
 * The process the wrapper's shell runs CMD as: a live child of the wrapper (the shell exec'd) or
 * of the shell (it forked), once it no longer bears a launcher's image.
 */
function isPtyChild(image: ProcessImage, launcherPids: ReadonlySet<number>): boolean {
  return image.cmdline.length > 0 && launcherPids.has(image.stat.ppid) && !isExitedState(image.stat.stateLetter)
}

/**
 * Polls `rootPid`'s descendants every 50 ms, breadth first, for the first process that matches
 * one of `names` (the first is the one reported on a miss). Each candidate is read
 * consistently (cmdline, comm, cmdline: process-image.ts), so an exec between two reads cannot
 * mint the wrapper's comm with the workload's cmdline. Fails with TargetNotFoundError at the
 * deadline, or at once when the root has exited.
 */
export async function resolveDescendantTarget(rootPid: number, nameOrNames: string | readonly string[], options: ResolveOptions = {}): Promise<TraceTarget> {
  const names = typeof nameOrNames === 'string' ? [nameOrNames] : nameOrNames
  const name = names[0] ?? ''
  const root = options.root ?? '/proc'
  const deadline = performance.now() + (options.timeoutMs ?? DEFAULT_RESOLVE_TIMEOUT_MS)
  for (;;) {
    const rootImage = tryReadProcessImage(root, rootPid)
    if (rootImage === undefined || isExitedState(rootImage.stat.stateLetter)) {
      throw new TargetNotFoundError(rootPid, name, `pid ${rootPid} exited before "${name}" appeared`)
    }
    const candidates = options.includeRoot ? [rootPid, ...readDescendants(root, rootPid)] : readDescendants(root, rootPid)
    // PTY mode: the wrapper and its launchers (breadth first, a parent comes before its children).
    const launcherPids = new Set([rootPid])
    for (const pid of candidates) {
      const image = pid === rootPid ? rootImage : tryReadProcessImage(root, pid)
      if (image === undefined) continue
      if (options.ptyCommand !== undefined && pid !== rootPid) {
        // Mid-exec, the kernel shows the new comm before the new argv (cmdline reads empty): the
        // wrapper's shell then looks like a CMD named `sh`. Tell it by its argv at the next poll.
        if (image.cmdline.length === 0) continue
        if (isPtyLauncher(image, rootImage, options.ptyCommand)) {
          launcherPids.add(pid) // `sh -c CMD` would match a CMD named `sh`: it is the wrapper's shell
          continue
        }
      }
      const matched = matchAny(namesOf(image), names)
      if (matched !== undefined) return mint(image, options.via ?? 'expect', matched)
      if (options.ptyCommand !== undefined && isPtyChild(image, launcherPids)) return mint(image, options.via ?? 'pty', {name, by: 'pty_child'})
    }
    if (performance.now() >= deadline) {
      throw new TargetNotFoundError(rootPid, name, `no such process among its descendants after ${options.timeoutMs ?? DEFAULT_RESOLVE_TIMEOUT_MS} ms`)
    }
    await sleep(RESOLVE_POLL_MS)
  }
}

/** PTY mode: the workload under `script`, never the wrapper itself (docs/trace.md). */
export function resolvePtyTarget(wrapperPid: number, names: string | readonly string[], timeoutMs = DEFAULT_RESOLVE_TIMEOUT_MS, root = '/proc', ptyCommand?: string): Promise<TraceTarget> {
  return resolveDescendantTarget(wrapperPid, names, {timeoutMs, root, includeRoot: false, via: 'pty', ...(ptyCommand === undefined ? {} : {ptyCommand})})
}

/** Attach mode: the running process `pid`, or with `expect` the first such process in its tree. */
export async function resolveAttachedTarget(pid: number, expect?: string, timeoutMs = DEFAULT_RESOLVE_TIMEOUT_MS, root = '/proc'): Promise<TraceTarget> {
  if (expect !== undefined) return resolveDescendantTarget(pid, expect, {timeoutMs, root, includeRoot: true, via: 'expect'})
  const image = tryReadProcessImage(root, pid)
  if (image === undefined) throw TargetNotFoundError.noProcess(pid)
  return mint(image, 'attached')
}
