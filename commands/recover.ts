import * as Flags from '@oclif/core/flags'
import {join} from 'node:path'
import {BaseCommand} from '../src/cli/base-command.js'
import {logDirFlag, tmpfsFlag} from '../src/cli/flags.js'
import {ProgressBar} from '../src/cli/progress.js'
import type {RecoverReport} from '../src/recover/recover-report.js'
import {defaultJobs} from '../src/recover/recover-pool.js'
import {DEFAULT_MIN_AGE_SECONDS, DEFAULT_PREFIXES} from '../src/recover/defaults.js'
import {resolveLogDir} from '../src/store/log-dir.js'
import {DEFAULT_KEEP} from '../src/store/retention.js'

export default class Recover extends BaseCommand {
  static override summary = 'Turn traces left in tmpfs by a killed supervisor into finalized sessions.'
  static override description = `Examines every {prefix}_trace_{pid}.jsonl in the tmpfs dir and decides, gate by gate (safety, age, enrollment, boot, liveness, alien comm), whether it is a crashed session to recover. Every file gets a row: pid, verdict, the reason in words, the action taken and the session dir.

Live, too-young, unenrolled and refused files are never touched. Traces from another boot or of the wrong process are moved to the quarantine dir with their sidecar (or deleted with --delete). Two runs at once finalize each trace once; a run killed midway is finished by the next one.

Exit codes: 0 ran (whatever the verdicts), 2 usage error or unreadable tmpfs dir.`
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --dry-run',
    '<%= config.bin %> <%= command.id %> --tmpfs /dev/shm --prefix autoskillit --min-age 60 --json',
    '<%= config.bin %> <%= command.id %> --log-dir ~/traces --delete',
  ]
  static override flags = {
    tmpfs: tmpfsFlag,
    'log-dir': logDirFlag,
    prefix: Flags.string({summary: 'file name prefix to look for (repeatable)', multiple: true, default: [...DEFAULT_PREFIXES]}),
    'min-age': Flags.integer({summary: 'seconds since the last write before a trace may be recovered', default: DEFAULT_MIN_AGE_SECONDS, min: 0}),
    'dry-run': Flags.boolean({summary: 'decide and report, change nothing'}),
    delete: Flags.boolean({summary: 'delete stale-boot and alien files instead of quarantining them'}),
    'quarantine-dir': Flags.string({summary: 'where rejected files are moved (default <log-dir>/quarantine)'}),
    keep: Flags.integer({summary: 'session dirs to keep in the log dir (retention)', default: DEFAULT_KEEP, min: 1}),
    jobs: Flags.integer({summary: 'worker threads for finalizing (default: CPUs, at most 4; 1 = no threads)', min: 1, max: 64}),
  }

  async run(): Promise<RecoverReport> {
    const {flags} = await this.parse(Recover)
    const logDir = resolveLogDir(flags['log-dir'])
    // Imported here: oclif imports every command to list them (see commands/issue.ts).
    const {runRecovery} = await import('../src/recover/run-recovery.js')
    const {renderRecoverReport} = await import('../src/recover/render-recover.js')
    const progress = new ProgressBar({label: 'recover', unit: 'items', allowed: !this.jsonEnabled()})
    const report = await runRecovery({
      tmpfsDir: flags.tmpfs,
      logDir,
      quarantineDir: flags['quarantine-dir'] ?? join(logDir, 'quarantine'),
      prefixes: flags.prefix,
      minAgeSeconds: flags['min-age'],
      dryRun: flags['dry-run'],
      delete: flags.delete,
      keep: flags.keep,
      jobs: flags.jobs ?? defaultJobs(),
      onProgress: progress.onProgress,
    }).finally(() => progress.finish())
    if (!this.jsonEnabled()) this.log(renderRecoverReport(report))
    return report
  }
}
