import {spawnSync} from 'node:child_process'
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {LEDGER_FILE, LEDGER_LOCK, ledgerKey, lookupLedger, recordLedger, withLedgerLock} from '../../src/github/ledger.js'
import {tempDir} from '../helpers/temp-dir.js'

describe('ledger', () => {
  it('records and forgets fingerprints per API host and repo', async () => {
    const dir = tempDir()
    const key = ledgerKey('https://api.github.com', 'a/b')
    expect(key).toBe('api.github.com/a/b')
    await recordLedger(dir, key, 'fp1', {number: 3, url: 'u', filed_at: 't'})
    expect(await lookupLedger(dir, key, 'fp1')).toEqual({number: 3, url: 'u', filed_at: 't'})
    expect(await lookupLedger(dir, ledgerKey('http://127.0.0.1:9', 'a/b'), 'fp1')).toBeUndefined()
    await recordLedger(dir, key, 'fp1', undefined)
    expect(await lookupLedger(dir, key, 'fp1')).toBeUndefined()
  })

  it('ignores a corrupt ledger and rewrites it whole', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, LEDGER_FILE), '{not json')
    expect(await lookupLedger(dir, 'k', 'fp')).toBeUndefined()
    await recordLedger(dir, 'k', 'fp', {number: 1, url: 'u', filed_at: 't'})
    expect(JSON.parse(readFileSync(join(dir, LEDGER_FILE), 'utf8')).repos.k.fp.number).toBe(1)
  })
})

describe('withLedgerLock', () => {
  it('runs concurrent critical sections one at a time', async () => {
    const dir = tempDir()
    let inside = 0
    let maxInside = 0
    await Promise.all(
      Array.from({length: 5}, () =>
        withLedgerLock(dir, async () => {
          inside++
          maxInside = Math.max(maxInside, inside)
          await new Promise((r) => setTimeout(r, 20))
          inside--
        }),
      ),
    )
    expect(maxInside).toBe(1)
  })

  it('takes over a lock whose owner process is gone', async () => {
    const dir = tempDir()
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString()
    mkdirSync(join(dir, LEDGER_LOCK))
    writeFileSync(join(dir, LEDGER_LOCK, 'owner'), `${Number(dead)} deadbeef`)
    expect(await withLedgerLock(dir, async () => 'ran', {timeoutMs: 2000})).toBe('ran')
  })

  it('times out on a live, fresh lock', async () => {
    const dir = tempDir()
    mkdirSync(join(dir, LEDGER_LOCK))
    writeFileSync(join(dir, LEDGER_LOCK, 'owner'), `${process.pid} cafe`)
    await expect(withLedgerLock(dir, async () => 'ran', {timeoutMs: 200})).rejects.toThrow(/could not lock/)
  })
})
