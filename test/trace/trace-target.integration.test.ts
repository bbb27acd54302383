import {spawn} from 'node:child_process'
import {once} from 'node:events'
import {chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {setTimeout as sleep} from 'node:timers/promises'
import {describe, expect, it} from 'vitest'
import {TargetNotFoundError} from '../../src/trace/errors.js'
import {killTree, launch} from '../../src/trace/launch.js'
import {shellQuote} from '../../src/trace/shell-quote.js'
import {resolveAttachedTarget, resolveDescendantTarget, resolvePtyTarget, resolveSpawnedTarget} from '../../src/trace/trace-target.js'
import {FIXTURE_PROC} from '../procfs/fixture-root.js'

describe('resolvers on a fixture tree', () => {
  it('PTY mode finds the workload under the wrapper, never the wrapper', async () => {
    const target = await resolvePtyTarget(74720, 'claude', 200, FIXTURE_PROC)
    expect(target).toMatchObject({pid: 74721, comm: 'claude', cmdline: ['/usr/local/bin/claude', '--print', 'hi'], starttimeTicks: 49312, via: 'pty'})
    expect(target.resolvedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$/)
  })

  it('PTY mode does not take the wrapper even when it bears the name', async () => {
    await expect(resolvePtyTarget(74720, 'script', 60, FIXTURE_PROC)).rejects.toThrow(TargetNotFoundError)
  })

  it('a miss carries the root pid and the expected basename', async () => {
    const error = await resolveDescendantTarget(74718, 'codex', {timeoutMs: 60, root: FIXTURE_PROC}).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TargetNotFoundError)
    expect(error).toMatchObject({rootPid: 74718, expected: 'codex', exitCode: 3, code: 'E_RESOLVE'})
    expect((error as Error).message).toContain('"codex" under pid 74718')
  })

  it('matches the adversarial comm exactly', async () => {
    const target = await resolveDescendantTarget(74718, ') R 1 (evil', {timeoutMs: 60, root: FIXTURE_PROC})
    expect(target.pid).toBe(74719)
  })

  it('attach without --expect takes the pid itself; a missing pid is a resolution miss', async () => {
    expect((await resolveAttachedTarget(74718, undefined, 0, FIXTURE_PROC)).comm).toBe('((bash process)')
    await expect(resolveAttachedTarget(12345, undefined, 0, FIXTURE_PROC)).rejects.toMatchObject({exitCode: 3})
  })
})

describe('PTY resolution in the exec window', () => {
  /** A fake /proc: the wrapper `script` and, under it, its shell caught mid-exec (new comm, argv not yet set). */
  function fakeProc(child: {comm: string; cmdline: string[]}): string {
    const root = mkdtempSync(join(tmpdir(), 'td-fakeproc-'))
    const proc = (pid: number, ppid: number, comm: string, cmdline: string[], children: number[]) => {
      const dir = join(root, String(pid))
      mkdirSync(join(dir, 'task', String(pid)), {recursive: true})
      writeFileSync(join(dir, 'stat'), `${pid} (${comm}) S ${ppid} ${pid} ${pid} 0 -1 4194560 0 0 0 0 1 2 0 0 20 0 1 0 ${1000 + pid} 8179056 463 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n`)
      writeFileSync(join(dir, 'cmdline'), cmdline.map((a) => `${a}\0`).join(''))
      writeFileSync(join(dir, 'task', String(pid), 'children'), children.map((c) => `${c} `).join(''))
    }
    proc(500, 1, 'script', ['script', '-qefc', "sh -c 'exec sleep 5'", '/dev/null'], [501])
    proc(501, 500, child.comm, child.cmdline, [])
    return root
  }

  it("never takes the wrapper's shell for a CMD named sh while its argv reads empty", async () => {
    const root = fakeProc({comm: 'sh', cmdline: []})
    try {
      await expect(resolvePtyTarget(500, ['sh', 'sleep'], 150, root, "sh -c 'exec sleep 5'")).rejects.toThrow(TargetNotFoundError)
    } finally {
      rmSync(root, {recursive: true, force: true})
    }
  })

  it('takes the inner sh once its argv says it is CMD, not the wrapper\'s shell', async () => {
    const root = fakeProc({comm: 'sh', cmdline: ['sh', '-c', 'exec sleep 5']})
    try {
      expect((await resolvePtyTarget(500, ['sh', 'sleep'], 150, root, "sh -c 'exec sleep 5'")).pid).toBe(501)
    } finally {
      rmSync(root, {recursive: true, force: true})
    }
  })
})

