import {hostname} from 'node:os'
import * as Flags from '@oclif/core/flags'
import {BaseCommand} from '../src/cli/base-command.js'
import {clickhouseFlag, databaseFlag, logDirFlag} from '../src/cli/flags.js'
import {ProgressBar} from '../src/cli/progress.js'
import {UsageError} from '../src/errors.js'
import {parseFleetTarget} from '../src/fleet/connection.js'
import {createStatements} from '../src/fleet/schema.js'
import {ship, type ShipResult} from '../src/fleet/ship.js'
import {resolveLogDir} from '../src/store/log-dir.js'

export default class Ship extends BaseCommand {
  static override summary = 'Send finalized sessions to a ClickHouse fleet server'
  static override description = `Sends every finalized session of the log dir that the server has not acknowledged yet: one row per session (index line, summary, host, cause of death), its anomalies and every snapshot row, into the tables sessions, anomalies and snapshots of --database (created on first use; --print-ddl shows them).

Sessions go in batches, one INSERT per table, streamed from disk: memory stays flat whatever the log dir's size. What the server acknowledged is listed in ship-ledger.jsonl in the log dir, so a second run sends only new sessions. A run killed at any point can simply be run again: rows sent twice are counted once by every fleet query (see docs/fleet.md).

The password comes from CLICKHOUSE_PASSWORD, else from the URL; it is never printed.

Exit codes: 0 shipped (or nothing to ship); 2 usage error, unreadable log dir, unreachable server, refused credentials or a table of another shape (nothing of the failed batch is marked shipped).`
  static override examples = [
    '<%= config.bin %> ship --clickhouse http://127.0.0.1:8123',
    'CLICKHOUSE_PASSWORD=… <%= config.bin %> ship --clickhouse https://shipper@ch.example.com:8443 --since 2026-04-01 --json',
    '<%= config.bin %> ship --clickhouse http://127.0.0.1:8123 --dry-run',
    '<%= config.bin %> ship --print-ddl --cluster fleet --on-cluster',
  ]
  static override flags = {
    clickhouse: clickhouseFlag,
    database: databaseFlag,
    'log-dir': logDirFlag,
    host: Flags.string({summary: 'host name stored with each session (default: this machine\'s)', helpValue: 'NAME'}),
    since: Flags.string({summary: 'only sessions started at or after this date or ISO time'}),
    'dry-run': Flags.boolean({summary: 'show what would be sent; contact no server and mark nothing'}),
    cluster: Flags.string({summary: 'ship through Distributed tables over this cluster (per-shard tables are T_local)', helpValue: 'NAME'}),
    'init-only': Flags.boolean({summary: 'create the database and tables if missing, send nothing'}),
    'print-ddl': Flags.boolean({summary: 'print the CREATE statements and exit'}),
    'on-cluster': Flags.boolean({summary: 'with --print-ddl --cluster: add ON CLUSTER (a real cluster with Keeper)', dependsOn: ['cluster']}),
    'batch-size': Flags.integer({summary: 'sessions per INSERT', min: 1, default: 250}),
    jobs: Flags.integer({summary: 'threads parsing trace rows (default: 2 from 32 MiB of trace, else 1 = no threads)', min: 1, max: 64}),
  }

  async run(): Promise<ShipResult | {ddl: string[]}> {
    const {flags} = await this.parse(Ship)
    if (flags['print-ddl']) {
      const ddl = createStatements({database: flags.database, cluster: flags.cluster, onCluster: flags['on-cluster']})
      if (!this.jsonEnabled()) this.log(ddl.map((s) => `${s};\n`).join('\n'))
      return {ddl}
    }
    if (flags.clickhouse === undefined) throw new UsageError('ship needs --clickhouse URL', 'e.g. --clickhouse http://127.0.0.1:8123 (or --print-ddl to see the tables)')
    const target = parseFleetTarget(flags.clickhouse, flags.database)
    const sinceMs = flags.since === undefined ? undefined : Date.parse(flags.since)
    if (sinceMs !== undefined && Number.isNaN(sinceMs)) throw new UsageError(`--since: not a date: ${flags.since}`, 'use e.g. 2026-04-13 or 2026-04-13T11:00:00Z')
    const host = flags.host ?? hostname()
    if (host === '') throw new UsageError('--host: empty host name')
    const progress = new ProgressBar({label: 'ship', allowed: !this.jsonEnabled()})
    const result = await ship({
      logDir: resolveLogDir(flags['log-dir']),
      target,
      host,
      cluster: flags.cluster,
      sinceMs,
      dryRun: flags['dry-run'],
      initOnly: flags['init-only'],
      batchSessions: flags['batch-size'],
      jobs: flags.jobs,
      shippedBy: `${this.config.bin} ${this.config.version}`,
      onProgress: progress.onProgress,
    }).finally(() => progress.finish())
    if (!this.jsonEnabled()) {
      for (const w of result.warnings) this.logToStderr(`Warning: ${w}`)
      this.log(renderShipResult(result))
    }
    return result
  }
}

function renderShipResult(r: ShipResult): string {
  const verb = r.dry_run ? 'would ship' : 'shipped'
  const rows = r.dry_run ? `${(r.trace_bytes / 1024 / 1024).toFixed(1)} MiB of trace` : `${r.snapshots} snapshot rows, ${r.anomalies} anomalies`
  return `${verb} ${r.shipped} session(s) as host ${r.host} to ${r.server} (${rows}); ${r.already_shipped} of ${r.sessions_total} already there${r.created_schema ? '; created the tables' : ''}`
}
