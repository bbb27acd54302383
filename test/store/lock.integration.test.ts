import {spawn} from 'node:child_process'
import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {LockTimeoutError} from '../../src/errors.js'
import {withLock} from '../../src/store/lock.js'
import {tempDir} from '../helpers/temp-dir.js'

describe('withLock', () => {
  it('excludes: critical sections never overlap', async () => {
    const lock = join(tempDir(), 'l.lock')
    let inside = 0
    let maxInside = 0
    await Promise.all(Array.from({length: 20}, () => withLock(lock, async () => {
      maxInside = Math.max(maxInside, ++inside)
      await new Promise((r) => setTimeout(r, 2))
      inside--
    })))
    expect(maxInside).toBe(1)
  })

  it('breaks a lock whose owner pid is dead, and times out on a live one', async () => {
    const dir = tempDir()
    const child = spawn('true')
    await new Promise((r) => child.on('exit', r))
    const lock = join(dir, 'dead.lock')
    mkdirSync(lock)
    writeFileSync(join(lock, 'owner'), `${child.pid} abc`)
    expect(await withLock(lock, async () => 'got it', {timeoutMs: 2000})).toBe('got it')
    const held = join(dir, 'held.lock')
    mkdirSync(held)
    writeFileSync(join(held, 'owner'), `${process.pid} other`)
    await expect(withLock(held, async () => 1, {timeoutMs: 200})).rejects.toBeInstanceOf(LockTimeoutError)
  })
})
