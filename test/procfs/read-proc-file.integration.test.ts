import {spawn} from 'node:child_process'
import {once} from 'node:events'
import {describe, expect, it} from 'vitest'
import {ProcessGoneError} from '../../src/procfs/errors.js'
import {OpenProcFile} from '../../src/procfs/read-proc-file.js'
import {parseGetconf, readSystemInfo} from '../../src/procfs/system-info.js'

describe('OpenProcFile', () => {
  it('re-reads a live file from offset 0, then fails with ProcessGoneError once the process is gone', async () => {
    const child = spawn('sleep', ['30'], {stdio: 'ignore'})
    await once(child, 'spawn')
    const file = new OpenProcFile(`/proc/${child.pid}/stat`, child.pid!)
    const first = file.readText()
    expect(first.startsWith(`${child.pid} (sleep) `)).toBe(true)
    expect(file.readText()).toMatch(new RegExp(`^${child.pid} \\(sleep\\) `))
    child.kill('SIGKILL')
    await once(child, 'exit')
    expect(() => file.readText()).toThrow(ProcessGoneError)
    file.close()
  })

  it('grows its buffer for files larger than 4 KiB', () => {
    const file = new OpenProcFile('/proc/self/maps', process.pid, {singleRecord: false})
    const text = file.readText()
    expect(text.length).toBeGreaterThan(4096)
    expect(text.endsWith('\n')).toBe(true)
    expect(text.split('\n').length).toBeGreaterThan(50)
    expect(file.readText()).toBe(text) // a re-read from 0 gives the same map
    file.close()
  })

  it('throws ProcessGoneError for a pid that does not exist', () => {
    expect(() => new OpenProcFile('/proc/999999999/stat', 999999999)).toThrow(ProcessGoneError)
  })
})

describe('system info', () => {
  it('parses getconf output and falls back to Linux defaults', () => {
    expect(parseGetconf('250\n16384\n')).toEqual({ticksPerSecond: 250, pageSize: 16384})
    expect(parseGetconf('')).toEqual({ticksPerSecond: 100, pageSize: 4096})
  })
  it('reads this host', () => {
    const info = readSystemInfo()
    expect(info.ticksPerSecond).toBe(100)
    expect([4096, 16384, 65536]).toContain(info.pageSize)
    expect(info.bootId).toMatch(/^[0-9a-f-]{36}$/)
  })
})
