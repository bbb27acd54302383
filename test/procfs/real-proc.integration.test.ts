/** The /proc readers on this host's real /proc (the unit tests use fixtures/proc). */
import {describe, expect, it} from 'vitest'
import {programName, readPidCmdline} from '../../src/procfs/pid-cmdline.js'
import {readPidStat} from '../../src/procfs/pid-stat.js'
import {readPidStatus} from '../../src/procfs/pid-status.js'

describe('the real /proc/self', () => {
  it('reads the real /proc/self/cmdline', () => {
    expect(readPidCmdline('/proc', process.pid)[0]).toBe(process.argv0 === 'node' ? 'node' : readPidCmdline('/proc', process.pid)[0])
    expect(programName(readPidCmdline('/proc', process.pid))).toMatch(/node/)
  })

  it('reads the real /proc/self/stat', () => {
    const stat = readPidStat('/proc', process.pid)
    expect(stat.pid).toBe(process.pid)
    expect(stat.ppid).toBe(process.ppid)
    expect(stat.starttimeTicks).toBeGreaterThan(0)
  })

  it('agrees with the real /proc/self/status', () => {
    const status = readPidStatus('/proc', process.pid)
    expect(status.threads).toBeGreaterThan(1) // node has worker threads
    expect(status.vmRssKb).toBeGreaterThan(10_000)
    expect(status.rssAnonKb).toBeLessThanOrEqual(status.vmRssKb!)
  })
})
