import {describe, expect, it} from 'vitest'
import {lockKey, parseProcLocks} from '../../src/procfs/proc-locks.js'

describe('parseProcLocks', () => {
  it('parses /proc/locks, ignoring waiters, and decodes st_dev as the kernel does', () => {
    const table = parseProcLocks(
      '1: FLOCK  ADVISORY  WRITE 12345 00:1a:123456 0 EOF\n2: -> FLOCK  ADVISORY  WRITE 9 00:1a:123456 0 EOF\n3: POSIX  ADVISORY  READ 8 fd:01:99 0 EOF\n',
    )
    expect(table.get('0:26:123456')).toEqual([12345])
    expect(lockKey(26, 123456)).toBe('0:26:123456')
    expect(lockKey((253 << 8) | 1, 99)).toBe('253:1:99')
    expect(table.get('253:1:99')).toEqual([8])
  })
})
