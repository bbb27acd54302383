import {describe, expect, it} from 'vitest'
import {parsePidCmdline, programName, readPidCmdline} from '../../src/procfs/pid-cmdline.js'
import {FIXTURE_PROC} from './fixture-root.js'

const bytes = (s: string): Buffer => Buffer.from(s, 'utf8')

describe('parsePidCmdline', () => {
  it('splits NUL-separated argv', () => {
    expect(readPidCmdline(FIXTURE_PROC, 74721)).toEqual(['/usr/local/bin/claude', '--print', 'hi'])
    expect(parsePidCmdline(bytes('a b\0c\0'))).toEqual(['a b', 'c'])
  })
  it('splits an argv rewritten with spaces (psutil #1179)', () => {
    expect(readPidCmdline(FIXTURE_PROC, 74719)).toEqual(['evil', '--flag', 'value'])
    expect(parsePidCmdline(bytes('chrome --type=renderer\0\0\0'))).toEqual(['chrome', '--type=renderer'])
  })
  it('gives [] for kernel threads and zombies', () => {
    expect(parsePidCmdline(bytes(''))).toEqual([])
  })
  it('programName is basename(argv[0])', () => {
    expect(programName(['/usr/local/bin/claude', '-p'])).toBe('claude')
    expect(programName([])).toBe('')
  })
})
