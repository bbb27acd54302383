import * as Flags from '@oclif/core/flags'
import {BaseCommand} from '../src/cli/base-command.js'
import {clickhouseFlag, databaseFlag, logDirFlag} from '../src/cli/flags.js'
import {UsageError} from '../src/errors.js'
import type {FleetHostsJson, FleetSessionsJson, JsonResult, SessionsJson} from '../src/model/cli-output.js'
import {CAUSE_VERDICTS} from '../src/model/cause-of-death.js'
import {indexPath} from '../src/store/layout.js'
import {filterSessions, renderSessionTable} from '../src/store/list-sessions.js'
import {redactionLines} from '../src/redact/redactor.js'
import {escapeLine} from '../src/render/terminal-text.js'
import {withDrift} from '../src/store/session-drift.js'
import {resolveLogDir} from '../src/store/log-dir.js'
import {readSessionsIndex} from '../src/store/session-index.js'

export default class Sessions extends BaseCommand {
  static override summary = 'List finalized sessions from the index, newest first.'
  static override description = `Reads sessions.jsonl in the log dir and prints one line per session, newest first. Filters combine (all must match). Torn or garbage index lines are skipped and reported once, as a warning (on stderr, or in the --json document's warnings). With --json: {log_dir, index_path, sessions: [...], skipped_lines, html?, warnings}.

--html FILE writes the listed sessions as a page with secrets and home dirs redacted (what was masked is printed; --no-redact writes it as is). A regular FILE is replaced atomically, a character device or a FIFO with a reader is written into, a symbolic link or a directory is refused.

With --clickhouse URL the same question goes to the fleet (sessions shipped by \`trace-doctor ship\` from every host): the same filters plus --host; --json gives {clickhouse, database, sessions: [...], warnings}, each session the local fields plus its \`host\`. --by-host prints one summary per host instead (sessions, failures, crashes, drift, leak suspects, snapshot rows, top anomaly kinds); --json: {clickhouse, database, hosts: [...], warnings}.

Exit codes: 0 listed (even when nothing matched), 2 usage error, unreadable index or an unusable fleet server.`
  static override examples = [
    '<%= config.bin %> <%= command.id %> --clickhouse http://127.0.0.1:8123 --crashed --host build-7',
    '<%= config.bin %> <%= command.id %> --clickhouse http://127.0.0.1:8123 --by-host --since 2026-04-01 --json',
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --crashed --since 2026-04-01',
    '<%= config.bin %> <%= command.id %> --anomalies --comm claude --limit 20 --json',
    '<%= config.bin %> <%= command.id %> --html sessions.html',
    '<%= config.bin %> <%= command.id %> --cause oom_killed',
  ]
  static override flags = {
    'log-dir': logDirFlag,
    failed: Flags.boolean({summary: 'only sessions that did not succeed'}),
    crashed: Flags.boolean({summary: 'only crash-recovered sessions (subtype crashed)'}),
    anomalies: Flags.boolean({summary: 'only sessions with at least one anomaly'}),
    drift: Flags.boolean({summary: 'only sessions whose trace shows another process than the workload (tracked_comm_drift or an identity_drift anomaly; --json says which in drift_by)'}),
    comm: Flags.string({summary: 'only sessions whose tracked comm is exactly this'}),
    cause: Flags.string({summary: 'only sessions whose cause of death is this verdict', options: [...CAUSE_VERDICTS]}),
    since: Flags.string({summary: 'only sessions started at or after this date or ISO time'}),
    limit: Flags.integer({summary: 'print at most this many sessions', min: 1}),
    redact: Flags.boolean({summary: 'with --html: redact secrets and home dirs from the page (--no-redact to write text as is)', default: true, allowNo: true}),
    // --- fleet ---
    clickhouse: clickhouseFlag,
    database: databaseFlag,
    host: Flags.string({summary: 'with --clickhouse: only sessions shipped by this host', helpValue: 'NAME', dependsOn: ['clickhouse']}),
    'by-host': Flags.boolean({summary: 'with --clickhouse: one summary line per host instead of one per session', dependsOn: ['clickhouse']}),
    html: Flags.string({summary: 'also write the listed sessions as an HTML page, linking each to its report', helpValue: 'FILE'}),
  }

