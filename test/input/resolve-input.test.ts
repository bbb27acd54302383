import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {resolveTraceInput} from '../../src/input/resolve-input.js'
import {tempDir} from '../helpers/temp-dir.js'

describe('resolveTraceInput on tmpfs names', () => {
  it('takes pid and sidecar from a tmpfs trace name, but not from a pid with a leading zero', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'a_trace_12.jsonl'), '')
    writeFileSync(join(dir, 'a_trace_012.jsonl'), '')
    writeFileSync(join(dir, 'a_enrollment_12.json'), JSON.stringify({schema_version: 1, pid: 12, comm: 'claude'}))
    expect(await resolveTraceInput(join(dir, 'a_trace_12.jsonl'))).toMatchObject({kind: 'tmpfs', pid: 12, expectedComm: 'claude'})
    const zero = await resolveTraceInput(join(dir, 'a_trace_012.jsonl'))
    expect(zero.kind).toBe('trace')
    expect(zero.pid).toBeUndefined()
    expect(zero.expectedComm).toBeUndefined()
  })
})
