/**
 * What a path given to `analyze` or `report` is: a session dir (its proc_trace.jsonl and
 * summary.json), a finalized `proc_trace.jsonl`, a tmpfs trace `{prefix}_trace_{pid}.jsonl`
 * (pid from the name, expected comm from the enrollment sidecar beside it), or any other NDJSON
 * trace file.
 */
import {readFile, stat} from 'node:fs/promises'
import {basename, dirname, join, resolve} from 'node:path'
import {errnoCode, InputNotFoundError, InputUnreadableError} from '../errors.js'
import {describeErrno} from '../io/ndjson-reader.js'
import {EnrollmentSchema, type Enrollment} from '../model/enrollment.js'
import {SummaryReadSchema, type SummaryRead} from '../model/summary.js'
import {describeZodError} from '../model/validate.js'
import {SUMMARY_FILE, TRACE_FILE} from '../store/layout.js'
import {enrollmentFileName, parseTraceFileName, type TraceFileName} from '../store/tmpfs-layout.js'

export type InputKind = 'session' | 'trace' | 'tmpfs'

export interface ResolvedInput {
  kind: InputKind
  /** The path as the user gave it, made absolute. */
  path: string
  tracePath: string
  sessionDir?: string
  summary?: SummaryRead
  /** summary.json as read, unknown fields included (for `--write`). */
  rawSummary?: Record<string, unknown>
  enrollment?: Enrollment
  pid?: number
  expectedComm?: string
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
    const hasSummary = await stat(join(dir, SUMMARY_FILE)).then((s) => s.isFile(), () => false)
    return hasSummary ? resolveSessionDir(dir, absolute) : {kind: 'trace', path: absolute, tracePath: absolute, warnings: []}
  }
  const tmpfs = parseTraceFileName(name)
  if (tmpfs) return resolveTmpfsTrace(absolute, tmpfs)
  return {kind: 'trace', path: absolute, tracePath: absolute, warnings: []}
}

async function resolveSessionDir(dir: string, path: string): Promise<ResolvedInput> {
  const tracePath = join(dir, TRACE_FILE)
  const traceInfo = await stat(tracePath).catch(() => undefined)
  if (traceInfo === undefined) {
    throw new InputNotFoundError(tracePath, 'session trace', undefined)
  }
  const result: ResolvedInput = {kind: 'session', path, tracePath, sessionDir: dir, warnings: []}
  const summaryPath = join(dir, SUMMARY_FILE)
  const raw = await readJson(summaryPath, result.warnings)
  if (raw !== undefined) {
    const parsed = SummaryReadSchema.safeParse(raw)
    if (parsed.success) {
      result.summary = parsed.data
      result.rawSummary = raw as Record<string, unknown>
      if (typeof parsed.data.pid === 'number') result.pid = parsed.data.pid
      if (parsed.data.tracked_comm) result.expectedComm = parsed.data.tracked_comm
    } else {
      result.warnings.push(`${describeZodError(summaryPath, parsed.error)} (summary ignored)`)
    }
  }
  return result
}

async function resolveTmpfsTrace(path: string, {prefix, pidText, pid}: TraceFileName): Promise<ResolvedInput> {
  if (pid === undefined) {
    // The same parser as recover's: `007` or a 23-digit number is no pid, and its sidecar is not trusted.
    return {kind: 'tmpfs', path, tracePath: path, warnings: [`the pid part of the name, ${JSON.stringify(pidText)}, is not a pid: pid unknown (give --pid), sidecar not read`]}
  }
  const result: ResolvedInput = {kind: 'tmpfs', path, tracePath: path, pid, warnings: []}
  const sidecarPath = join(dirname(path), enrollmentFileName(prefix, pid))
  const raw = await readJson(sidecarPath, result.warnings, {missingIsFine: true})
  if (raw === undefined) return result
  const parsed = EnrollmentSchema.safeParse(raw)
  if (!parsed.success) {
    result.warnings.push(`${describeZodError(sidecarPath, parsed.error)} (sidecar ignored)`)
    return result
  }
  result.enrollment = parsed.data
  if (parsed.data.comm) result.expectedComm = parsed.data.comm
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

async function statOrThrow(path: string) {
  try {
    return await stat(path)
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') throw new InputNotFoundError(path, 'path', error)
    throw new InputUnreadableError(path, describeErrno(error), error)
  }
}
