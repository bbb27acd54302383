import {describe, expect, it} from 'vitest'
import {checkShape, COLUMNS, createStatements, KEYS, quoteIdent, quoteString} from '../../src/fleet/schema.js'
import {cutBatches, planShipment} from '../../src/fleet/plan-shipment.js'
import {sessionConditions, sessionsQuery} from '../../src/fleet/fleet-queries.js'
import {parseFleetTarget, toFleetError} from '../../src/fleet/connection.js'
import {FleetServerError, UsageError} from '../../src/errors.js'

describe('schema', () => {
  it('creates one database and three ReplacingMergeTree tables keyed by host and dir_name', () => {
    const ddl = createStatements({database: 'trace_doctor'})
    expect(ddl).toHaveLength(4)
    expect(ddl[0]).toBe('CREATE DATABASE IF NOT EXISTS `trace_doctor`')
    for (const [i, table] of (['sessions', 'anomalies', 'snapshots'] as const).entries()) {
      expect(ddl[i + 1]).toContain(`CREATE TABLE IF NOT EXISTS \`trace_doctor\`.\`${table}\``)
      expect(ddl[i + 1]).toContain('ENGINE = ReplacingMergeTree(version)')
      expect(ddl[i + 1]).toContain(`ORDER BY (${KEYS[table].join(', ')})`)
      expect(KEYS[table].slice(0, 2)).toEqual(['host', 'dir_name'])
    }
    expect(KEYS.snapshots).toContain('seq')
    expect(KEYS.anomalies).toEqual(expect.arrayContaining(['seq', 'kind']))
    // 18.16 has neither: the DDL must not use them.
    expect(ddl.join('\n')).not.toMatch(/DateTime64|LowCardinality|JSON/)
  })

  it('with a cluster: T_local tables plus Distributed T sharded by host; ON CLUSTER only when asked', () => {
    const ddl = createStatements({database: 'db', cluster: 'fleet'})
    expect(ddl).toHaveLength(7)
    expect(ddl[1]).toContain('`db`.`sessions_local`')
    expect(ddl[2]).toBe("CREATE TABLE IF NOT EXISTS `db`.`sessions` AS `db`.`sessions_local`\nENGINE = Distributed(`fleet`, `db`, `sessions_local`, cityHash64(host))")
    expect(ddl.join('\n')).not.toContain('ON CLUSTER')
    expect(createStatements({database: 'db', cluster: 'fleet', onCluster: true})[0]).toBe('CREATE DATABASE IF NOT EXISTS `db` ON CLUSTER `fleet`')
  })

  it('checkShape accepts extra columns and 18.16 quoting, refuses a missing or retyped one', () => {
    const ours = COLUMNS.snapshots.map((c) => ({...c, type: c.type.replace(/'/g, "\\'")}))
    expect(checkShape('snapshots', [...ours, {name: 'extra', type: 'String'}])).toBeUndefined()
    expect(checkShape('snapshots', ours.filter((c) => c.name !== 'row'))).toEqual({table: 'snapshots', problem: 'has no column row (String)'})
    expect(checkShape('snapshots', ours.map((c) => (c.name === 'seq' ? {...c, type: 'String'} : c)))?.problem).toBe('column seq is String, expected UInt32')
  })

  it('quotes identifiers and strings so flag values cannot break out', () => {
    expect(quoteIdent('a`b')).toBe('`a\\`b`')
    expect(quoteString("x' OR 1 --\\")).toBe("'x\\' OR 1 --\\\\'")
  })
})

describe('planShipment', () => {
  const line = (dir_name: string, timestamp?: string) => ({dir_name, ...(timestamp ? {timestamp} : {})})

  it('skips what the ledger lists, keeps the last line of a repeated dir, applies --since, oldest first', () => {
    const plan = planShipment([line('b', '2026-04-02T00:00:00+00:00'), line('a', '2026-04-01T00:00:00+00:00'), line('c', '2026-03-01T00:00:00+00:00'), line('b', '2026-04-03T00:00:00+00:00')], new Set(['a']), Date.parse('2026-03-15'))
    expect(plan).toMatchObject({total: 2, alreadyShipped: 1})
    expect(plan.toShip.map((s) => [s.dirName, s.index['timestamp']])).toEqual([['b', '2026-04-03T00:00:00+00:00']])
  })

  it('cuts batches by count and bytes, never splitting a session', () => {
    expect(cutBatches([1, 1, 1, 1, 1], (n) => n, 2, 100)).toEqual([[1, 1], [1, 1], [1]])
    expect(cutBatches([60, 60, 10, 200], (n) => n, 10, 100)).toEqual([[60], [60, 10], [200]])
  })
})

describe('fleet queries', () => {
  it('translate every local filter, values quoted', () => {
    expect(sessionConditions({}, 'db')).toBe('1')
    const where = sessionConditions({failed: true, crashed: true, anomalies: true, drift: true, comm: "o'brien", host: 'h', sinceMs: Date.parse('2026-04-13T11:04:43.250Z')}, 'db')
    expect(where).toBe(
      "success = 0 AND subtype = 'crashed' AND anomaly_count > 0 AND (tracked_comm_drift = 1 OR (position(index_line, '\"identity_drift\": true') > 0 OR (host, dir_name) GLOBAL IN (SELECT host, dir_name FROM `db`.anomalies WHERE kind = 'identity_drift'))) AND tracked_comm = 'o\\'brien' AND host = 'h' AND (toUInt32(start) > 1776078283 OR (toUInt32(start) = 1776078283 AND start_us >= 250000))",
    )
  })

  it('read each session once (newest version) and cap with LIMIT', () => {
    const sql = sessionsQuery('trace_doctor', {limit: 5})
    expect(sql).toContain('ORDER BY version DESC LIMIT 1 BY host, dir_name')
    expect(sql.endsWith(' LIMIT 5')).toBe(true)
  })
})

describe('parseFleetTarget', () => {
  it('takes the password from CLICKHOUSE_PASSWORD over the URL and never shows it', () => {
    const t = parseFleetTarget('https://ship%40er:url-pw@ch.example.com:8443/ignored', 'trace_doctor', {CLICKHOUSE_PASSWORD: 'env-pw'})
    expect(t).toMatchObject({origin: 'https://ch.example.com:8443', username: 'ship@er', password: 'env-pw', display: 'https://ship%40er@ch.example.com:8443/trace_doctor'})
    expect(parseFleetTarget('http://u:url-pw@h:1', 'db', {}).password).toBe('url-pw')
    expect(parseFleetTarget('http://h:1', 'db', {}).username).toBe('default')
  })

  it('refuses what is not an http(s) URL, without echoing a password', () => {
    expect(() => parseFleetTarget('tcp://h:9000', 'db', {})).toThrow(UsageError)
    expect(() => parseFleetTarget('not a url :secret@', 'db', {})).toThrow(/not a URL/)
    expect(() => parseFleetTarget('http://h:1', 'a`b', {})).toThrow(UsageError)
  })

  it('turns server and network failures into one line, the password scrubbed', () => {
    const target = parseFleetTarget('http://u:hunter2@h:1', 'db', {})
    const auth = toFleetError(new Error('Code: 193, e.displayText() = DB::Exception: Wrong password hunter2, e.what() = DB::Exception'), target, 'x')
    expect(auth).toBeInstanceOf(FleetServerError)
    expect(auth.message).toBe('ClickHouse at http://u@h:1/db refused user u: Code: 193, DB::Exception: Wrong password ***')
    const refused = toFleetError(Object.assign(new Error('connect ECONNREFUSED'), {code: 'ECONNREFUSED'}), target, 'inserting')
    expect(refused.message).toBe('cannot reach ClickHouse at http://u@h:1/db while inserting: ECONNREFUSED')
  })
})
