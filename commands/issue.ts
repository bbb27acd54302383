import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'
import {BaseCommand} from '../src/cli/base-command.js'
import {logDirFlag} from '../src/cli/flags.js'
import {UsageError} from '../src/errors.js'
import {GithubTokenMissingError} from '../src/github/errors.js'
import {parseRepoRef} from '../src/github/repo-ref.js'
import {resolveToken} from '../src/github/token.js'
import {redactionLines} from '../src/redact/redactor.js'
import {escapeBlock, escapeLine} from '../src/render/terminal-text.js'
import {readTextInput} from '../src/session/read-text-input.js'
import {resolveSessionDir} from '../src/session/load-session.js'
import {prepareIssue, type PreparedIssue} from '../src/session/prepare-issue.js'
import {resolveLogDir} from '../src/store/log-dir.js'
import type {IssueJson, JsonResult} from '../src/model/cli-output.js'

export type IssueResult = JsonResult<IssueJson>

export default class Issue extends BaseCommand {
  static override summary = 'File a GitHub issue for a session, or comment on the one already filed for the same failure'
  static override description = `Renders the session's diagnostics section (docs/formats.md §8) under a headline or your --report, with an RSS chart, secrets and home dirs redacted, and a fingerprint of the failure (anomaly kinds, tracked and expected comm, subtype). An open issue with that fingerprint gets a comment (or nothing, when this error context or session is already there); otherwise a new issue is created with the trace-doctor label. Duplicates are looked up in a local ledger, then the issues list (strongly consistent), then search.

Token: GITHUB_TOKEN, else GH_TOKEN, else \`gh auth token\`. Exit codes: 0 created/commented/skipped (or dry run), 1 GitHub refused, 2 usage or unreadable input.`
  static override examples = [
    '<%= config.bin %> issue 0f3c9a2e --repo acme/agents --dry-run',
    '<%= config.bin %> issue ./logs/sessions/0f3c9a2e --repo acme/agents --label bug --error-file ./stderr.txt',
    '<%= config.bin %> issue 0f3c9a2e --repo acme/agents --report ./report.md --no-chart --json',
  ]
  static override args = {session: Args.string({required: true, description: 'session dir path, or a session id / dir name under the log dir'})}
  static override flags = {
    repo: Flags.string({summary: 'repository to file in, as OWNER/NAME (required unless --dry-run)'}),
    label: Flags.string({summary: 'extra label for a new issue (repeatable); trace-doctor is always added', multiple: true}),
    'error-context': Flags.string({summary: 'error text to include (first line becomes the title)', exclusive: ['error-file']}),
    'error-file': Flags.string({summary: 'file holding the error text to include', exclusive: ['error-context']}),
    report: Flags.string({summary: 'Markdown file to use as the body above the diagnostics section'}),
    fingerprint: Flags.string({summary: 'use this text as the fingerprint instead of the computed one'}),
    chart: Flags.boolean({summary: 'include a Mermaid chart of RSS over time (--no-chart to leave it out)', default: true, allowNo: true}),
    redact: Flags.boolean({summary: 'redact tokens, secret values and home dirs (--no-redact to send text as is)', default: true, allowNo: true}),
    'dry-run': Flags.boolean({summary: 'print the title and body that would be filed, and what was redacted; needs no token'}),
    'api-url': Flags.string({summary: 'GitHub API base URL (default: GITHUB_API_URL, else https://api.github.com)'}),
    'log-dir': logDirFlag,
  }

  async run(): Promise<IssueResult> {
    const {args, flags} = await this.parse(Issue)
    if (!flags['dry-run'] && !flags.repo) throw new UsageError('--repo OWNER/NAME is required (or use --dry-run)')
    const ref = flags.repo === undefined ? undefined : parseRepoRef(flags.repo)
    const logDir = resolveLogDir(flags['log-dir'])
    const dir = await resolveSessionDir(args.session, logDir)
    const errorContext = flags['error-file'] ? await readTextInput(flags['error-file'], 'error file') : flags['error-context']
    const report = flags.report ? await readTextInput(flags.report, 'report file') : undefined
    const prepared = await prepareIssue(dir, {
      chart: flags.chart,
      redact: flags.redact,
      ...(errorContext === undefined ? {} : {errorContext}),
      ...(report === undefined ? {} : {report}),
      ...(flags.fingerprint === undefined ? {} : {fingerprint: flags.fingerprint}),
    })
    const {rendered, redactions} = prepared
    if (flags['dry-run'] || ref === undefined) {
      if (!this.jsonEnabled()) this.printDryRun(prepared)
      const {title, body, comment, fingerprint} = rendered
      return {action: 'dry-run', issue_url: null, fingerprint, title, body, comment, redactions}
    }
    // Imported here, not at the top: oclif imports every command to list them, and octokit
    // would cost every other command's startup ~40 ms.
    const {backoffFromEnv, createGithubClient, resolveApiUrl} = await import('../src/github/client.js')
    const {fileIssue} = await import('../src/github/file-issue.js')
    const apiUrl = resolveApiUrl(flags['api-url'])
    const token = await resolveToken(apiUrl)
    if (!token) throw new GithubTokenMissingError()
    const backoffMs = backoffFromEnv()
    const client = createGithubClient({token: token.token, apiUrl, backoffMs, userAgent: `trace-doctor/${this.config.version}`})
    const result = await fileIssue({
      client, apiUrl, ref, rendered, labels: flags.label ?? [], logDir, token: token.token, backoffMs,
      ...(prepared.errorContext === undefined ? {} : {errorContext: prepared.errorContext}),
      ...(prepared.sessionMarker === undefined ? {} : {sessionMarker: prepared.sessionMarker}),
    })
    this.log(`${result.action} ${result.issue_url} (${result.fingerprint}): ${result.reason}`)
    return {...result, redactions}
  }

  /** Title, notes and body hold the traced process's own text: controls are escaped (terminal-text.ts). */
  private printDryRun({rendered, redactions}: PreparedIssue): void {
    this.log(`Title: ${escapeLine(rendered.title)}`)
    this.log(`Fingerprint: ${escapeLine(rendered.fingerprint)}`)
    for (const line of redactionLines(redactions)) this.log(escapeLine(line))
    for (const note of rendered.notes) this.log(`Note: ${escapeLine(note)}`)
    this.log('--- body ---')
    this.log(escapeBlock(rendered.body.trimEnd()))
  }
}
