import {describe, expect, it} from 'vitest'
import {parsePidLimits, readPidLimits} from '../../src/procfs/pid-limits.js'
import {parsePidStatm, readPidStatm, residentKb} from '../../src/procfs/pid-statm.js'
import {parseOomScore} from '../../src/procfs/pid-oom-score.js'
import {parseWchan} from '../../src/procfs/pid-wchan.js'
import {FIXTURE_PROC} from './fixture-root.js'

describe('parsePidLimits', () => {
  it('takes the soft "Max open files" limit', () => {
    expect(readPidLimits(FIXTURE_PROC, 74718)).toEqual({maxOpenFilesSoft: 1024})
  })
  it('maps "unlimited" to -1', () => {
    expect(readPidLimits(FIXTURE_PROC, 74719)).toEqual({maxOpenFilesSoft: -1})
  })
  it('fails clearly without the line', () => {
    expect(() => parsePidLimits('Limit Soft Hard\n', '/proc/1/limits')).toThrow(/\/proc\/1\/limits: no "Max open files" line/)
  })
})

describe('parsePidStatm', () => {
  it('reads page counts and converts resident pages to KiB by page size', () => {
    const statm = readPidStatm(FIXTURE_PROC, 74721)
    expect(statm).toEqual({sizePages: 199528, residentPages: 47500})
    expect(residentKb(statm, 4096)).toBe(190000)
    expect(residentKb({sizePages: 1, residentPages: 3}, 1000)).toBe(2) // floor, like psutil's rss // 1024
    expect(() => parsePidStatm('x y')).toThrow(/page counts/)
  })
})

describe('oom_score and wchan', () => {
  it('parse their one value, -1 / "" when empty', () => {
    expect(parseOomScore('666\n')).toBe(666)
    expect(parseOomScore('')).toBe(-1)
    expect(parseWchan('do_epoll_wait')).toBe('do_epoll_wait')
    expect(parseWchan('')).toBe('')
  })
})
