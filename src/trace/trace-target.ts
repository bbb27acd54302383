/**
 * The trace target (SPEC §1): the process to observe, with what identifies it. Only the
 * resolvers in this module can produce one (the brand symbol is not exported), and the sampler
 * accepts nothing else, so "sample this bare pid" — the original's wrapper-pid bug — does not
 * type-check.
 */
import {setTimeout as sleep} from 'node:timers/promises'
import {programName, readPidCmdline} from '../procfs/pid-cmdline.js'
import {readPidStat, type PidStat} from '../procfs/pid-stat.js'
import {readDescendants} from '../procfs/descendants.js'
import {ProcessGoneError} from '../procfs/errors.js'
import {formatIsoMicros} from '../model/timestamp.js'
import {nowMicros} from './capture-clock.js'
import {TargetNotFoundError} from './errors.js'

declare const targetBrand: unique symbol

export type TraceTarget = {
  readonly pid: number
  readonly comm: string
  readonly cmdline: readonly string[]
  readonly starttimeTicks: number
  /** ISO time of resolution. */
  readonly resolvedAt: string
  /** How it was found, for the user: "spawned", "pty", "attached", "expect". */
  readonly via: 'spawned' | 'pty' | 'attached' | 'expect'
} & {readonly [targetBrand]: true}

export const RESOLVE_POLL_MS = 50
export const DEFAULT_RESOLVE_TIMEOUT_MS = 2000
/** The kernel keeps 15 bytes of a comm (TASK_COMM_LEN - 1). */
const COMM_BYTES = 15

function mint(pid: number, stat: PidStat, cmdline: string[], via: TraceTarget['via']): TraceTarget {
  return {pid, comm: stat.comm, cmdline, starttimeTicks: stat.starttimeTicks, resolvedAt: formatIsoMicros(nowMicros()), via} as unknown as TraceTarget
}

function readIdentity(root: string, pid: number): {stat: PidStat; cmdline: string[]} | undefined {
  try {
    return {stat: readPidStat(root, pid), cmdline: readPidCmdline(root, pid)}
  } catch (error) {
    if (error instanceof ProcessGoneError) return undefined
    throw error
  }
}

/** Whether a process is the workload called `name`: its comm (maybe truncated) or basename(argv[0]). */
export function matchesName(comm: string, cmdline: readonly string[], name: string): boolean {
  if (name === '') return false
  if (comm === name || programName(cmdline) === name) return true
  return Buffer.byteLength(name) > COMM_BYTES && comm !== '' && comm === Buffer.from(name).subarray(0, COMM_BYTES).toString()
}

/** The process we just spawned ourselves (already exec'd: libuv returns from spawn after exec). */
export function resolveSpawnedTarget(pid: number, root = '/proc'): TraceTarget {
  const identity = readIdentity(root, pid)
  if (identity === undefined) throw TargetNotFoundError.noProcess(pid, 'the process exited before it could be observed')
  return mint(pid, identity.stat, identity.cmdline, 'spawned')
}

export interface ResolveOptions {
  timeoutMs?: number
  root?: string
  /** Whether the root process itself may be the match (never for a PTY wrapper). */
  includeRoot?: boolean
  via?: TraceTarget['via']
}

/**
 * Polls `rootPid`'s descendants every 50 ms, breadth first, for the first process named `name`.
 * Fails with TargetNotFoundError at the deadline, or at once when the root has exited.
 */
export async function resolveDescendantTarget(rootPid: number, name: string, options: ResolveOptions = {}): Promise<TraceTarget> {
  const root = options.root ?? '/proc'
  const deadline = performance.now() + (options.timeoutMs ?? DEFAULT_RESOLVE_TIMEOUT_MS)
  for (;;) {
    const rootIdentity = readIdentity(root, rootPid)
    if (rootIdentity === undefined || rootIdentity.stat.stateLetter === 'Z') {
      throw new TargetNotFoundError(rootPid, name, `pid ${rootPid} exited before "${name}" appeared`)
    }
    const candidates = options.includeRoot ? [rootPid, ...readDescendants(root, rootPid)] : readDescendants(root, rootPid)
    for (const pid of candidates) {
      const identity = pid === rootPid ? rootIdentity : readIdentity(root, pid)
      if (identity !== undefined && matchesName(identity.stat.comm, identity.cmdline, name)) {
        return mint(pid, identity.stat, identity.cmdline, options.via ?? 'expect')
      }
    }
    if (performance.now() >= deadline) {
      throw new TargetNotFoundError(rootPid, name, `no such process among its descendants after ${options.timeoutMs ?? DEFAULT_RESOLVE_TIMEOUT_MS} ms`)
    }
    await sleep(RESOLVE_POLL_MS)
  }
}

/** PTY mode: the workload under `script`, never the wrapper itself (SPEC §1). */
export function resolvePtyTarget(wrapperPid: number, basename: string, timeoutMs = DEFAULT_RESOLVE_TIMEOUT_MS, root = '/proc'): Promise<TraceTarget> {
  return resolveDescendantTarget(wrapperPid, basename, {timeoutMs, root, includeRoot: false, via: 'pty'})
}

/** Attach mode: the running process `pid`, or with `expect` the first such process in its tree. */
export async function resolveAttachedTarget(pid: number, expect?: string, timeoutMs = DEFAULT_RESOLVE_TIMEOUT_MS, root = '/proc'): Promise<TraceTarget> {
  if (expect !== undefined) return resolveDescendantTarget(pid, expect, {timeoutMs, root, includeRoot: true, via: 'expect'})
  const identity = readIdentity(root, pid)
  if (identity === undefined) throw TargetNotFoundError.noProcess(pid)
  return mint(pid, identity.stat, identity.cmdline, 'attached')
}
