/**
 * The built CLI as a live child, for tests that signal or kill it mid-run (runCli in
 * test/helpers/cli.ts only returns at the end).
 */
import {spawn, type ChildProcess} from 'node:child_process'
import {existsSync, readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {BIN, PROJECT_ROOT, type CliResult} from '../helpers/cli.js'

export interface LiveCli {
  child: ChildProcess
  result: Promise<CliResult>
}

export function startCli(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 30_000): LiveCli {
  const child = spawn(process.execPath, [BIN, ...args], {cwd: PROJECT_ROOT, env: {...process.env, NO_COLOR: '1', ...env}, stdio: ['pipe', 'pipe', 'pipe']})
  let stdout = ''
  let stderr = ''
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d))
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d))
  child.stdin!.end()
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
  // On 'exit', not 'close': after a SIGKILL the orphaned workload still holds the stdio pipes open.
  const result = new Promise<CliResult>((resolve) =>
    child.on('exit', (code, signal) => {
      clearTimeout(timer)
      const done = (): void => resolve({code, signal, stdout, stderr})
      const grace = setTimeout(done, 200)
      child.on('close', () => {
        clearTimeout(grace)
        done()
      })
    }),
  )
  return {child, result}
}

/** Waits until the tmpfs dir holds a trace with at least `lines` snapshot lines; returns its path. */
export async function waitForTrace(dir: string, lines: number, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const name = existsSync(dir) ? readdirSync(dir).find((n) => /^trace-doctor_trace_\d+\.jsonl$/.test(n)) : undefined
    if (name !== undefined) {
      const path = join(dir, name)
      const text = readFileSync(path, 'utf8')
      if (text.split('\n').length - 1 >= lines) return path
    }
    await new Promise((r) => setTimeout(r, 20))
  }
  throw new Error(`no trace with ${lines} lines in ${dir} after ${timeoutMs} ms`)
}

/** Pids of live processes whose argv is exactly `argv`. */
export function pidsRunning(argv: string[]): number[] {
  const wanted = argv.join('\0') + '\0'
  const found: number[] = []
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      if (readFileSync(`/proc/${name}/cmdline`, 'utf8') === wanted) found.push(Number(name))
    } catch {
      // gone
    }
  }
  return found
}
