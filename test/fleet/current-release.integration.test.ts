/**
 * The fleet schema and queries on a current ClickHouse release (26.x, embedded by `chdb`) as well
 * as on Debian's 18.16: the DDL that `ship` runs creates tables whose shape `ship` accepts, and
 * every fleet query gives the same answer on both engines over the same rows — rows that `ship`
 * itself sent to a real 18.16 server, twice (a re-run without the ledger), so the counted-once
 * reading is checked on 26.x too. chdb is installed on first use (test/helpers/chdb.ts).
 */
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest'
import {
  anomalyRecordsQuery,
  hostAnomalyKindsQuery,
  hostSessionsQuery,
  hostSnapshotRowsQuery,
  sessionRowQuery,
  sessionsQuery,
  snapshotRowsQuery,
  type FleetFilter,
} from '../../src/fleet/fleet-queries.js'
import {LEDGER_FILE} from '../../src/fleet/ledger.js'
import {checkShape, createStatements, FLEET_TABLES} from '../../src/fleet/schema.js'
import {loadChdb, type ChdbSession} from '../helpers/chdb.js'
import {runCli} from '../helpers/cli.js'
import {queryText, startClickHouse, type ClickHouseServer} from '../helpers/clickhouse-server.js'
import {addFixtureSession, fixtureLogDir} from '../helpers/fleet-log-dir.js'

vi.setConfig({testTimeout: 180_000, hookTimeout: 180_000})

const DB = 'fleet_current'
let server: ClickHouseServer
let current: ChdbSession
let work: string
let dirs: string[]

beforeAll(async () => {
  server = await startClickHouse()
  work = mkdtempSync(join(tmpdir(), 'td-current-'))
  const {Session} = loadChdb()
  current = new Session(join(work, 'chdb'))
  const logDir = join(work, 'logs')
  dirs = fixtureLogDir(logDir, 'cur')
  addFixtureSession(logDir, 'oom-critical', 'cur-oom', {
    subtype: 'crashed', success: false, termination_reason: 'CRASHED', exit_code: -1, start_ts: '2026-04-13T12:00:00.000001+00:00',
    cause_of_death: {verdict: 'oom_killed', signal: 'SIGKILL', exit_code: 137, core_dumped: false, constraint: 'cgroup', evidence: [], reason: null},
  })
  dirs.push('cur-oom')
  // Two hosts, and host east twice: the second copy is what an interrupted ship leaves behind.
  for (const host of ['east', 'west', 'east']) {
    rmSync(join(logDir, LEDGER_FILE), {force: true})
    const shipped = await runCli(['ship', '--clickhouse', server.url, '--database', DB, '--log-dir', logDir, '--host', host, '--json'])
    expect(shipped.code, shipped.stderr).toBe(0)
  }
  // The very rows 18.16 holds (both copies: nothing has merged them), into the current release.
  for (const statement of createStatements({database: DB})) current.query(statement)
  for (const table of FLEET_TABLES) {
    const rows = await queryText(server, `SELECT * FROM ${DB}.${table} FORMAT JSONEachRow`)
    current.query(`INSERT INTO ${DB}.${table} FORMAT JSONEachRow\n${rows}`)
  }
})

afterAll(async () => {
  current?.close()
  await server?.stop()
  rmSync(work, {recursive: true, force: true})
})

/** JSONEachRow rows with every number as a number: releases differ in quoting 64-bit integers. */
function parseRows(text: string): Array<Record<string, unknown>> {
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => Object.fromEntries(Object.entries(JSON.parse(l) as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v])))
}

const onCurrent = (sql: string) => parseRows(current.query(sql, 'JSONEachRow'))
const onOld = async (sql: string) => parseRows(await queryText(server, `${sql} FORMAT JSONEachRow`))

describe('on a current ClickHouse release (chdb)', () => {
  it('is a current release', () => {
    expect(Number(current.query('SELECT version()', 'CSV').replace(/"/g, '').split('.')[0])).toBeGreaterThanOrEqual(24)
  })

  it("ship's DDL creates tables whose shape ship accepts", () => {
    const columns = onCurrent(`SELECT table, name, type FROM system.columns WHERE database = '${DB}'`) as Array<{table: string; name: string; type: string}>
    for (const table of FLEET_TABLES) {
      const shape = columns.filter((c) => c.table === table).map(({name, type}) => ({name, type}))
      expect(shape.length, table).toBeGreaterThan(0)
      expect(checkShape(table, shape), table).toBeUndefined()
    }
  })

  const filters: Array<[string, FleetFilter]> = [
    ['no filter', {}],
    ['--failed', {failed: true}],
    ['--crashed', {crashed: true}],
    ['--anomalies --comm claude', {anomalies: true, comm: 'claude'}],
    ['--drift', {drift: true}],
    ['--host west --limit 3', {host: 'west', limit: 3}],
    ['--since', {sinceMs: Date.UTC(2026, 3, 13, 12, 0, 0)}],
  ]

  it.each(filters)('sessions %s: the same answer as 18.16, each session once', async (_label, filter) => {
    const sql = sessionsQuery(DB, filter)
    const fresh = onCurrent(sql)
    expect(fresh).toEqual(await onOld(sql))
    expect(new Set(fresh.map((r) => `${String(r['host'])}/${String(r['dir_name'])}`)).size).toBe(fresh.length)
  })

  it('the per-host summary: the same answer as 18.16, rows counted once', async () => {
    for (const sql of [hostSessionsQuery(DB, {}), hostAnomalyKindsQuery(DB, {}), hostSnapshotRowsQuery(DB, {}), hostSessionsQuery(DB, {failed: true})]) {
      expect(onCurrent(sql), sql).toEqual(await onOld(sql))
    }
    const sessions = onCurrent(hostSessionsQuery(DB, {}))
    expect(sessions.map((r) => [r['host'], r['sessions'], r['oom_kills']])).toEqual([
      ['east', dirs.length, 1],
      ['west', dirs.length, 1],
    ])
  })

  it("one shipped session's summary, rows and anomalies: the same as 18.16, each once", async () => {
    for (const sql of [sessionRowQuery(DB, 'east', 'cur-oom'), snapshotRowsQuery(DB, 'east', 'cur-oom'), anomalyRecordsQuery(DB, 'east', 'cur-oom')]) {
      const fresh = onCurrent(sql)
      expect(fresh.length, sql).toBeGreaterThan(0)
      expect(fresh, sql).toEqual(await onOld(sql))
    }
  })
})
