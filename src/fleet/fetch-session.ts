/**
 * A shipped session, read back from the fleet into a private temp session dir (summary.json,
 * proc_trace.jsonl, anomalies.jsonl: the lines exactly as they were on the shipping host), so
 * `analyze` and `report` examine it with the same code as a local one. Rows are streamed to
 * the file (memory flat), and the dir is removed when `fn` returns.
 */
import {createWriteStream} from 'node:fs'
import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {once} from 'node:events'
import type {ClickHouseClient} from '@clickhouse/client'
import {FleetServerError} from '../errors.js'
import {ANOMALIES_FILE, SUMMARY_FILE, TRACE_FILE, assertSafeName} from '../store/layout.js'
import type {FleetTarget} from './connection.js'
import {anomalyRecordsQuery, sessionRowQuery, snapshotRowsQuery} from './fleet-queries.js'
import {withFleet} from './query-fleet.js'

export interface ShippedSessionRef {
  host: string
  dirName: string
}

export async function withShippedSession<T>(target: FleetTarget, ref: ShippedSessionRef, fn: (sessionDir: string) => Promise<T>): Promise<T> {
  assertSafeName(ref.dirName)
  const root = await mkdtemp(join(tmpdir(), 'trace-doctor-fleet-'))
  try {
    const dir = join(root, ref.dirName)
    await mkdir(dir)
    await withFleet(target, `reading session ${ref.dirName} of ${ref.host}`, (client) => fetchInto(client, target.database, ref, dir))
    return await fn(dir)
  } finally {
    await rm(root, {recursive: true, force: true})
  }
}

async function fetchInto(client: ClickHouseClient, database: string, ref: ShippedSessionRef, dir: string): Promise<void> {
  const found = await (await client.query({query: sessionRowQuery(database, ref.host, ref.dirName), format: 'JSONEachRow'})).json<{summary: string}>()
  if (found.length === 0) {
    throw new FleetServerError(`no session ${JSON.stringify(ref.dirName)} of host ${JSON.stringify(ref.host)} in ${database}`, {
      hint: 'list them with: trace-doctor sessions --clickhouse URL --host HOST',
    })
  }
  if (found[0]!.summary !== '') await writeFile(join(dir, SUMMARY_FILE), found[0]!.summary)
  await streamColumn(client, snapshotRowsQuery(database, ref.host, ref.dirName), 'row', join(dir, TRACE_FILE))
  await streamColumn(client, anomalyRecordsQuery(database, ref.host, ref.dirName), 'record', join(dir, ANOMALIES_FILE))
}

/** Writes one String column of a query's rows, one per line, to `path`. */
async function streamColumn(client: ClickHouseClient, query: string, column: string, path: string): Promise<void> {
  const result = await client.query({query, format: 'JSONEachRow'})
  const out = createWriteStream(path)
  for await (const batch of result.stream<Record<string, string>>()) {
    let text = ''
    for (const row of batch) text += row.json()[column] + '\n'
    if (!out.write(text)) await once(out, 'drain')
  }
  out.end()
  await once(out, 'finish')
}
