/**
 * `ship` and the fleet queries against a real ClickHouse server (Debian's 18.16 here), through
 * the built CLI as a user runs it.
 */
import {appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, existsSync, statSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest'
import {runCli, parseJson, type CliResult} from '../helpers/cli.js'
import {startClickHouse, queryText, SHIPPER_PASSWORD, SHIPPER_USER, type ClickHouseServer} from '../helpers/clickhouse-server.js'
import {addFixtureSession, fixtureLogDir, fixtureNames, lineCount, FIXTURE_SESSIONS} from '../helpers/fleet-log-dir.js'
import {LEDGER_FILE} from '../../src/fleet/ledger.js'

/** `sessions --json` (local or fleet): the listed sessions of the envelope. */
function listOf(r: CliResult): Array<Record<string, unknown>> {
  return (parseJson(r) as {sessions: Array<Record<string, unknown>>}).sessions
}

// Many CLI runs against real servers: generous bounds for a loaded 2-core CI box (no timing is asserted).
vi.setConfig({testTimeout: 180000, hookTimeout: 180_000})

let server: ClickHouseServer
let work: string

beforeAll(async () => {
  server = await startClickHouse()
  work = mkdtempSync(join(tmpdir(), 'td-fleet-'))
})

afterAll(async () => {
  await server?.stop()
  rmSync(work, {recursive: true, force: true})
})

const expectedRows = (names: readonly string[]) => names.reduce((n, name) => n + lineCount(join(FIXTURE_SESSIONS, name, 'proc_trace.jsonl')), 0)
const expectedAnomalies = (names: readonly string[]) => names.reduce((n, name) => n + lineCount(join(FIXTURE_SESSIONS, name, 'anomalies.jsonl')), 0)

describe('ship', () => {
  it('creates the schema, sends every session once, and a second run changes nothing', async () => {
    const logDir = join(work, 'once')
    const dirs = fixtureLogDir(logDir, 'once')
    const db = 'fleet_once'
    const first = await runCli(['ship', '--clickhouse', server.url, '--database', db, '--log-dir', logDir, '--host', 'alpha', '--json'])
    expect(first.stderr).toBe('')
    expect(first.code).toBe(0)
    const r1 = parseJson(first) as Record<string, unknown>
    expect(r1).toMatchObject({shipped: dirs.length, already_shipped: 0, created_schema: true, snapshots: expectedRows(fixtureNames()), anomalies: expectedAnomalies(fixtureNames())})
    const ledger = readFileSync(join(logDir, LEDGER_FILE), 'utf8').trim().split('\n')
    expect(ledger).toHaveLength(dirs.length)

    const second = await runCli(['ship', '--clickhouse', server.url, '--database', db, '--log-dir', logDir, '--host', 'alpha', '--json'])
    expect(second.code).toBe(0)
    expect(parseJson(second)).toMatchObject({shipped: 0, already_shipped: dirs.length, created_schema: false})
    expect((await queryText(server, `SELECT count() FROM ${db}.snapshots`)).trim()).toBe(String(expectedRows(fixtureNames())))
    expect((await queryText(server, `SELECT count() FROM ${db}.sessions`)).trim()).toBe(String(dirs.length))

    // Without the ledger everything goes again: the server holds two copies until it merges,
    // and every fleet query still counts each session and row once.
    rmSync(join(logDir, LEDGER_FILE))
    const third = await runCli(['ship', '--clickhouse', server.url, '--database', db, '--log-dir', logDir, '--host', 'alpha', '--json'])
    expect(parseJson(third)).toMatchObject({shipped: dirs.length})
    const hosts = parseJson((await runCli(['sessions', '--clickhouse', server.url, '--database', db, '--by-host', '--json']))) as {hosts: Array<Record<string, unknown>>}
    expect(hosts.hosts).toHaveLength(1)
    expect(hosts.hosts[0]).toMatchObject({host: 'alpha', sessions: dirs.length, snapshot_rows: expectedRows(fixtureNames())})
    const kinds = hosts.hosts[0]!['top_anomaly_kinds'] as Array<{kind: string; count: number}>
    expect(kinds[0]!.count).toBeGreaterThan(0)
    const listed = listOf(await runCli(['sessions', '--clickhouse', server.url, '--database', db, '--json']))
    expect(listed).toHaveLength(dirs.length)
  })

  it('keeps microseconds, the original lines and the cause of death', async () => {
    const logDir = join(work, 'micros')
    addFixtureSession(logDir, 'oom-spike', 'micro-1', {cause_of_death: {kind: 'oom_kill', source: 'kmsg'}})
    addFixtureSession(logDir, 'healthy', 'micro-2')
    const db = 'fleet_micros'
    expect((await runCli(['ship', '--clickhouse', server.url, '--database', db, '--log-dir', logDir, '--host', 'beta'])).code).toBe(0)
    const trace = readFileSync(join(logDir, 'sessions', 'micro-1', 'proc_trace.jsonl'), 'utf8').trim().split('\n')
    const back = (await queryText(server, `SELECT ts, ts_us, row FROM ${db}.snapshots WHERE dir_name = 'micro-1' ORDER BY seq FORMAT JSONEachRow`)).trim().split('\n').map((l) => JSON.parse(l) as {ts: string; ts_us: number; row: string})
    expect(back.map((r) => r.row)).toEqual(trace)
    const second = JSON.parse(trace[1]!) as {captured_at: string}
    expect(`${back[1]!.ts.replace(' ', 'T')}.${String(back[1]!.ts_us).padStart(6, '0')}+00:00`).toBe(second.captured_at)
    const causes = (await queryText(server, `SELECT dir_name, cause_of_death FROM ${db}.sessions ORDER BY dir_name FORMAT JSONEachRow`)).trim().split('\n').map((l) => JSON.parse(l) as {cause_of_death: string | null})
    expect(JSON.parse(causes[0]!.cause_of_death!)).toEqual({kind: 'oom_kill', source: 'kmsg'})
    expect(causes[1]!.cause_of_death).toBeNull()
  })

  it('--dry-run contacts no server and marks nothing; --since keeps newer sessions', async () => {
    const logDir = join(work, 'dry')
    fixtureLogDir(logDir, 'dry')
    const dry = await runCli(['ship', '--clickhouse', 'http://127.0.0.1:1', '--log-dir', logDir, '--dry-run', '--json'])
    expect(dry.code).toBe(0)
    expect(parseJson(dry)).toMatchObject({dry_run: true, shipped: fixtureNames().length})
    expect(existsSync(join(logDir, LEDGER_FILE))).toBe(false)
    const later = await runCli(['ship', '--clickhouse', 'http://127.0.0.1:1', '--log-dir', logDir, '--dry-run', '--since', '2030-01-01', '--json'])
    expect(parseJson(later)).toMatchObject({shipped: 0, sessions_total: 0})
  })
})

describe('convert threads (--jobs)', () => {
  it('send exactly the rows this thread sends, unreadable lines left out and warned about alike', async () => {
    const logDir = join(work, 'jobs')
    const dirs = fixtureLogDir(logDir, 'jobs')
    // A torn tail and a garbage line in one trace: left out (and warned about) by both paths.
    appendFileSync(join(logDir, 'sessions', dirs[0]!, 'proc_trace.jsonl'), 'not json at all\n{"seq": 99999, "comm": "torn')
    const rowsOf = async (db: string) => (await queryText(server, `SELECT host, dir_name, seq, ts, ts_us, comm, state, vm_rss_kb, threads, fd_count, fd_soft_limit, oom_score, cpu_percent, row FROM ${db}.snapshots ORDER BY dir_name, seq FORMAT TabSeparated`))
    const inline = await runCli(['ship', '--clickhouse', server.url, '--database', 'fleet_jobs1', '--log-dir', logDir, '--host', 'gamma', '--jobs', '1', '--json'])
    rmSync(join(logDir, LEDGER_FILE))
    const threaded = await runCli(['ship', '--clickhouse', server.url, '--database', 'fleet_jobs2', '--log-dir', logDir, '--host', 'gamma', '--jobs', '2', '--batch-size', '3', '--json'])
    expect(inline.code, inline.stderr).toBe(0)
    expect(threaded.code, threaded.stderr).toBe(0)
    const [a, b] = [parseJson(inline), parseJson(threaded)] as Array<Record<string, unknown>>
    expect(b!['snapshots']).toBe(a!['snapshots'])
    expect(a!['snapshots']).toBe(expectedRows(fixtureNames()))
    expect(b!['warnings']).toEqual(a!['warnings'])
    expect(a!['warnings']).toEqual([`${dirs[0]}/proc_trace.jsonl: left out 2 unreadable line(s)`])
    const [rowsA, rowsB] = [await rowsOf('fleet_jobs1'), await rowsOf('fleet_jobs2')]
    expect(rowsA.split('\n').length).toBeGreaterThan(expectedRows(fixtureNames()))
    expect(rowsB).toBe(rowsA)
  })
  it.each([['1'], ['2']])('with --jobs %s, an unreadable trace is one line naming the file, exit 2, nothing marked shipped', async (jobs) => {
    const logDir = join(work, `jobs-unreadable-${jobs}`)
    const dirs = fixtureLogDir(logDir, 'unreadable')
    const trace = join(logDir, 'sessions', dirs[1]!, 'proc_trace.jsonl')
    rmSync(trace)
    mkdirSync(trace) // not a file: every read fails (EISDIR), even as root
    const r = await runCli(['ship', '--clickhouse', server.url, '--database', `fleet_unreadable_${jobs}`, '--log-dir', logDir, '--host', 'gamma', '--jobs', jobs])
    expect(r.code).toBe(2)
    expect(r.stderr.trim().split('\n')).toEqual([`Error: cannot read ${trace}: is a directory`])
    expect(existsSync(join(logDir, LEDGER_FILE))).toBe(false)
  })
})

describe('one-line failures, exit 2, nothing marked shipped', () => {
  const failing = async (args: string[], env: NodeJS.ProcessEnv = {}) => {
    const logDir = mkdtempSync(join(work, 'fail-'))
    fixtureLogDir(logDir, 'f')
    const result = await runCli(['ship', ...args, '--log-dir', logDir, '--host', 'gamma'], {env})
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr.trim().split('\n').filter((l) => !l.startsWith('Hint:'))).toHaveLength(1)
    expect(result.stderr).not.toMatch(/\n\s+at /)
    expect(existsSync(join(logDir, LEDGER_FILE))).toBe(false)
    return result
  }

  it('an unreachable server', async () => {
    const {stderr} = await failing(['--clickhouse', 'http://127.0.0.1:1'])
    expect(stderr).toMatch(/^Error: cannot reach ClickHouse at http:\/\/default@127\.0\.0\.1:1\/trace_doctor/)
  })

  it('a wrong password, from the URL or CLICKHOUSE_PASSWORD, never printed', async () => {
    const url = `http://${SHIPPER_USER}:wrong-in-url@127.0.0.1:${server.ports.http}`
    const a = await failing(['--clickhouse', url])
    expect(a.stderr).toMatch(/refused user shipper/)
    expect(a.stderr).not.toContain('wrong-in-url')
    const b = await failing(['--clickhouse', url], {CLICKHOUSE_PASSWORD: 'wrong-in-env'})
    expect(b.stderr).not.toContain('wrong-in-env')
    expect(b.stderr).not.toContain('wrong-in-url')
  })

  it('the right password from the env works and is not printed', async () => {
    const logDir = join(work, 'pw')
    fixtureLogDir(logDir, 'pw')
    const url = `http://${SHIPPER_USER}@127.0.0.1:${server.ports.http}`
    const result = await runCli(['ship', '--clickhouse', url, '--database', 'fleet_pw', '--log-dir', logDir, '--json'], {env: {CLICKHOUSE_PASSWORD: SHIPPER_PASSWORD}})
    expect(result.code).toBe(0)
    expect(result.stdout + result.stderr).not.toContain(SHIPPER_PASSWORD)
  })

  it('a table of another shape', async () => {
    await queryText(server, 'CREATE DATABASE IF NOT EXISTS fleet_other')
    await queryText(server, 'CREATE TABLE IF NOT EXISTS fleet_other.snapshots (host String, dir_name String, seq String) ENGINE = MergeTree ORDER BY host')
    const {stderr} = await failing(['--clickhouse', server.url, '--database', 'fleet_other'])
    expect(stderr).toMatch(/^Error: table fleet_other\.snapshots has another shape: column seq is String, expected UInt32/)
  })
})

