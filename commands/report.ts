import {resolve} from 'node:path'
import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'
import {UsageError} from '../src/errors.js'
import {BaseCommand} from '../src/cli/base-command.js'
import {clickhouseFlag, databaseFlag} from '../src/cli/flags.js'
import {ProgressBar} from '../src/cli/progress.js'
import {buildReport, type ReportResult} from '../src/html/build-report.js'
import type {JsonResult, ReportJson} from '../src/model/cli-output.js'
import {redactionLines} from '../src/redact/redactor.js'
import {escapeLine} from '../src/render/terminal-text.js'

export default class Report extends BaseCommand {
  static override summary = 'Write a self-contained HTML report of one trace: identity, charts, anomalies, trends'
  static override description = `PATH is what analyze takes: a session dir, a proc_trace.jsonl, or a tmpfs trace {prefix}_trace_{pid}.jsonl (with its enrollment sidecar).

The page is one HTML file with no network access at view time (no external scripts, fonts or images; its Content Security Policy forbids them): the traced pid, comm, cmdline and expected comm, a red banner on identity drift, charts of RSS, CPU, threads, fds against their limit and OOM score on a shared time axis with every anomaly marked and a hover readout, the anomaly table and the trends of analyze.

Long traces are downsampled to at most 2,048 buckets per chart keeping each bucket's min and max, so peaks survive and the page stays small (about 1 MB for 200,000 snapshots).

Secrets (tokens, private keys, key=value secrets, URL credentials; secretlint's recommended rules plus our own) and home dirs are redacted from everything on the page, and the command says what it masked; --no-redact writes the page as is.

Output: --output FILE, else <session-dir>/report.html for a session dir, else ./trace-doctor-report.html. A regular file is replaced atomically; a character device or a FIFO with a reader (/dev/stdout, a pipe) is written into; a symbolic link, a directory or a FIFO without a reader is refused and left as it is.

With --clickhouse URL --host H, PATH is the dir name of a session that host shipped (\`trace-doctor ship\`); the page goes to --output, else ./report-<dir name>.html.

Exit codes: 0 written; 2 usage error, unreadable input or unwritable output.`
  static override examples = [
    '<%= config.bin %> report ~/.local/share/trace-doctor/logs/sessions/my-session',
    '<%= config.bin %> report /dev/shm/autoskillit_trace_4242.jsonl --output /tmp/claude-4242.html',
    '<%= config.bin %> report fixtures/sessions/pty-wrapper --output pty.html --json',
    '<%= config.bin %> report --clickhouse http://127.0.0.1:8123 --host build-7 my-session --output my-session.html',
  ]
  static override args = {path: Args.string({description: 'session dir, proc_trace.jsonl or tmpfs trace file', required: true})}
  static override flags = {
    output: Flags.string({char: 'o', summary: 'where to write the HTML page (default: <session-dir>/report.html or ./trace-doctor-report.html)', helpValue: 'FILE'}),
    pid: Flags.integer({summary: 'pid for anomaly records when the input does not tell', min: 0}),
    'expect-comm': Flags.string({summary: 'the comm the trace should show (default: from summary/sidecar, else the modal comm)'}),
    redact: Flags.boolean({summary: 'redact secrets and home dirs from the page (--no-redact to write text as is)', default: true, allowNo: true}),
    // --- fleet ---
    clickhouse: clickhouseFlag,
    database: databaseFlag,
    host: Flags.string({summary: 'with --clickhouse: the host that shipped the session', helpValue: 'NAME', dependsOn: ['clickhouse']}),
  }

  async run(): Promise<JsonResult<ReportJson> & {warnings: string[]}> {
    const {args, flags} = await this.parse(Report)
    const progress = new ProgressBar({label: 'report', allowed: !this.jsonEnabled()})
    let result: ReportResult
    const build = (path: string, output: string | undefined) =>
      buildReport(path, {
        output,
        pid: flags.pid,
        expectedComm: flags['expect-comm'],
        generator: `${this.config.bin} ${this.config.version}`,
        redact: flags.redact,
        onProgress: progress.onProgress,
      })
    try {
      if (flags.clickhouse === undefined) result = await build(args.path, flags.output)
      else {
        if (flags.host === undefined) throw new UsageError('--clickhouse needs --host: the host that shipped the session')
        // The session is read into a temp dir that is gone afterwards: the page goes to the cwd.
        const output = resolve(flags.output ?? `report-${args.path}.html`)
        // Loaded only with --clickhouse: the ClickHouse client is not on the start-up path.
        const [{parseFleetTarget}, {withShippedSession}] = await Promise.all([import('../src/fleet/connection.js'), import('../src/fleet/fetch-session.js')])
        result = await withShippedSession(parseFleetTarget(flags.clickhouse, flags.database), {host: flags.host, dirName: args.path}, (dir) => build(dir, output))
      }
    } finally {
      progress.finish()
    }
    if (!this.jsonEnabled()) {
      for (const w of result.warnings) this.logToStderr(`${this.warningPrefix}${escapeLine(w)}`)
      const drift = result.identity_drift ? ' — IDENTITY DRIFT, see the banner' : ''
      for (const line of redactionLines(result.redactions)) this.log(escapeLine(line))
      this.log(`Wrote ${escapeLine(result.output)} (${(result.bytes / 1024).toFixed(0)} KiB, ${result.snapshots} snapshots as ${result.points} points, ${result.anomalies} anomalies${drift})`)
    }
    return result
  }
}
