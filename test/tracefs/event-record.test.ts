import {describe, expect, it} from 'vitest'
import {senderComm, UNKNOWN_COMM} from '../../src/tracefs/event-record.js'

describe('senderComm', () => {
  const stat = {comm: 'grim-reaper', starttimeTicks: 150_000} // started 1,500 s after boot (100 Hz)

  it("keeps the trace header's comm when the kernel knew it", () => {
    expect(senderComm('timeout', stat, 100, 2000)).toBe('timeout')
  })

  it('names a `<...>` sender from /proc when that process had started by the event', () => {
    expect(senderComm(UNKNOWN_COMM, stat, 100, 2000)).toBe('grim-reaper')
    expect(senderComm(UNKNOWN_COMM, stat, 100, 1500)).toBe('grim-reaper')
  })

  it('keeps `<...>` when the pid is gone, or now belongs to a process started after the event', () => {
    expect(senderComm(UNKNOWN_COMM, undefined, 100, 2000)).toBe(UNKNOWN_COMM)
    expect(senderComm(UNKNOWN_COMM, stat, 100, 1499.99)).toBe(UNKNOWN_COMM)
  })
})
