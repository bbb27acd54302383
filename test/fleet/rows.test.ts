import {describe, expect, it} from 'vitest'
import {anomalyLine, rowPrefix, sessionRow, sessionStart, snapshotLine, SNAPSHOT_INSERT_COLUMNS, splitTimestamp, tsvField, tsvPrefix} from '../../src/fleet/rows.js'

describe('splitTimestamp', () => {
  it('keeps all six fraction digits', () => {
    expect(splitTimestamp('2026-04-13T11:04:43.123456+00:00')).toEqual({sec: 1776078283, us: 123456})
    expect(splitTimestamp('2026-04-13T11:04:43.000137+00:00')).toEqual({sec: 1776078283, us: 137})
    expect(splitTimestamp('2026-04-13T11:04:43.5Z')).toEqual({sec: 1776078283, us: 500000})
    expect(splitTimestamp('2026-04-13T11:04:43+00:00')).toEqual({sec: 1776078283, us: 0})
  })

  it('is undefined for text that is no time', () => {
    expect(splitTimestamp('yesterday')).toBeUndefined()
  })
})

describe('tsvField', () => {
  it('passes plain text through and escapes backslash, tab and newline', () => {
    expect(tsvField('{"comm": "claude"}')).toBe('{"comm": "claude"}')
    expect(tsvField('a\\b\tc\nd')).toBe('a\\\\b\\tc\\nd')
  })
})

describe('snapshotLine', () => {
  const prefix = tsvPrefix('host\t1', 's-1', 7)
  const fallback = {sec: 1, us: 2}

  it('writes every insert column, in order, the raw line last', () => {
    const text = '{"captured_at": "2026-04-13T11:04:43.123456+00:00", "comm": "cl\\\\aude", "cpu_percent": 2.5, "oom_score": 600, "seq": 4, "state": "sleeping", "vm_rss_kb": 184320}'
    const line = snapshotLine(prefix, text, JSON.parse(text) as Record<string, unknown>, 9, fallback)
    const fields = line.slice(0, -1).split('\t')
    expect(fields).toHaveLength(SNAPSHOT_INSERT_COLUMNS.length)
    const byName = Object.fromEntries(SNAPSHOT_INSERT_COLUMNS.map((c, i) => [c, fields[i]]))
    expect(byName).toMatchObject({host: 'host\\t1', dir_name: 's-1', version: '7', seq: '4', ts: '1776078283', ts_us: '123456', comm: 'cl\\\\aude', vm_rss_kb: '184320', threads: '\\N', oom_score: '600', cpu_percent: '2.5'})
    expect(byName['row']).toBe(tsvField(text))
  })

  it('never reads numbers from strings; missing fields are NULL; no seq means the ordinal; no time means the fallback', () => {
    const row = {vm_rss_kb: '1000', cpu_percent: 'NaN', oom_score: 1.5}
    const fields = snapshotLine(prefix, '{}', row, 9, fallback).slice(0, -1).split('\t')
    const byName = Object.fromEntries(SNAPSHOT_INSERT_COLUMNS.map((c, i) => [c, fields[i]]))
    expect(byName).toMatchObject({seq: '9', ts: '1', ts_us: '2', vm_rss_kb: '\\N', cpu_percent: '\\N', oom_score: '\\N', comm: ''})
  })
})

describe('anomalyLine', () => {
  it('is one JSONEachRow object with the detail as JSON text and the record verbatim', () => {
    const text = '{"detail": {"delta": 270, "from": 600, "to": 870}, "event": "anomaly", "kind": "oom_spike", "pid": 4242, "seq": 3, "severity": "warning", "snapshot": {}, "ts": "2026-04-13T11:04:58.000411+00:00"}'
    const line = anomalyLine(rowPrefix('h', 'd', 1), text, JSON.parse(text) as Record<string, unknown>, 2, {sec: 0, us: 0})
    expect(line.endsWith('\n')).toBe(true)
    expect(JSON.parse(line)).toEqual({
      host: 'h', dir_name: 'd', version: 1, line: 2, seq: 3, kind: 'oom_spike', severity: 'warning', ts: 1776078298, ts_us: 411, pid: 4242,
      detail: '{"delta":270,"from":600,"to":870}', record: text,
    })
  })
})

describe('sessionRow', () => {
  const index = {dir_name: 's-1', session_id: 's-1', timestamp: '2026-04-13T11:04:43.000001+00:00', success: false, subtype: 'crashed', exit_code: -1, tracked_comm: 'claude', tracked_comm_drift: true}

  it('prefers the summary, keeps the cause of death as JSON text, and the original text', () => {
    const summary = {...index, start_ts: '2026-04-13T11:04:43.000002+00:00', termination_reason: 'CRASHED', cause_of_death: {kind: 'oom_kill'}, peak_rss_kb: 5}
    const row = sessionRow({host: 'h', dirName: 's-1', index, summary, summaryText: '{...}', shippedBy: 'trace-doctor 0.1.0', shippedAtSec: 9, version: 10})
    expect(row).toMatchObject({host: 'h', start_us: 2, success: 0, exit_code: -1, tracked_comm_drift: 1, termination_reason: 'CRASHED', cause_of_death: '{"kind":"oom_kill"}', summary: '{...}', peak_rss_kb: 5})
    expect(JSON.parse(row['index_line'] as string)).toEqual(index)
  })

  it('works from the index line alone, with no cause of death', () => {
    const row = sessionRow({host: 'h', dirName: 's-1', index, summary: undefined, summaryText: '', shippedBy: 'x', shippedAtSec: 9, version: 10})
    expect(row).toMatchObject({start: 1776078283, start_us: 1, cause_of_death: null, kill_reason: null, duration_seconds: null, summary: ''})
    expect(sessionStart({}, undefined)).toEqual({sec: 0, us: 0})
  })
})
