import {describe, expect, it} from 'vitest'
import {ProcParseError} from '../../src/procfs/errors.js'
import {parsePidStat, readPidStat, stateName} from '../../src/procfs/pid-stat.js'
import {FIXTURE_PROC} from './fixture-root.js'

describe('parsePidStat', () => {
  it('takes comm between the first "(" and the last ")": "((bash process)"', () => {
    const stat = readPidStat(FIXTURE_PROC, 74718)
    expect(stat).toEqual({pid: 74718, comm: '((bash process)', stateLetter: 'S', ppid: 1, utimeTicks: 14, stimeTicks: 3, starttimeTicks: 49248})
  })

  it('is not fooled by a comm that looks like the next fields: ") R 1 (evil"', () => {
    const stat = readPidStat(FIXTURE_PROC, 74719)
    expect(stat.comm).toBe(') R 1 (evil')
    expect(stat.stateLetter).toBe('R')
    expect(stat.ppid).toBe(74718)
    expect(stat.starttimeTicks).toBe(49301)
    expect(stat.utimeTicks + stat.stimeTicks).toBe(1000)
  })

  it('reads the real /proc/self/stat', () => {
    const stat = readPidStat('/proc', process.pid)
    expect(stat.pid).toBe(process.pid)
    expect(stat.ppid).toBe(process.ppid)
    expect(stat.starttimeTicks).toBeGreaterThan(0)
  })

  it('rejects text without a (comm) with a ProcParseError naming the path', () => {
    expect(() => parsePidStat('1234 sleep S 1', '/proc/1234/stat')).toThrow(ProcParseError)
    expect(() => parsePidStat('1234 sleep S 1', '/proc/1234/stat')).toThrow(/\/proc\/1234\/stat/)
    expect(() => parsePidStat('1 (x) S 1 2', 'stat')).toThrow(/field 14/)
  })

  it('names states as psutil does', () => {
    expect(['R', 'S', 'D', 'T', 't', 'Z', 'X', 'x', 'K', 'W', 'I', 'P'].map(stateName)).toEqual([
      'running', 'sleeping', 'disk-sleep', 'stopped', 'tracing-stop', 'zombie', 'dead', 'dead', 'wake-kill', 'waking', 'idle', 'parked',
    ])
    expect(stateName('?')).toBe('?')
  })
})