describe('fleet queries', () => {
  const db = 'fleet_queries'
  let logDir: string

  beforeAll(async () => {
    logDir = join(work, 'queries')
    fixtureLogDir(logDir, 'q')
    addFixtureSession(logDir, 'oom-critical', 'q-crashed', {
      subtype: 'crashed', success: false, termination_reason: 'CRASHED', exit_code: -1, start_ts: '2026-04-13T12:00:00.000001+00:00',
      cause_of_death: {verdict: 'oom_killed', signal: 'SIGKILL', exit_code: 137, core_dumped: false, constraint: 'cgroup', evidence: [], reason: null},
    })
    for (const host of ['east', 'west']) {
      const shipped = await runCli(['ship', '--clickhouse', server.url, '--database', db, '--log-dir', logDir, '--host', host])
      expect(shipped.code).toBe(0)
    }
  })

  it('sessions --json has the local shape plus host, with the same filters', async () => {
    for (const filter of [[], ['--drift'], ['--failed'], ['--anomalies', '--comm', 'claude'], ['--crashed'], ['--limit', '3']]) {
      const local = listOf(await runCli(['sessions', '--log-dir', logDir, '--json', ...filter]))
      const fleet = listOf(await runCli(['sessions', '--clickhouse', server.url, '--database', db, '--host', 'east', '--json', ...filter]))
      const byDir = (a: Record<string, unknown>, b: Record<string, unknown>) => String(a['dir_name']).localeCompare(String(b['dir_name']))
      expect(fleet.map(({host, ...rest}) => (expect(host).toBe('east'), rest)).sort(byDir), filter.join(' ')).toEqual([...local].sort(byDir))
    }
    const crashed = listOf(await runCli(['sessions', '--clickhouse', server.url, '--database', db, '--crashed', '--json']))
    expect(crashed.map((s) => `${String(s['host'])}:${String(s['dir_name'])}`).sort()).toEqual(['east:q-crashed', 'west:q-crashed'])
    const both = listOf(await runCli(['sessions', '--clickhouse', server.url, '--database', db, '--drift', '--json']))
    const localDrift = listOf(await runCli(['sessions', '--log-dir', logDir, '--drift', '--json']))
    expect(localDrift.length).toBeGreaterThan(0)
    expect(both.map((s) => s['host']).sort()).toEqual([...localDrift.map(() => 'east'), ...localDrift.map(() => 'west')])
  })

  it('--by-host summarizes each host', async () => {
    const {hosts} = parseJson((await runCli(['sessions', '--clickhouse', server.url, '--database', db, '--by-host', '--json']))) as {hosts: Array<Record<string, unknown>>}
    expect(hosts.map((h) => h['host'])).toEqual(['east', 'west'])
    const local = listOf(await runCli(['sessions', '--log-dir', logDir, '--json']))
    expect(hosts[0]).toMatchObject({
      sessions: local.length,
      failed: local.filter((s) => s['success'] === false).length,
      drift: local.filter((s) => (s['drift_by'] as unknown[]).length > 0).length,
      snapshot_rows: expectedRows([...fixtureNames(), 'oom-critical']),
    })
    expect(hosts[0]!['crashes']).toBeGreaterThanOrEqual(1)
    expect(hosts[0]!['oom_kills']).toBe(1)
    expect(hosts[0]!['leak_suspects']).toBeGreaterThanOrEqual(1)
    const text = await runCli(['sessions', '--clickhouse', server.url, '--database', db, '--by-host'])
    expect(text.stdout).toMatch(/^HOST\s+SESSIONS/)
  })

  it('analyze and report read a shipped session as the local one', async () => {
    const dir = 'q-leak'
    const local = parseJson((await runCli(['analyze', join(logDir, 'sessions', dir), '--json']))) as Record<string, unknown>
    const remote = parseJson((await runCli(['analyze', '--clickhouse', server.url, '--database', db, '--host', 'west', dir, '--json']))) as Record<string, unknown>
    expect(remote['anomalies']).toEqual(local['anomalies'])
    expect(remote['summary']).toEqual(local['summary'])
    const out = join(work, 'remote-report.html')
    const report = await runCli(['report', '--clickhouse', server.url, '--database', db, '--host', 'west', dir, '--output', out, '--json'])
    expect(report.code).toBe(0)
    expect(statSync(out).size).toBeGreaterThan(1000)
    expect(readFileSync(out, 'utf8')).toContain('rss_growth')
    const missing = await runCli(['analyze', '--clickhouse', server.url, '--database', db, '--host', 'nowhere', dir])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toMatch(/^Error: no session "q-leak" of host "nowhere"/)
  })
})
