import {describe, expect, it} from 'vitest'
import {parsePidStatus, readPidStatus} from '../../src/procfs/pid-status.js'
import {FIXTURE_PROC} from './fixture-root.js'

describe('parsePidStatus', () => {
  it('reads threads, context switches, signal masks and memory lines', () => {
    expect(readPidStatus(FIXTURE_PROC, 74721)).toEqual({
      threads: 12,
      voluntaryCtxtSwitches: 1502,
      nonvoluntaryCtxtSwitches: 37,
      sigPnd: '0000000000000000',
      sigBlk: '0000000000010000',
      sigCgt: '0000000180004a07',
      rssAnonKb: 152000,
      vmRssKb: 190000,
    })
  })

  it('leaves memory fields out when the kernel prints none (zombies, kernel threads)', () => {
    const text = 'Name:\tz\nThreads:\t1\nSigPnd:\t0000000000000000\nSigBlk:\t0000000000000000\nSigCgt:\t0000000000000000\nvoluntary_ctxt_switches:\t3\nnonvoluntary_ctxt_switches:\t0\n'
    const status = parsePidStatus(text)
    expect(status.rssAnonKb).toBeUndefined()
    expect(status.vmRssKb).toBeUndefined()
    expect(status.voluntaryCtxtSwitches).toBe(3)
  })

  it('fails on a missing or malformed required line, naming it', () => {
    expect(() => parsePidStatus('Threads:\t1\n', '/proc/9/status')).toThrow(/\/proc\/9\/status: no 16-hex-digit "SigPnd:"/)
    expect(() => parsePidStatus(`Threads:\t1\nSigPnd:\t${'0'.repeat(16)}\nSigBlk:\t${'0'.repeat(16)}\nSigCgt:\t${'0'.repeat(16)}\n`)).toThrow(/no integer "voluntary_ctxt_switches:"/)
    const bad = 'Threads:\t1\nSigPnd:\txyz\nSigBlk:\t0000000000000000\nSigCgt:\t0000000000000000\nvoluntary_ctxt_switches:\t3\nnonvoluntary_ctxt_switches:\t0\n'
    expect(() => parsePidStatus(bad)).toThrow(/SigPnd/)
  })

  it('agrees with the real /proc/self/status', () => {
    const status = readPidStatus('/proc', process.pid)
    expect(status.threads).toBeGreaterThan(1) // node has worker threads
    expect(status.vmRssKb).toBeGreaterThan(10_000)
    expect(status.rssAnonKb).toBeLessThanOrEqual(status.vmRssKb!)
  })
})
