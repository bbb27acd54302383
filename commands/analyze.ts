import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'
import pc from 'picocolors'
import {analyzeInput} from '../src/input/analyze-input.js'
import {toAnalyzeResult, worstSeverityRank, type AnalyzeResult} from '../src/analyze/analysis-result.js'
import {BaseCommand} from '../src/cli/base-command.js'
import {clickhouseFlag, databaseFlag} from '../src/cli/flags.js'
import {ProgressBar} from '../src/cli/progress.js'
import {EXIT, UsageError} from '../src/errors.js'
import {SEVERITY_RANK} from '../src/model/anomaly.js'
import {PLAIN, renderAnalysisText} from '../src/render/render-analysis-text.js'
import {parseSizeKb} from '../src/render/units.js'

export default class Analyze extends BaseCommand {
  static override summary = 'Peaks, modal comm, identity drift, anomalies and trends of one trace'
  static override description = `PATH is a session dir (uses its proc_trace.jsonl and summary.json), a proc_trace.jsonl, or a tmpfs trace {prefix}_trace_{pid}.jsonl (pid from the name, expected comm from the enrollment sidecar beside it).

The trace is streamed once: memory stays flat whatever its size. Malformed lines are skipped and reported with their line number; a torn last line (the writer died mid-line) is counted, not an error.

With --clickhouse URL --host H, PATH is the dir name of a session that host shipped (\`trace-doctor ship\`): it is read back from the fleet and analyzed the same way, from any machine.

Exit codes: 0 analyzed; 1 an anomaly at or above --fail-on was found; 2 usage error or unreadable input.`
  static override examples = [
    '<%= config.bin %> analyze ~/.local/share/trace-doctor/logs/sessions/my-session',
    '<%= config.bin %> analyze /dev/shm/autoskillit_trace_4242.jsonl --expect-comm claude',
    '<%= config.bin %> analyze fixtures/sessions/oom-spike --json --fail-on critical',
    '<%= config.bin %> analyze ./session --write',
    '<%= config.bin %> analyze --clickhouse http://127.0.0.1:8123 --host build-7 crashed_4242_2026-04-13T11-05-00.000000+00-00',
  ]
  static override args = {path: Args.string({description: 'session dir, proc_trace.jsonl or tmpfs trace file', required: true})}
  static override flags = {
    pid: Flags.integer({summary: 'pid for anomaly records when the input does not tell', min: 0}),
    'expect-comm': Flags.string({summary: 'the comm the trace should show (default: from summary/sidecar, else the modal comm)'}),
    write: Flags.boolean({summary: "rewrite the session dir's summary.json and anomalies.jsonl from this analysis"}),
    'fail-on': Flags.string({summary: 'exit 1 when an anomaly of this severity or worse is found', options: ['critical', 'warning']}),
    'memory-limit': Flags.string({summary: 'memory limit (e.g. 4GiB, 512M) to project the time until RSS reaches it', helpValue: 'SIZE'}),
    // --- fleet ---
    clickhouse: clickhouseFlag,
    database: databaseFlag,
    host: Flags.string({summary: 'with --clickhouse: the host that shipped the session', helpValue: 'NAME', dependsOn: ['clickhouse']}),
  }

  async run(): Promise<AnalyzeResult> {
    const {args, flags} = await this.parse(Analyze)
    const memoryLimitKb = flags['memory-limit'] === undefined ? undefined : parseSizeKb(flags['memory-limit'])
    if (flags['memory-limit'] !== undefined && memoryLimitKb === undefined) {
      throw new UsageError(`--memory-limit: cannot read ${JSON.stringify(flags['memory-limit'])} as a size`, 'use e.g. 4GiB, 512M or a number of KiB')
    }
    const progress = new ProgressBar({label: 'analyze', allowed: !this.jsonEnabled()})
    const analyzeAt = (path: string) =>
      analyzeInput(path, {pid: flags.pid, expectedComm: flags['expect-comm'], memoryLimitKb, onProgress: progress.onProgress}).finally(() => progress.finish())
    let analyzed
    if (flags.clickhouse === undefined) analyzed = await analyzeAt(args.path)
    else {
      if (flags.host === undefined) throw new UsageError('--clickhouse needs --host: the host that shipped the session')
      if (flags.write) throw new UsageError('--write rewrites a local session dir; it cannot be combined with --clickhouse')
      // Loaded only with --clickhouse: the ClickHouse client is not on the start-up path.
      const [{parseFleetTarget}, {withShippedSession}] = await Promise.all([import('../src/fleet/connection.js'), import('../src/fleet/fetch-session.js')])
      const target = parseFleetTarget(flags.clickhouse, flags.database)
      analyzed = await withShippedSession(target, {host: flags.host, dirName: args.path}, analyzeAt)
      // The temp dir it was read into is gone: name the session by where it lives.
      analyzed.input.path = `${target.display}#${flags.host}/${args.path}`
    }
    const result = toAnalyzeResult(analyzed)
    // Loaded only for --write: the session writer is not on the start-up path of a read.
    if (flags.write) result.written = await (await import('../src/store/write-analysis.js')).writeAnalysis(analyzed)
    if (!this.jsonEnabled()) this.log(renderAnalysisText(result, analyzed.series, this.useColor ? pc : PLAIN))
    const failOn = flags['fail-on'] as keyof typeof SEVERITY_RANK | undefined
    if (failOn !== undefined && worstSeverityRank(result.anomalies) >= SEVERITY_RANK[failOn]) process.exitCode = EXIT.findings
    return result
  }
}
