/**
 * Creates the fleet database and tables on first use, and refuses a table of another shape
 * before anything is inserted into it (so nothing is marked shipped on a schema mismatch).
 */
import type {ClickHouseClient} from '@clickhouse/client'
import {FleetServerError} from '../errors.js'
import {checkShape, createStatements, FLEET_TABLES, localTableName, quoteString, type Column, type FleetTable, type SchemaTarget} from './schema.js'

/** Columns of the tables that exist in `database`, by table name. */
export async function readColumns(client: ClickHouseClient, database: string): Promise<Map<string, Column[]>> {
  const result = await client.query({
    query: `SELECT table, name, type FROM system.columns WHERE database = ${quoteString(database)}`,
    format: 'JSONEachRow',
  })
  const rows = await result.json<{table: string; name: string; type: string}>()
  const byTable = new Map<string, Column[]>()
  for (const row of rows) {
    const list = byTable.get(row.table) ?? []
    list.push({name: row.name, type: row.type})
    byTable.set(row.table, list)
  }
  return byTable
}

/** Throws FleetServerError when an existing table does not have our columns. */
export function assertShapes(columns: Map<string, Column[]>, target: SchemaTarget, tables: readonly FleetTable[] = FLEET_TABLES): void {
  for (const table of tables) {
    const names = target.cluster === undefined ? [table] : [table, localTableName(table, target)]
    for (const name of names) {
      const actual = columns.get(name)
      if (actual === undefined) continue
      const problem = checkShape(table, actual)
      if (problem !== undefined) {
        throw new FleetServerError(`table ${target.database}.${name} has another shape: ${problem.problem}`, {
          hint: 'ship into another database with --database, or drop or rename that table',
        })
      }
    }
  }
}

/** Creates what is missing (IF NOT EXISTS) after checking what exists. Returns the statements run. */
export async function ensureSchema(client: ClickHouseClient, target: SchemaTarget): Promise<{created: boolean}> {
  const before = await readColumns(client, target.database)
  assertShapes(before, target)
  const complete = FLEET_TABLES.every((t) => before.has(t) && (target.cluster === undefined || before.has(localTableName(t, target))))
  if (complete) return {created: false}
  for (const statement of createStatements(target)) await client.command({query: statement})
  return {created: true}
}

/** For the readers: every table must exist with our shape. */
export async function requireSchema(client: ClickHouseClient, target: SchemaTarget, tables: readonly FleetTable[]): Promise<void> {
  const columns = await readColumns(client, target.database)
  for (const table of tables) {
    if (!columns.has(table)) {
      throw new FleetServerError(`ClickHouse has no table ${target.database}.${table}`, {hint: 'ship sessions first (trace-doctor ship --clickhouse URL), or pass the --database they went to'})
    }
  }
  assertShapes(columns, target, tables)
}
