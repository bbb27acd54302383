/**
 * What a path given to `analyze` or `report` is: a session dir (its proc_trace.jsonl and
 * summary.json), a finalized `proc_trace.jsonl`, a tmpfs trace `{prefix}_trace_{pid}.jsonl`
 * (pid from the name, expected comm from the enrollment sidecar beside it), or any other NDJSON
 * trace file.
 */
import {readFile, stat} from 'node:fs/promises'
import {basename, dirname, join, resolve} from 'node:path'
import {describeErrno, errnoCode, InputNotFoundError, InputUnreadableError} from '../errors.js'
import {EnrollmentSchema, launchOf, type Enrollment} from '../model/enrollment.js'
import {SummaryReadSchema, type SummaryRead} from '../model/summary.js'
import {describeZodError} from '../model/validate.js'
import {SUMMARY_FILE, TRACE_FILE} from '../store/layout.js'
import {enrollmentPathFor, parseTraceFileName} from '../store/tmpfs-layout.js'

export type InputKind = 'session' | 'trace' | 'tmpfs'

export interface ResolvedInput {
  kind: InputKind
  /** The path as the user gave it, made absolute. */
  path: string
  tracePath: string
  /**
   * A session dir without proc_trace.jsonl: a crashed trace that had no readable snapshot is
   * finalized as summary.json alone (as the existing tracer does). Read as zero rows.
   */
  traceMissing?: boolean
  sessionDir?: string
  summary?: SummaryRead
  /** summary.json as read, unknown fields included (for `--write`). */
  rawSummary?: Record<string, unknown>
  enrollment?: Enrollment
  pid?: number
  expectedComm?: string
  /** A tmpfs trace's launch rows, from its sidecar (finalized rows carry `phase` themselves). */
  launchRows?: number
  /** Problems with side files that did not stop the analysis. */
  warnings: string[]
}

export async function resolveTraceInput(path: string): Promise<ResolvedInput> {
  const absolute = resolve(path)
  const info = await statOrThrow(absolute)
  if (info.isDirectory()) return resolveSessionDir(absolute, absolute)
  if (!info.isFile()) throw new InputUnreadableError(absolute, 'not a regular file')
  const name = basename(absolute)
  if (name === TRACE_FILE) {
    const dir = dirname(absolute)
    return (await isFile(join(dir, SUMMARY_FILE))) ? resolveSessionDir(dir, absolute) : {kind: 'trace', path: absolute, tracePath: absolute, warnings: []}
  }
  const tmpfs = parseTraceFileName(name)
  if (tmpfs?.pid !== undefined) return resolveTmpfsTrace(absolute, tmpfs.prefix, tmpfs.pid)
  return {kind: 'trace', path: absolute, tracePath: absolute, warnings: notAPidWarning(name)}
}

async function resolveSessionDir(dir: string, path: string): Promise<ResolvedInput> {
  const tracePath = join(dir, TRACE_FILE)
  const summaryPath = join(dir, SUMMARY_FILE)
  const traceMissing = !(await isFile(tracePath))
  if (traceMissing && !(await isFile(summaryPath))) throw new InputNotFoundError(tracePath, 'session trace', undefined)
  const result: ResolvedInput = {kind: 'session', path, tracePath, sessionDir: dir, warnings: [], ...(traceMissing ? {traceMissing} : {})}
  const raw = await readJson(summaryPath, result.warnings)
  if (raw !== undefined) {
    const parsed = SummaryReadSchema.safeParse(raw)
    if (parsed.success) {
      result.summary = parsed.data
      result.rawSummary = raw as Record<string, unknown>
      if (typeof parsed.data.pid === 'number') result.pid = parsed.data.pid
      if (parsed.data.tracked_comm) result.expectedComm = parsed.data.tracked_comm
      // Only a session that recorded nothing may lack its trace; otherwise rows were lost.
      const counted = parsed.data.snapshot_count
      if (traceMissing && counted !== 0) result.warnings.push(`${tracePath}: missing${counted === undefined ? '' : ` (the summary counts ${counted} snapshots)`}`)
    } else {
      result.warnings.push(`${describeZodError(summaryPath, parsed.error)} (summary ignored)`)
    }
  }
  return result
}

/**
 * A tmpfs-shaped name whose pid part is no pid (`…_trace_007.jsonl`, a 23-digit number): the same
 * parser as recover's refuses it, so it is read as a plain trace, and the user is told why.
 */
function notAPidWarning(name: string): string[] {
  const at = name.lastIndexOf('_trace_')
  const shaped = at > 0 ? parseTraceFileName(name, [name.slice(0, at)]) : undefined
  return shaped === undefined ? [] : [`the pid part of the name, ${JSON.stringify(shaped.pidText)}, is not a pid: read as a plain trace (give --pid), sidecar not read`]
}

async function resolveTmpfsTrace(path: string, prefix: string, pid: number): Promise<ResolvedInput> {
  const result: ResolvedInput = {kind: 'tmpfs', path, tracePath: path, pid, warnings: []}
  const sidecarPath = enrollmentPathFor(dirname(path), pid, prefix)
  const raw = await readJson(sidecarPath, result.warnings, {missingIsFine: true})
  if (raw === undefined) return result
  const parsed = EnrollmentSchema.safeParse(raw)
  if (!parsed.success) {
    result.warnings.push(`${describeZodError(sidecarPath, parsed.error)} (sidecar ignored)`)
    return result
  }
  result.enrollment = parsed.data
  if (parsed.data.comm) result.expectedComm = parsed.data.comm
  // A sidecar with launch information names the settled program and the rows of its launch.
  const launch = launchOf(parsed.data)
  if (launch !== undefined) {
    if (launch.settledComm !== '') result.expectedComm = launch.settledComm
    result.launchRows = launch.launchRows
  }
  return result
}

/** Reads a JSON side file; problems become warnings, because the trace itself is still usable. */
async function readJson(path: string, warnings: string[], options: {missingIsFine?: boolean} = {}): Promise<unknown> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') {
      if (!options.missingIsFine) warnings.push(`${path}: missing`)
    } else warnings.push(`${path}: ${describeErrno(error)}`)
    return undefined
  }
  try {
    return JSON.parse(text)
  } catch (error) {
    warnings.push(`${path}: not valid JSON (${(error as Error).message})`)
    return undefined
  }
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isFile(), () => false)
}

async function statOrThrow(path: string) {
  try {
    return await stat(path)
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') throw new InputNotFoundError(path, 'path', error)
    throw new InputUnreadableError(path, describeErrno(error), error)
  }
}
