import {describe, expect, it} from 'vitest'
import {isNewImage, LaunchTracker, type ImageMark} from '../../src/trace/launch-tracker.js'

const mark = (comm: string, startcodeAddr?: number, startstackAddr?: number, zombie = false): ImageMark => ({comm, startcodeAddr, startstackAddr, zombie})

describe('isNewImage', () => {
  it('a new comm, or the same comm with a new text segment or stack: a new program', () => {
    expect(isNewImage(mark('env', 1, 2), mark('node', 1, 2))).toBe(true)
    expect(isNewImage(mark('python3', 100, 200), mark('python3', 300, 200))).toBe(true)
    expect(isNewImage(mark('python3', 100, 200), mark('python3', 100, 900))).toBe(true)
    expect(isNewImage(mark('python3', 100, 200), mark('python3', 100, 200))).toBe(false)
  })
  it('hidden addresses (no ptrace access) and zombies tell nothing', () => {
    expect(isNewImage(mark('python3', 100, 200), mark('python3'))).toBe(false)
    expect(isNewImage(mark('node', 1, 2), mark('node', undefined, undefined, true))).toBe(false)
    // … except its comm: the last program's, which the samples may have missed
    expect(isNewImage(mark('env', 1, 2), mark('node', undefined, undefined, true))).toBe(true)
  })
})

describe('LaunchTracker', () => {
  it('the workload is the last program; rows before its first are the launch', () => {
    const t = new LaunchTracker()
    const seen = [mark('python3', 1, 1), mark('bash', 2, 2), mark('bash', 2, 2), mark('bash', 3, 3), mark('python3', 4, 4), mark('python3', 4, 4), mark('python3', undefined, undefined, true)]
    expect(seen.map((m, seq) => t.observe(seq, m))).toEqual([false, true, false, true, true, false, false])
    expect(t.launchRows).toBe(4)
    expect(t.settledComm).toBe('python3')
    expect(t.firstComm).toBe('python3')
    expect(t.images).toEqual([{seq: 0, comm: 'python3'}, {seq: 1, comm: 'bash'}, {seq: 3, comm: 'bash'}, {seq: 4, comm: 'python3'}])
  })
  it('a direct binary has no launch', () => {
    const t = new LaunchTracker()
    t.observe(0, mark('sleep', 5, 6))
    t.observe(1, mark('sleep', 5, 6))
    expect([t.launchRows, t.settledComm]).toEqual([0, 'sleep'])
  })
  it('addresses learned late still reveal a later exec under the same comm', () => {
    const t = new LaunchTracker()
    t.observe(0, mark('python3'))
    t.observe(1, mark('python3', 10, 20))
    expect(t.observe(2, mark('python3', 11, 21))).toBe(true)
    expect(t.launchRows).toBe(2)
  })
})
