/**
 * Starting the workload: plainly, or wrapped in a pseudo-terminal as supervisors do
 * (`script -qefc "<quoted cmd>" /dev/null`; -q quiet, -e return the child's exit status,
 * -f flush, output typescript discarded). stdin/stdout/stderr are the terminal's.
 */
import {spawn, type ChildProcess} from 'node:child_process'
import {accessSync, constants} from 'node:fs'
import {delimiter, join} from 'node:path'
import {readDescendants} from '../procfs/descendants.js'
import {SpawnError} from './errors.js'
import {shellQuote} from './shell-quote.js'

export interface ChildExit {
  code: number | null
  signal: NodeJS.Signals | null
}

export interface Launched {
  child: ChildProcess
  pid: number
  /** Resolves once the child has exited and was reaped. */
  exited: Promise<ChildExit>
}

/** The first executable `name` on PATH, like `command -v`. */
export function findOnPath(name: string, path = process.env['PATH'] ?? ''): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (dir === '') continue
    const candidate = join(dir, name)
    try {
      accessSync(candidate, constants.X_OK)
      return candidate
    } catch {
      // not here
    }
  }
  return undefined
}

/** argv for running `command` under a PTY wrapper. */
export function ptyArgv(scriptPath: string, command: readonly string[]): string[] {
  return [scriptPath, '-qefc', shellQuote(command), '/dev/null']
}

export async function launch(command: readonly string[], options: {pty: boolean}): Promise<Launched> {
  let argv = [...command]
  if (options.pty) {
    const script = findOnPath('script')
    if (script === undefined) throw new SpawnError('--pty needs `script` (util-linux) on PATH, and it was not found', undefined, 'install util-linux (Debian: bsdutils), or trace without --pty')
    argv = ptyArgv(script, command)
  }
  const child = spawn(argv[0]!, argv.slice(1), {stdio: 'inherit', detached: false})
  const exited = new Promise<ChildExit>((resolve) => child.once('exit', (code, signal) => resolve({code, signal})))
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve)
    child.once('error', (error) => reject(spawnFailure(argv[0]!, error)))
  })
  return {child, pid: child.pid!, exited}
}

function spawnFailure(program: string, error: NodeJS.ErrnoException): SpawnError {
  if (error.code === 'ENOENT') return new SpawnError(`command not found: ${program}`, error)
  if (error.code === 'EACCES') return new SpawnError(`permission denied: ${program}`, error)
  return new SpawnError(`cannot start ${program}: ${error.message}`, error)
}

/** SIGKILLs `rootPid` and everything under it, deepest first (a PTY child lives in its own session, so a process-group kill would miss it). */
export function killTree(rootPid: number): void {
  const pids = [...readDescendants('/proc', rootPid).reverse(), rootPid]
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL')
    } catch {
      // already gone
    }
  }
}
