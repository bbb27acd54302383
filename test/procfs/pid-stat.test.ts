import {describe, expect, it} from 'vitest'
import {ProcParseError} from '../../src/procfs/errors.js'
import {isExitedState, parsePidStat, parseStateLetter, readPidStat, stateName} from '../../src/procfs/pid-stat.js'
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

  it('rejects a stat line whose state field is not one letter', () => {
    expect(() => parsePidStat('1 (x) SS 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20', 'stat')).toThrow(/state/)
  })
})

describe('parseStateLetter and isExitedState (the one list of exited states)', () => {
  it('takes the letter after the last ")", whatever comm holds', () => {
    expect(parseStateLetter('74718 ((bash process)) S 1 74718')).toBe('S')
    expect(parseStateLetter('74719 () R 1 (evil) Z 74718 1')).toBe('Z')
    expect(parseStateLetter('9 (x) x')).toBe('x')
    expect(parseStateLetter('9 (x) X\n')).toBe('X')
  })

  it('returns undefined for a line it cannot read', () => {
    for (const bad of ['', '9 x S 1', '9 (x)S 1', '9 (x) ', '9 (x) SS 1']) expect(parseStateLetter(bad)).toBeUndefined()
  })

  it('counts zombie and both dead letters as exited, nothing else', () => {
    expect(['Z', 'X', 'x'].map(isExitedState)).toEqual([true, true, true])
    expect(['R', 'S', 'D', 'T', 't', 'K', 'W', 'I', 'P', 'z', '', undefined].map(isExitedState)).toEqual(Array(12).fill(false))
  })
})