describe('resolvers on real processes', () => {
  it('resolves a spawned child by its exec\'d identity', async () => {
    const child = spawn('sleep', ['5'], {stdio: 'ignore'})
    await once(child, 'spawn')
    const target = resolveSpawnedTarget(child.pid!)
    expect(target).toMatchObject({pid: child.pid, comm: 'sleep', cmdline: ['sleep', '5'], via: 'spawned'})
    child.kill('SIGKILL')
  })

  it('resolves the workload behind script -qefc, not script', async () => {
    const launched = await launch(['sleep', '5'], {pty: true})
    try {
      const target = await resolvePtyTarget(launched.pid, 'sleep', 2000)
      expect(target.pid).not.toBe(launched.pid)
      expect(target.comm).toBe('sleep')
    } finally {
      killTree(launched.pid)
      await launched.exited
    }
  })

  // `script` runs $SHELL -c CMD, or /bin/sh when SHELL is unset (as under most supervisors). bash
  // execs a lone command; dash forks it and stays between the wrapper and the workload.
  describe.each([['SHELL unset (/bin/sh, dash: forks)', undefined], ['SHELL=/bin/bash (execs)', '/bin/bash']])('behind script with %s', (_label, shell) => {
    async function underPty<T>(command: string[], names: string[], check: (pid: number) => Promise<T>): Promise<T> {
      const saved = process.env['SHELL']
      if (shell === undefined) delete process.env['SHELL']
      else process.env['SHELL'] = shell
      const launched = await launch(command, {pty: true}) // spawn reads the environment now
      if (saved === undefined) delete process.env['SHELL']
      else process.env['SHELL'] = saved
      try {
        const target = await resolvePtyTarget(launched.pid, names, 3000, '/proc', shellQuote(command))
        return await check(target.pid)
      } finally {
        killTree(launched.pid)
        await launched.exited
      }
    }
    const settledComm = async (pid: number): Promise<string> => {
      await sleep(400) // past every exec of the chain
      return readFileSync(`/proc/${pid}/comm`, 'utf8').trim()
    }

    it("CMD `sh -c 'exec sleep 5'` is the inner sh that becomes sleep, never the wrapper's own sh", async () => {
      expect(await underPty(['sh', '-c', 'exec sleep 5'], ['sh', 'sleep'], settledComm)).toBe('sleep')
    })

    it('a shim that execs a program of another name is followed by what the shell runs it as', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'td-shim-'))
      try {
        const shim = join(dir, 'napshim')
        writeFileSync(shim, '#!/bin/sh\nsleep 0.2\nexec sleep "$@"\n') // the shim's own name is gone after 0.2 s
        chmodSync(shim, 0o755)
        expect(await underPty([shim, '5'], ['napshim-not-this-name'], settledComm)).toBe('sleep')
      } finally {
        rmSync(dir, {recursive: true, force: true})
      }
    })
  })

  it('polls until a late workload appears (every 50 ms)', async () => {
    const child = spawn('sh', ['-c', 'sleep 0.3; exec sleep 5'], {stdio: 'ignore'})
    await once(child, 'spawn')
    const started = performance.now()
    const target = await resolveDescendantTarget(child.pid!, 'sleep', {timeoutMs: 2000, includeRoot: true})
    expect(target.cmdline).toEqual(['sleep', '0.3'])
    expect(performance.now() - started).toBeLessThan(1000)
    killTree(child.pid!)
  })

  it('fails at once when the root exits', async () => {
    const child = spawn('true', [], {stdio: 'ignore'})
    await once(child, 'exit')
    const started = performance.now()
    await expect(resolveDescendantTarget(child.pid!, 'nope', {timeoutMs: 5000})).rejects.toThrow(/exited before "nope" appeared/)
    expect(performance.now() - started).toBeLessThan(500)
  })
})
