/**
 * The error taxonomy of trace-doctor. Every failure a user can meet is one of these classes:
 * each has a stable `code` (printed by `--json`), an exit code scripts can rely on, and keeps
 * the underlying `cause`. Anything else that escapes is a bug.
 *
 * Exit codes: 0 ran, 1 findings or a remote refusal, 2 usage or unreadable input,
 * 3 the workload could not be resolved (trace).
 */
export type ErrorCode =
  | 'E_USAGE'
  | 'E_INPUT_NOT_FOUND'
  | 'E_INPUT_UNREADABLE'
  | 'E_INPUT_INVALID'
  | 'E_UNSAFE_NAME'
  | 'E_STORE'
  | 'E_OUTPUT_WRITE'
  | 'E_LOCKED'
  | 'E_PROCESS_GONE'
  | 'E_PROC_ACCESS'
  | 'E_PROC_PARSE'
  | 'E_RESOLVE'
  | 'E_SPAWN'
  | 'E_GITHUB'
  | 'E_AUTH'
  | 'E_CLICKHOUSE'

export const EXIT = {ok: 0, findings: 1, usage: 2, resolve: 3} as const

export class TraceDoctorError extends Error {
  readonly code: ErrorCode
  readonly exitCode: number
  /** Optional second line telling the user what to do about it. */
  readonly hint?: string

  constructor(message: string, options: {code: ErrorCode; exitCode?: number; hint?: string; cause?: unknown}) {
    super(message, options.cause === undefined ? undefined : {cause: options.cause})
    this.name = new.target.name
    this.code = options.code
    this.exitCode = options.exitCode ?? EXIT.usage
    if (options.hint !== undefined) this.hint = options.hint
  }
}

/** Thrown when the user asked for something that cannot work (conflicting flags, bad values). */
export class UsageError extends TraceDoctorError {
  constructor(message: string, hint?: string) {
    super(message, {code: 'E_USAGE', exitCode: EXIT.usage, ...(hint === undefined ? {} : {hint})})
  }
}

/** Thrown when an input path given by the user does not exist. */
export class InputNotFoundError extends TraceDoctorError {
  constructor(readonly path: string, what = 'input', cause?: unknown) {
    super(`${what} not found: ${path}`, {code: 'E_INPUT_NOT_FOUND', cause})
  }
}

/** Thrown when an input exists but cannot be read (permissions, not a regular file, I/O error). */
export class InputUnreadableError extends TraceDoctorError {
  constructor(readonly path: string, reason: string, cause?: unknown) {
    super(`cannot read ${path}: ${reason}`, {code: 'E_INPUT_UNREADABLE', cause})
  }
}

/** Thrown when a whole input (not one line of it) is not in the expected format. */
export class InputInvalidError extends TraceDoctorError {
  constructor(readonly path: string, reason: string, cause?: unknown) {
    super(`${path}: ${reason}`, {code: 'E_INPUT_INVALID', cause})
  }
}

/** Thrown when a name that would become a file or directory name could escape its parent dir. */
export class UnsafeNameError extends TraceDoctorError {
  constructor(readonly unsafeName: string, reason: string) {
    super(`unsafe name ${JSON.stringify(unsafeName)}: ${reason}`, {code: 'E_UNSAFE_NAME'})
  }
}

/** Thrown when the session store (log dir) cannot be written or is in a state we cannot repair. */
export class StoreError extends TraceDoctorError {
  constructor(message: string, cause?: unknown) {
    super(message, {code: 'E_STORE', exitCode: EXIT.usage, cause})
  }
}

/** Thrown when an output file the user asked for (or its default place) cannot be written. */
export class OutputWriteError extends TraceDoctorError {
  constructor(readonly path: string, reason: string, cause?: unknown) {
    super(`cannot write ${path}: ${reason}`, {code: 'E_OUTPUT_WRITE', exitCode: EXIT.usage, cause})
  }
}

/** Thrown when a lock could not be taken within its deadline. */
export class LockTimeoutError extends TraceDoctorError {
  constructor(readonly lockPath: string, waitedMs: number) {
    super(`could not lock ${lockPath} within ${waitedMs} ms`, {
      code: 'E_LOCKED',
      hint: 'another trace-doctor is writing the same log dir; if none is running, remove the lock dir',
    })
  }
}

// --- fleet (ship to ClickHouse) ---

/**
 * Thrown when the ClickHouse server cannot be reached, refuses the credentials, or holds a
 * table of another shape than trace-doctor's. Nothing is marked as shipped when it is thrown.
 */
export class FleetServerError extends TraceDoctorError {
  constructor(message: string, options: {hint?: string; cause?: unknown} = {}) {
    super(message, {code: 'E_CLICKHOUSE', exitCode: EXIT.usage, ...options})
  }
}

/** Returns the errno code of a Node system error, or undefined. */
export function errnoCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') return error.code
  return undefined
}

/** A Node errno error in words a user can act on; anything else by its message. */
export function describeErrno(error: unknown): string {
  switch (errnoCode(error)) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied'
    case 'EISDIR':
      return 'is a directory'
    case 'ENOENT':
      return 'no such file'
    case 'ELOOP':
      return 'is a symbolic link'
    case 'EROFS':
      return 'read-only file system'
    case 'ENOTDIR':
      return 'a part of the path is not a directory'
    case 'ENOSPC':
      return 'no space left on device'
    default:
      return error instanceof Error ? error.message : String(error)
  }
}

/**
 * A thrown error as plain data, to cross a worker thread's message port: structured clone keeps
 * no class, so a worker sends this and the parent rebuilds the error it would have thrown inline.
 */
export interface ErrorData {
  name: string
  message: string
  code?: string
  exitCode?: number
  hint?: string
  isTraceDoctorError: boolean
}

export function toErrorData(error: unknown): ErrorData {
  const e = error as {name?: string; message?: string; code?: unknown; exitCode?: number; hint?: string}
  return {
    name: e.name ?? 'Error',
    message: e.message ?? String(error),
    isTraceDoctorError: error instanceof TraceDoctorError,
    ...(typeof e.code === 'string' ? {code: e.code} : {}),
    ...(e.exitCode === undefined ? {} : {exitCode: e.exitCode}),
    ...(e.hint === undefined ? {} : {hint: e.hint}),
  }
}

/** The error a worker's ErrorData stands for: a user-facing error keeps its code, exit code and hint. */
export function fromErrorData(e: ErrorData): Error {
  if (e.isTraceDoctorError && e.code !== undefined) {
    const revived = new TraceDoctorError(e.message, {code: e.code as ErrorCode, ...(e.exitCode === undefined ? {} : {exitCode: e.exitCode}), ...(e.hint === undefined ? {} : {hint: e.hint})})
    revived.name = e.name
    return revived
  }
  return Object.assign(new Error(e.message), {name: e.name, ...(e.code === undefined ? {} : {code: e.code}), ...(e.exitCode === undefined ? {} : {exitCode: e.exitCode})})
}
