/**
 * The ship ledger, `ship-ledger.jsonl` in the log dir: one line per session the server has
 * acknowledged, appended (one write + fsync per batch) only after every insert of the batch
 * returned, keys sorted:
 *
 *   {"dir_name": "s-1", "host": "build-7", "server": "http://127.0.0.1:8123/trace_doctor", "shipped_at": "2026-…+00:00"}
 *
 * It only saves work: a session missing from it (the ship was killed between the server's ack
 * and the append) is sent again, and the server's ReplacingMergeTree plus the fleet queries'
 * `LIMIT 1 BY` count it once. `server` has no credentials. A torn last line (a killed writer) is
 * ignored and closed off by the next append.
 */
import {join} from 'node:path'
import {errnoCode} from '../errors.js'
import {readNdjson} from '../io/ndjson-reader.js'
import {pyDumps} from '../io/py-json.js'
import {appendLinesDurably} from '../store/durable-write.js'

export const LEDGER_FILE = 'ship-ledger.jsonl'
export const ledgerPath = (logDir: string): string => join(logDir, LEDGER_FILE)

/** dir_names already acknowledged by `server` for `host`. */
export async function readLedger(logDir: string, server: string, host: string): Promise<Set<string>> {
  const shipped = new Set<string>()
  try {
    await readNdjson(ledgerPath(logDir), (record) => {
      if (record['server'] === server && record['host'] === host && typeof record['dir_name'] === 'string') shipped.add(record['dir_name'])
    })
  } catch (error) {
    if (errnoCode((error as {cause?: unknown}).cause) !== 'ENOENT' && errnoCode(error) !== 'ENOENT') throw error
  }
  return shipped
}

export function appendLedger(logDir: string, server: string, host: string, dirNames: readonly string[], shippedAt: string): void {
  if (dirNames.length === 0) return
  appendLinesDurably(ledgerPath(logDir), dirNames.map((dir_name) => pyDumps({dir_name, host, server, shipped_at: shippedAt}, {sortKeys: true}) + '\n').join(''))
}