  async run(): Promise<JsonResult<SessionsJson> | JsonResult<FleetSessionsJson> | JsonResult<FleetHostsJson>> {
    const {flags} = await this.parse(Sessions)
    const sinceMs = flags.since === undefined ? undefined : Date.parse(flags.since)
    if (sinceMs !== undefined && Number.isNaN(sinceMs)) throw new UsageError(`--since: not a date: ${flags.since}`, 'use e.g. 2026-04-13 or 2026-04-13T11:00:00Z')
    if (flags.clickhouse !== undefined) {
      if (flags.html !== undefined) throw new UsageError('--html lists a local log dir; it cannot be combined with --clickhouse')
      // Loaded only with --clickhouse: the ClickHouse client is not on the start-up path.
      const [{parseFleetTarget}, {queryFleetSessions, queryHostSummaries, renderHostTable, safeText, withFleet}] = await Promise.all([
        import('../src/fleet/connection.js'),
        import('../src/fleet/query-fleet.js'),
      ])
      const target = parseFleetTarget(flags.clickhouse, flags.database)
      const {failed, crashed, anomalies, drift, comm, limit, host} = flags
      const filter = {failed, crashed, anomalies, drift, comm, sinceMs, limit, host}
      const where = {clickhouse: target.display, database: target.database}
      if (flags['by-host']) {
        const hosts = await withFleet(target, 'summarizing hosts', (client) => queryHostSummaries(client, target.database, filter))
        if (!this.jsonEnabled()) this.log(hosts.length === 0 ? `no sessions match in ${target.display}` : renderHostTable(hosts))
        return {...where, hosts}
      }
      const found = await withFleet(target, 'listing sessions', (client) => queryFleetSessions(client, target.database, filter))
      if (!this.jsonEnabled()) {
        this.log(found.length === 0 ? `no sessions match in ${target.display}` : renderSessionTable(found.map((s) => ({...s, dir_name: `${safeText(s.host)}:${s.dir_name}`}))))
      }
      return {...where, sessions: found}
    }
    const logDir = resolveLogDir(flags['log-dir'])
    const index = await readSessionsIndex(logDir)
    if (index.skippedCount > 0) {
      this.warnUser(`${index.indexPath}: skipped ${index.skippedCount} torn or unreadable line(s), first at line ${index.skipped[0]?.line}`)
    }
    const {failed, crashed, anomalies, drift, comm, cause, limit} = flags
    const lines = filterSessions(await withDrift(logDir, index.sessions.map((s) => s.line)), {failed, crashed, anomalies, drift, comm, cause, sinceMs, limit})
    if (!this.jsonEnabled()) this.log(lines.length === 0 ? `no sessions match in ${indexPath(logDir)}` : renderSessionTable(lines))
    const result: JsonResult<SessionsJson> = {log_dir: logDir, index_path: index.indexPath, sessions: lines, skipped_lines: index.skippedCount}
    if (flags.html !== undefined) {
      // Loaded only for --html: the page renderer is not on the start-up path of a listing.
      const {writeSessionsPage} = await import('../src/html/write-sessions-page.js')
      const only = new Set(lines.map((l) => l.dir_name))
      const page = await writeSessionsPage(logDir, flags.html, {only, redact: flags.redact, generator: `${this.config.bin} ${this.config.version}`})
      if (!this.jsonEnabled()) {
        for (const line of redactionLines(page.redactions)) this.log(escapeLine(line))
        this.log(`Wrote ${escapeLine(page.output)} (${page.sessions} sessions, ${page.with_report} with a report)`)
      }
      result.html = page
    }
    return result
  }
}
