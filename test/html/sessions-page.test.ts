import {copyFileSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {lastAnomalyKind, readSessionsPageIndex} from '../../src/html/read-sessions-index.js'
import {renderSessionsPage} from '../../src/html/render-sessions-page.js'
import {writeSessionsPage} from '../../src/html/write-sessions-page.js'
import {serializeIndexLine} from '../../src/store/session-files.js'
import {PROJECT_ROOT} from '../helpers/cli.js'
import {tempDir} from '../helpers/temp-dir.js'

function summaryOf(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(PROJECT_ROOT, 'fixtures', 'sessions', name, 'summary.json'), 'utf8')) as Record<string, unknown>
}

/** A log dir with four sessions: two with dirs, one with a report, one whose dir was pruned. */
function makeLogDir(): string {
  const logDir = tempDir()
  const sessions: Array<Record<string, unknown>> = [
    {...summaryOf('healthy'), session_id: 'old', dir_name: 'old', start_ts: '2026-04-10T09:00:00.000000+00:00'},
    {...summaryOf('pty-wrapper'), session_id: 'wrapped', dir_name: 'wrapped', start_ts: '2026-04-13T11:04:43.000000+00:00'},
    {...summaryOf('oom-critical'), session_id: '<img onerror=x>', dir_name: 'hostile dir#1', start_ts: '2026-04-12T08:00:00.000000+00:00'},
    {...summaryOf('healthy'), session_id: 'pruned', dir_name: 'pruned', start_ts: '2026-04-11T08:00:00.000000+00:00'},
  ]
  let index = ''
  for (const s of sessions) index += serializeIndexLine(s)
  index += '{"not": "an index line"}\n'
  index += serializeIndexLine({...sessions[0], dir_name: '../escape'})
  index += '{"torn": '
  writeFileSync(join(logDir, 'sessions.jsonl'), index)
  for (const dir of ['old', 'wrapped', 'hostile dir#1']) mkdirSync(join(logDir, 'sessions', dir), {recursive: true})
  writeFileSync(join(logDir, 'sessions', 'wrapped', 'report.html'), '<!DOCTYPE html>')
  // The PTY-wrapper case: one comm (no tracked_comm_drift), the wrong one (identity_drift, last).
  copyFileSync(join(PROJECT_ROOT, 'fixtures', 'sessions', 'pty-wrapper', 'anomalies.jsonl'), join(logDir, 'sessions', 'wrapped', 'anomalies.jsonl'))
  copyFileSync(join(PROJECT_ROOT, 'fixtures', 'sessions', 'oom-critical', 'anomalies.jsonl'), join(logDir, 'sessions', 'hostile dir#1', 'anomalies.jsonl'))
  writeFileSync(join(logDir, 'sessions', 'hostile dir#1', 'report.html'), '<!DOCTYPE html>')
  return logDir
}

describe('readSessionsPageIndex', () => {
  it('reads every valid line, counts bad and unsafe ones with their line numbers, finds reports', async () => {
    const logDir = makeLogDir()
    const index = await readSessionsPageIndex(logDir)
    expect(index.entries.map((e) => e.line.dir_name)).toEqual(['old', 'wrapped', 'hostile dir#1', 'pruned'])
    expect(index.skippedCount).toBe(3)
    expect(index.skipped.map((s) => s.line)).toEqual([5, 6, 7])
    expect(index.skipped[1]!.reason).toContain('"../escape"')
    const byDir = new Map(index.entries.map((e) => [e.line.dir_name, e]))
    expect(byDir.get('wrapped')!.reportPath).toBe(join(logDir, 'sessions', 'wrapped', 'report.html'))
    expect(byDir.get('old')!.reportPath).toBeUndefined()
    expect(byDir.get('pruned')!.dirExists).toBe(false)
    expect(index.entries.map((e) => [e.line.dir_name, e.line.tracked_comm_drift, e.identityDrift])).toEqual([
      ['old', false, false],
      ['wrapped', false, true],
      ['hostile dir#1', false, false],
      ['pruned', false, false],
    ])
  })

  it('reads the kind of the last anomaly from the tail of a big file', async () => {
    const path = join(tempDir(), 'anomalies.jsonl')
    const line = (kind: string) => JSON.stringify({kind, detail: {}, snapshot: {comm: 'x'.repeat(500)}}) + '\n'
    writeFileSync(path, line('oom_critical').repeat(5000) + line('identity_drift'))
    expect(await lastAnomalyKind(path)).toBe('identity_drift')
    writeFileSync(path, line('oom_critical') + '{"kind": "identity_dr')
    expect(await lastAnomalyKind(path)).toBeUndefined()
    expect(await lastAnomalyKind(join(tempDir(), 'missing.jsonl'))).toBeUndefined()
  })

  it('treats a log dir without an index as empty, and a missing log dir as an error', async () => {
    const empty = await readSessionsPageIndex(tempDir())
    expect(empty).toMatchObject({entries: [], indexMissing: true})
    await expect(readSessionsPageIndex(join(tempDir(), 'nope'))).rejects.toMatchObject({code: 'E_INPUT_NOT_FOUND'})
  })
})

describe('renderSessionsPage', () => {
  it('lists sessions newest first with relative links to existing reports, escaped', async () => {
    const logDir = makeLogDir()
    const html = renderSessionsPage({logDir, index: await readSessionsPageIndex(logDir), pageDir: logDir})
    const order = [...html.matchAll(/class="session-row[^"]*" data-dir="([^"]+)"/g)].map((m) => m[1])
    expect(order).toEqual(['wrapped', 'hostile dir#1', 'pruned', 'old'])
    expect(html).toContain('href="sessions/wrapped/report.html"')
    expect(html).toContain('href="sessions/hostile%20dir%231/report.html"')
    expect([...html.matchAll(/class="report-link"/g)].length).toBe(2)
    expect(html).toContain('dir missing')
    expect(html).not.toContain('<img')
    expect(html).toContain('&lt;img onerror=x&gt;')
    expect(html).toMatch(/id="drift-banner"[^>]*><strong>⚠ 1 session\(s\) with identity drift/)
    expect(html).toMatch(/data-dir="wrapped">.*?<span class="badge bad">identity<\/span>/)
    expect(html).toMatch(/id="index-skipped">3 line\(s\)/)
    expect(html).not.toMatch(/https?:\/\//)
  })

  it('makes links relative to wherever the page is written', async () => {
    const logDir = makeLogDir()
    const out = join(tempDir(), 'pages', 'all.html')
    mkdirSync(join(out, '..'))
    const result = await writeSessionsPage(logDir, out)
    expect(result).toMatchObject({output: out, sessions: 4, with_report: 2, skipped_lines: 3})
    const html = readFileSync(out, 'utf8')
    const href = /href="([^"]+wrapped\/report\.html)"/.exec(html)![1]!
    expect(new URL(href, `file://${out}`).pathname).toBe(join(logDir, 'sessions', 'wrapped', 'report.html'))
  })

  it('says so when there are no sessions', async () => {
    const logDir = tempDir()
    const html = renderSessionsPage({logDir, index: await readSessionsPageIndex(logDir), pageDir: logDir})
    expect(html).toContain('No sessions.jsonl in this log dir yet.')
  })

  it('refuses to write into a dir that does not exist, naming the file', async () => {
    const out = join(tempDir(), 'missing', 'x.html')
    await expect(writeSessionsPage(makeLogDir(), out)).rejects.toMatchObject({code: 'E_OUTPUT_WRITE', message: expect.stringContaining(out)})
  })
})
