import {spawn} from 'node:child_process'
import {describe, expect, it} from 'vitest'
import {parseChildren, readChildren, readDescendants} from '../../src/procfs/descendants.js'
import {FIXTURE_PROC} from './fixture-root.js'

describe('descendants', () => {
  it('parses children files', () => {
    expect(parseChildren('6620 6633 \n')).toEqual([6620, 6633])
    expect(parseChildren('')).toEqual([])
  })

  it('walks a fixture tree breadth first', () => {
    expect(readChildren(FIXTURE_PROC, 74718)).toEqual([74719, 74720])
    expect(readDescendants(FIXTURE_PROC, 74718)).toEqual([74719, 74720, 74721])
    expect(readDescendants(FIXTURE_PROC, 74721)).toEqual([])
    expect(readDescendants(FIXTURE_PROC, 99999)).toEqual([])
  })

  it('finds a real grandchild', async () => {
    const child = spawn('sh', ['-c', 'sleep 5 & wait'], {stdio: 'ignore'})
    try {
      let found: number[] = []
      for (let i = 0; i < 40 && found.length === 0; i++) {
        await new Promise((r) => setTimeout(r, 25))
        found = readDescendants('/proc', child.pid!)
      }
      expect(found).toHaveLength(1)
      expect(readDescendants('/proc', process.pid)).toEqual(expect.arrayContaining([child.pid, found[0]]))
      process.kill(found[0]!, 'SIGKILL')
    } finally {
      child.kill('SIGKILL')
    }
  })
})
