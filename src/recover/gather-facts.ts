/**
 * The I/O half of the gates: everything they decide on, read once per trace file. Files are
 * lstat'ed and opened without following links (safe-open.ts); nothing here changes anything.
 */
import {closeSync} from 'node:fs'
import {join} from 'node:path'
import {EnrollmentSchema, launchOf} from '../model/enrollment.js'
import {describeZodError} from '../model/validate.js'
import type {EnrollmentFacts, FileFacts, TraceFacts} from './facts.js'
import type {KernelLog} from '../death/kernel-record.js'
import {parsePid} from '../store/tmpfs-layout.js'
import {lockKey, type LockTable} from '../procfs/proc-locks.js'
import {readProcess} from '../procfs/pid-liveness.js'
import {lstatFacts, openFailure, openOwnedRegular, readHead} from './safe-open.js'

export interface RunContext {
  tmpfsDir: string
  uid: number
  nowMs: number
  minAgeSeconds: number
  currentBootId: string | null
  locks: LockTable
  /** The kernel log, read once per run for the cause of death of what is finalized (not a gate input). */
  kernelLog?: KernelLog
}

export interface TraceLocation {
  /** Name as listed (the original name, or a claim being resumed). */
  name: string
  /** The original `{prefix}_trace_{pid}.jsonl` name. */
  originalName: string
  prefix: string
  pidText: string
  /** Where the sidecar is now (original name, or its claim). */
  sidecarName: string
}

const MAX_SIDECAR_BYTES = 64 * 1024
const HEAD_BYTES = 64 * 1024

export function gatherFacts(loc: TraceLocation, ctx: RunContext): TraceFacts {
  const trace = lstatFacts(join(ctx.tmpfsDir, loc.name))
  const sidecar = lstatFacts(join(ctx.tmpfsDir, loc.sidecarName))
  const pid = parsePid(loc.pidText)
  const safe = (f: FileFacts): boolean => f.kind === 'regular' && f.uid === ctx.uid
  const unreadable = safe(trace) ? openFailure(join(ctx.tmpfsDir, loc.name)) : undefined
  const enrollment = safe(sidecar) ? readEnrollment(join(ctx.tmpfsDir, loc.sidecarName), loc.sidecarName, ctx.uid) : {ok: false as const, reason: sidecarAbsence(loc.sidecarName, sidecar)}
  const launch = enrollment.ok ? launchOf(enrollment.enrollment) : undefined
  const comms = safe(trace) ? readLeadingComms(join(ctx.tmpfsDir, loc.name), ctx.uid, launch?.launchRows ?? 0) : undefined
  return {
    ...(unreadable === undefined ? {} : {traceUnreadable: unreadable}),
    name: loc.name,
    prefix: loc.prefix,
    pidText: loc.pidText,
    pid,
    trace,
    sidecarName: loc.sidecarName,
    sidecar,
    enrollment,
    uid: ctx.uid,
    nowMs: ctx.nowMs,
    minAgeSeconds: ctx.minAgeSeconds,
    currentBootId: ctx.currentBootId,
    process: pid === undefined ? {exists: false} : readProcess(pid),
    lockHolders: trace.dev !== undefined && trace.ino !== undefined ? (ctx.locks.get(lockKey(trace.dev, trace.ino)) ?? []) : [],
    firstComm: comms?.first,
    ...(launch === undefined ? {} : {workloadComm: comms?.atLaunchRows}),
  }
}

function sidecarAbsence(name: string, f: FileFacts): string {
  return f.kind === 'missing' ? `no enrollment sidecar ${name}` : `sidecar ${name} is not a readable file of yours`
}

export function readEnrollment(path: string, name: string, uid: number): EnrollmentFacts {
  const fd = openOwnedRegular(path, uid)
  if (fd === undefined) return {ok: false, reason: `sidecar ${name} cannot be opened safely`}
  let text: string
  try {
    const head = readHead(fd, MAX_SIDECAR_BYTES + 1)
    if (head.length > MAX_SIDECAR_BYTES) return {ok: false, reason: `sidecar ${name} is larger than ${MAX_SIDECAR_BYTES} bytes`}
    text = head.toString('utf8')
  } finally {
    closeSync(fd)
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return {ok: false, reason: `sidecar ${name} is not JSON`}
  }
  const parsed = EnrollmentSchema.safeParse(value)
  if (!parsed.success) return {ok: false, reason: `invalid sidecar ${describeZodError(name, parsed.error)}`}
  return {ok: true, enrollment: parsed.data}
}

/**
 * The comm of the first line that parses as an object, and of the `index`-th such line (the
 * workload's first row when the sidecar has launch information), each when non-empty.
 */
function readLeadingComms(path: string, uid: number, index: number): {first: string | undefined; atLaunchRows: string | undefined} | undefined {
  const fd = openOwnedRegular(path, uid)
  if (fd === undefined) return undefined
  let text: string
  try {
    text = readHead(fd, HEAD_BYTES).toString('utf8')
  } finally {
    closeSync(fd)
  }
  const comms: Array<string | undefined> = []
  const lines = text.split('\n')
  for (let i = 0; i < lines.length - 1 && comms.length <= index; i++) {
    try {
      const row: unknown = JSON.parse(lines[i]!)
      if (typeof row === 'object' && row !== null && !Array.isArray(row)) {
        const comm = (row as Record<string, unknown>)['comm']
        comms.push(typeof comm === 'string' && comm !== '' ? comm : undefined)
      }
    } catch {
      // a garbage line: the first snapshot is the first readable one
    }
  }
  return {first: comms[0], atLaunchRows: comms[index]}
}
