import {spawn} from 'node:child_process'
import {once} from 'node:events'
import {describe, expect, it} from 'vitest'
import {ProcessGoneError} from '../../src/procfs/errors.js'
import {OpenProcFile} from '../../src/procfs/read-proc-file.js'
import {execFileSync} from 'node:child_process'
import {parseAuxv, readSystemInfo} from '../../src/procfs/system-info.js'

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
  /** An auxiliary vector of (type, value) words, AT_NULL-terminated. */
  function auxv(pairs: Array<[number, number]>, wordBytes: 4 | 8, littleEndian: boolean): Uint8Array {
    const view = new DataView(new ArrayBuffer((pairs.length + 1) * 2 * wordBytes))
    pairs.forEach(([type, value], i) => {
      const at = i * 2 * wordBytes
      if (wordBytes === 8) {
        view.setBigUint64(at, BigInt(type), littleEndian)
        view.setBigUint64(at + 8, BigInt(value), littleEndian)
      } else {
        view.setUint32(at, type, littleEndian)
        view.setUint32(at + 4, value, littleEndian)
      }
    })
    return new Uint8Array(view.buffer)
  }

  it('parses AT_CLKTCK and AT_PAGESZ from an auxiliary vector of either word size and byte order', () => {
    const pairs: Array<[number, number]> = [[33, 0x7fff0000], [6, 16384], [17, 250], [3, 0x400040]]
    for (const [word, le] of [[8, true], [8, false], [4, true], [4, false]] as const) {
      expect(parseAuxv(auxv(pairs, word, le), word, le)).toEqual({ticksPerSecond: 250, pageSize: 16384})
    }
  })

  it('falls back to the Linux defaults on an empty, truncated or nonsensical vector, and stops at AT_NULL', () => {
    expect(parseAuxv(new Uint8Array(0), 8, true)).toEqual({ticksPerSecond: 100, pageSize: 4096})
    expect(parseAuxv(auxv([[6, 3000], [17, 0]], 8, true), 8, true)).toEqual({ticksPerSecond: 100, pageSize: 4096})
    expect(parseAuxv(auxv([[0, 0], [6, 65536]], 8, true), 8, true)).toEqual({ticksPerSecond: 100, pageSize: 4096})
    expect(parseAuxv(auxv([[6, 65536]], 8, true).subarray(0, 12), 8, true)).toEqual({ticksPerSecond: 100, pageSize: 4096})
  })

  it('reads this host as getconf does', () => {
    const info = readSystemInfo()
    const [ticks, page] = execFileSync('/bin/sh', ['-c', 'getconf CLK_TCK; getconf PAGESIZE'], {encoding: 'utf8'}).trim().split('\n').map(Number)
    expect(info.ticksPerSecond).toBe(ticks)
    expect(info.pageSize).toBe(page)
    expect(info.bootId).toMatch(/^[0-9a-f-]{36}$/)
  })
})
