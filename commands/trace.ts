import * as Flags from '@oclif/core/flags'
import {BaseCommand, oneLineParseMessage} from '../src/cli/base-command.js'
import {UsageError} from '../src/errors.js'
import {logDirFlag, tmpfsFlag} from '../src/cli/flags.js'
import {resolveLogDir} from '../src/store/log-dir.js'
import type {JsonResult, TraceJson} from '../src/model/cli-output.js'
import {commandWords, parseTraceFlags} from '../src/trace/trace-flags.js'
import {escapeLine} from '../src/render/terminal-text.js'
import {causeOfDeathOf} from '../src/model/cause-of-death.js'
import {describeCause} from '../src/death/describe-cause.js'

export default class Trace extends BaseCommand {
  static override summary = 'Run a command (or watch a running process) and record a trace of the real workload.'
  static override description = `Spawns CMD with your terminal's stdin, stdout and stderr, samples it from /proc every --interval seconds into a crash-resilient tmpfs trace (trace-doctor_trace_{pid}.jsonl, exclusively flocked, plus its enrollment sidecar), and when CMD exits finalizes a session in the log dir and exits with CMD's exit code (128 + N when it died of signal N). SIGINT, SIGTERM and SIGHUP are forwarded to the workload.

With --pty, CMD runs under a pseudo-terminal (script -qefc) and the workload is resolved among the wrapper's descendants by name: the wrapper itself is never traced; a miss kills what was started and exits 3. With --pid, an existing process is observed until it ends (a signal to trace-doctor then detaches instead of killing it).

If trace-doctor itself is killed, the tmpfs files remain and \`trace-doctor recover\` finalizes them. Exit codes: CMD's own; 0 in --pid mode; 2 usage or start failure; 3 the workload could not be resolved.`
  static override examples = [
    {description: 'Trace a build, sampling every second', command: '<%= config.bin %> trace --interval 1 -- make -j4'},
    {description: 'Trace a CLI under a PTY wrapper, the way a supervisor runs it', command: '<%= config.bin %> trace --pty --session-id run-42 -- claude --print hello'},
    {description: 'Trace the node process behind a launcher', command: '<%= config.bin %> trace --expect node -- npx some-tool'},
    {description: 'Watch a running process until it exits; summary as JSON on stderr', command: '<%= config.bin %> trace --pid 4242 --json'},
  ]
  static override usage = ['<%= command.id %> [FLAGS] -- CMD [ARGS...]', '<%= command.id %> [FLAGS] --pid N']
  static override strict = false
  static override flags = {
    pty: Flags.boolean({summary: 'wrap CMD in a pseudo-terminal (script -qefc) and trace the workload under it'}),
    expect: Flags.string({summary: 'name (comm or argv[0] basename) of the descendant to trace, for launchers', helpValue: 'NAME'}),
    pid: Flags.integer({summary: 'attach to this running process instead of spawning CMD', helpValue: 'N', min: 1, exclusive: ['pty']}),
    interval: Flags.string({summary: 'seconds between snapshots (fractions allowed, minimum 0.05)', default: '5', helpValue: 'SECONDS'}),
    'resolve-timeout': Flags.string({summary: 'seconds to wait for the workload to appear with --pty/--expect', default: '2', helpValue: 'SECONDS'}),
    tmpfs: tmpfsFlag,
    'log-dir': logDirFlag,
    'session-id': Flags.string({summary: 'session id and dir name (default: no_session_{start time})', default: '', helpValue: 'ID'}),
  }

  async run(): Promise<JsonResult<TraceJson> & {warnings: string[]}> {
    const raw = [...this.argv]
    const {flags, argv} = await this.parse(Trace)
    const parsed = parseTraceFlags({...flags, argv: commandWords(raw, argv as string[])})
    // Imported here: oclif imports every command to list them (see commands/issue.ts).
    const {runTrace} = await import('../src/trace/run-trace.js')
    const result = await runTrace({
      ...parsed,
      logDir: resolveLogDir(flags['log-dir']),
      cwd: process.cwd(),
      warn: (line) => {
        if (!this.jsonEnabled()) this.logToStderr(`${this.warningPrefix}${escapeLine(line)}`)
      },
    })
    if (!this.jsonEnabled()) {
      const s = result.summary
      const cause = causeOfDeathOf(s)
      this.logToStderr(
        `trace-doctor: traced ${escapeLine(result.target.comm)} (pid ${result.target.pid}): ${s.snapshot_count} snapshots, peak RSS ${s.peak_rss_kb} KB, ${s.anomaly_count} anomalies${cause ? `; ${escapeLine(describeCause(cause))}` : ''} -> ${escapeLine(result.session_dir)}`,
      )
    }
    process.exitCode = result.exit_code
    return result
  }

  /** Beside CMD's own output on the terminal, say who speaks. */
  protected override get warningPrefix(): string {
    return 'trace-doctor: '
  }

  /** `trace ls -la`: oclif reads CMD's own flags as trace's; say how to keep them CMD's. */
  protected override async catch(thrown: Error & {exitCode?: number}): Promise<unknown> {
    if (!this.parsed && !this.argv.includes('--') && /^Nonexistent flags?:/.test(thrown.message)) {
      return super.catch(new UsageError(oneLineParseMessage(thrown.message), 'put -- before the command so its flags stay its own: trace-doctor trace [FLAGS] -- CMD [ARGS]'))
    }
    return super.catch(thrown)
  }

  /** CMD owns stdout: the JSON document (and a JSON error) goes to stderr. */
  protected override get jsonOutput(): NodeJS.WritableStream {
    return process.stderr
  }
}

