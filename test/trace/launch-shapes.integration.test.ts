/**
 * Issue 9, for real: every launch shape (a `#!/usr/bin/env node` CLI, a `#!/bin/sh` shim that
 * execs python3, `env VAR=1 tool`, `sh -c 'exec tool'`, `python3 script.py`, `node script.js`, a
 * direct binary) is traced as itself, spawned plainly, under `--pty`, and attached with `--pid`
 * while its chain still runs — REPEAT times each under a CPU hog, without a miss. The tracer runs
 * in-process (runTrace, what `trace` calls) so that hundreds of runs stay fast; the CLI end to
 * end, with SIGKILL and `recover`, is in launch-recover.integration.test.ts.
 */
import {spawn} from 'node:child_process'
import {once} from 'node:events'
import {existsSync, mkdtempSync, readdirSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {runTrace} from '../../src/trace/run-trace.js'
import {expectTracedAsItself, makeShapeBin, pool, readAnomalies, startCpuHog, type ShapeBin} from './launch-shapes.js'

/** Runs per shape and mode (issue 9: 20). TD_LAUNCH_REPEAT lowers it for a quick local loop. */
const REPEAT = Number(process.env['TD_LAUNCH_REPEAT'] ?? 20)
/** Traces at once: enough to keep the run short, few enough not to starve the hog's victims. */
const WIDTH = 4
const SECONDS = 0.5

let bin: ShapeBin
let hog: {stop(): void}
let work: string
const savedPath = process.env['PATH']
const savedShell = process.env['SHELL']

beforeAll(() => {
  bin = makeShapeBin()
  process.env['PATH'] = bin.path // runTrace spawns with this process's environment
  // tmpfs for the traces and the log dir: finalization fsyncs, and on a loaded disk one fsync
  // would block the shared event loop of the traces running beside it.
  work = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'td-launch-'))
  hog = startCpuHog()
})

afterAll(() => {
  hog.stop()
  process.env['PATH'] = savedPath
  if (savedShell === undefined) delete process.env['SHELL']
  else process.env['SHELL'] = savedShell
  bin.remove()
  rmSync(work, {recursive: true, force: true})
})

function options(extra: {command?: string[]; attachPid?: number; pty?: boolean}) {
  const dir = mkdtempSync(join(work, 'run-'))
  return {
    pty: false,
    ...extra,
    intervalSeconds: 0.05,
    // Resolution under a hog can take long; a slow resolution is not what this test is about.
    resolveTimeoutMs: 20_000,
    tmpfsDir: dir,
    sessionId: '',
    logDir: join(dir, 'logs'),
    cwd: dir,
    warn: () => undefined,
  }
}

const SHAPE_NAMES = ['#!/usr/bin/env node CLI', '#!/bin/sh shim that execs python3', 'env VAR=1 tool', "sh -c 'exec tool'", 'python3 script.py', 'node script.js', 'a direct binary']

describe.each(SHAPE_NAMES)('%s', (shapeName) => {
  const shape = () => bin.shapes.find((s) => s.name === shapeName)!

  // `script` runs $SHELL -c CMD, or /bin/sh when SHELL is unset (as under most supervisors): bash
  // execs a lone command, dash forks it and stays between the wrapper and the workload.
  it.each([
    ['spawned', false, savedShell],
    ['under --pty with SHELL unset (/bin/sh)', true, undefined],
    ['under --pty with SHELL=/bin/bash', true, '/bin/bash'],
  ])(`is traced as itself when %s, ${REPEAT} times under a CPU hog`, async (label, pty, shell) => {
    const {argv, comm} = shape()
    if (shell === undefined) delete process.env['SHELL']
    else process.env['SHELL'] = shell
    await pool(
      WIDTH,
      Array.from({length: REPEAT}, (_, i) => async () => {
        const result = await runTrace(options({command: argv(SECONDS), pty}))
        expect(result.exit_code, `${shapeName} ${label} run ${i}`).toBe(0)
        expectTracedAsItself(result.session_dir, comm, `${shapeName} ${label} run ${i}`, {spawned: true})
        expect(readdirSync(join(result.session_dir, '..', '..', '..')).filter((n) => n.startsWith('trace-doctor_'))).toEqual([])
      }),
    )
  })

  it(`is traced as itself when attached with --pid while its chain still runs, ${REPEAT} times under a CPU hog`, async () => {
    const {argv, comm} = shape()
    await pool(
      WIDTH,
      Array.from({length: REPEAT}, (_, i) => async () => {
        const [program, ...args] = argv(SECONDS + 0.2)
        const child = spawn(program!, args, {stdio: 'ignore'})
        await once(child, 'spawn')
        const exited = once(child, 'exit')
        try {
          const result = await runTrace(options({attachPid: child.pid!}))
          // Attached: the process is not trace-doctor's child here in spirit; a zombie row is allowed.
          expectTracedAsItself(result.session_dir, comm, `${shapeName} attached run ${i}`, {spawned: false})
        } finally {
          await exited
        }
      }),
    )
  })
})

describe('a spawned workload exit', () => {
  it(`trace -- true, ${REPEAT} times: no zombie anomaly (the zombie is the child between its exit and the reap)`, async () => {
    await pool(
      WIDTH,
      Array.from({length: REPEAT}, (_, i) => async () => {
        const result = await runTrace(options({command: ['true']}))
        expect(result.exit_code).toBe(0)
        expect(result.summary.snapshot_count, `run ${i}`).toBeGreaterThanOrEqual(1) // an instant command is still caught
        expect(readAnomalies(result.session_dir).map((a) => a['kind']), `run ${i}`).toEqual([])
      }),
    )
  })
})
