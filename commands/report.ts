import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'
import {BaseCommand} from '../src/cli/base-command.js'
import {ProgressBar} from '../src/cli/progress.js'
import {buildReport, type ReportResult} from '../src/html/build-report.js'
import {redactionLines} from '../src/redact/redactor.js'
import {escapeLine} from '../src/render/terminal-text.js'

export default class Report extends BaseCommand {
  static override summary = 'Write a self-contained HTML report of one trace: identity, charts, anomalies, trends'
  static override description = `PATH is what analyze takes: a session dir, a proc_trace.jsonl, or a tmpfs trace {prefix}_trace_{pid}.jsonl (with its enrollment sidecar).

The page is one HTML file with no network access at view time (no external scripts, fonts or images; its Content Security Policy forbids them): the traced pid, comm, cmdline and expected comm, a red banner on identity drift, charts of RSS, CPU, threads, fds against their limit and OOM score on a shared time axis with every anomaly marked and a hover readout, the anomaly table and the trends of analyze.

Long traces are downsampled to at most 2,048 buckets per chart keeping each bucket's min and max, so peaks survive and the page stays small (about 1 MB for 200,000 snapshots).

Secrets (tokens, private keys, key=value secrets, URL credentials; secretlint's recommended rules plus our own) and home dirs are redacted from everything on the page, and the command says what it masked; --no-redact writes the page as is.

Output: --output FILE, else <session-dir>/report.html for a session dir, else ./trace-doctor-report.html. A regular file is replaced atomically; a character device or a FIFO with a reader (/dev/stdout, a pipe) is written into; a symbolic link, a directory or a FIFO without a reader is refused and left as it is.

Exit codes: 0 written; 2 usage error, unreadable input or unwritable output.`
  static override examples = [
    '<%= config.bin %> report ~/.local/share/trace-doctor/logs/sessions/my-session',
    '<%= config.bin %> report /dev/shm/autoskillit_trace_4242.jsonl --output /tmp/claude-4242.html',
    '<%= config.bin %> report fixtures/sessions/pty-wrapper --output pty.html --json',
  ]
  static override args = {path: Args.string({description: 'session dir, proc_trace.jsonl or tmpfs trace file', required: true})}
  static override flags = {
    output: Flags.string({char: 'o', summary: 'where to write the HTML page (default: <session-dir>/report.html or ./trace-doctor-report.html)', helpValue: 'FILE'}),
    pid: Flags.integer({summary: 'pid for anomaly records when the input does not tell', min: 0}),
    'expect-comm': Flags.string({summary: 'the comm the trace should show (default: from summary/sidecar, else the modal comm)'}),
    redact: Flags.boolean({summary: 'redact secrets and home dirs from the page (--no-redact to write text as is)', default: true, allowNo: true}),
  }

  async run(): Promise<ReportResult> {
    const {args, flags} = await this.parse(Report)
    const progress = new ProgressBar({label: 'report', allowed: !this.jsonEnabled()})
    let result: ReportResult
    try {
      result = await buildReport(args.path, {
        output: flags.output,
        pid: flags.pid,
        expectedComm: flags['expect-comm'],
        generator: `${this.config.bin} ${this.config.version}`,
        redact: flags.redact,
        onProgress: progress.onProgress,
      })
    } finally {
      progress.finish()
    }
    if (!this.jsonEnabled()) {
      for (const w of result.warnings) this.logToStderr(`Warning: ${escapeLine(w)}`)
      const drift = result.identity_drift ? ' — IDENTITY DRIFT, see the banner' : ''
      for (const line of redactionLines(result.redactions)) this.log(escapeLine(line))
      this.log(`Wrote ${escapeLine(result.output)} (${(result.bytes / 1024).toFixed(0)} KiB, ${result.snapshots} snapshots as ${result.points} points, ${result.anomalies} anomalies${drift})`)
    }
    return result
  }
}
