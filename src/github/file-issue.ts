/**
 * The filing flow of docs/formats.md §8 with de-duplication that survives GitHub's eventually consistent
 * search. Under a local lock (so two runs on this machine cannot both miss and both create):
 *   find the open issue with the fingerprint (ledger → labelled list → search);
 *   found → skip when this error context (or, without one, this session) is already in the issue
 *           body or its comments, else comment with the condensed section;
 *   none  → create it with the `trace-doctor` label plus the user's labels.
 * A create that fails with 5xx or a network error may still have created the issue, so before
 * retrying it the labelled list is consulted again.
 */
import type {RenderedIssue} from '../report/render-issue.js'
import type {GithubClient} from './client.js'
import {mapGithubError} from './errors.js'
import {type ExistingIssue, confirmIssue, findBySearch, findInLabelledList, listCommentBodies, type RepoRef, TRACE_DOCTOR_LABEL} from './find-existing-issue.js'
import {ledgerKey, lookupLedger, recordLedger, withLedgerLock} from './ledger.js'

export type FilingAction = 'created' | 'commented' | 'skipped'

export interface FilingResult {
  action: FilingAction
  issue_url: string
  issue_number: number
  fingerprint: string
  found_via: ExistingIssue['foundVia'] | null
  reason: string
}

export interface FileIssueInput {
  client: GithubClient
  apiUrl: string
  ref: RepoRef
  rendered: Pick<RenderedIssue, 'title' | 'body' | 'comment' | 'fingerprint'>
  labels: readonly string[]
  /** The (redacted) error context; empty or undefined when none was given. */
  errorContext?: string
  /** The session marker of this report (see compose-body.ts). */
  sessionMarker?: string
  logDir: string
  token?: string
  createAttempts?: number
  backoffMs?: number
}

export async function fileIssue(input: FileIssueInput): Promise<FilingResult> {
  const repoName = `${input.ref.owner}/${input.ref.repo}`
  const key = ledgerKey(input.apiUrl, repoName)
  const fp = input.rendered.fingerprint
  const step = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn()
    } catch (error) {
      throw mapGithubError(error, repoName, what, input.token)
    }
  }

  return withLedgerLock(input.logDir, async () => {
    const existing = await step('look up existing issues', () => findExisting(input, key))
    if (existing) {
      const reason = await step('read the existing issue', () => alreadyReported(input, existing))
      if (existing.foundVia === 'search' && !existing.labels.includes(TRACE_DOCTOR_LABEL)) {
        // Label it so the strongly consistent list finds it next time; best effort.
        await input.client.rest.issues.addLabels({...input.ref, issue_number: existing.number, labels: [TRACE_DOCTOR_LABEL]}).catch(() => undefined)
      }
      await recordLedger(input.logDir, key, fp, {number: existing.number, url: existing.url, filed_at: new Date().toISOString()})
      if (reason) return result('skipped', existing, fp, reason)
      await step('comment on the existing issue', () =>
        input.client.rest.issues.createComment({...input.ref, issue_number: existing.number, body: input.rendered.comment}),
      )
      return result('commented', existing, fp, `new occurrence added to issue #${existing.number}`)
    }
    const created = await step('create an issue', () => createOnce(input))
    await recordLedger(input.logDir, key, fp, {number: created.number, url: created.url, filed_at: new Date().toISOString()})
    return created.recovered
      ? result('created', {...created, foundVia: 'list'}, fp, 'the create answered with an error but the issue exists')
      : {action: 'created', issue_url: created.url, issue_number: created.number, fingerprint: fp, found_via: null, reason: 'no open issue had this fingerprint'}
  })
}

async function findExisting(input: FileIssueInput, key: string): Promise<ExistingIssue | undefined> {
  const fp = input.rendered.fingerprint
  const cached = await lookupLedger(input.logDir, key, fp)
  if (cached) {
    const confirmed = await confirmIssue(input.client, input.ref, cached.number, fp)
    if (confirmed) return confirmed
  }
  return (await findInLabelledList(input.client, input.ref, fp)) ?? (await findBySearch(input.client, input.ref, fp))
}

/** Why this report adds nothing to `issue`, or undefined when it should be commented. */
async function alreadyReported(input: FileIssueInput, issue: ExistingIssue): Promise<string | undefined> {
  const context = normalize(input.errorContext ?? '')
  const needle = context !== '' ? context : input.sessionMarker
  if (needle === undefined) return undefined
  const what = context !== '' ? 'this error context' : 'this session'
  if (normalize(issue.body).includes(needle)) return `${what} is already in the body of issue #${issue.number}`
  const comments = await listCommentBodies(input.client, input.ref, issue.number)
  if (comments.some((c) => normalize(c).includes(needle))) return `${what} is already in a comment on issue #${issue.number}`
  return undefined
}

interface Created {
  number: number
  url: string
  recovered: boolean
}

async function createOnce(input: FileIssueInput): Promise<Created> {
  const labels = [...new Set([TRACE_DOCTOR_LABEL, ...input.labels])]
  const attempts = input.createAttempts ?? 4
  for (let attempt = 1; ; attempt++) {
    try {
      const {data} = await input.client.rest.issues.create({
        ...input.ref,
        title: input.rendered.title,
        body: input.rendered.body,
        labels,
        // Our own loop below retries, after checking that the failed create did not land.
        request: {retries: 0},
      })
      return {number: data.number, url: data.html_url, recovered: false}
    } catch (error) {
      const status = (error as {status?: number}).status
      const transient = status === undefined || status >= 500
      if (!transient || attempt >= attempts) throw error
      const landed = await findInLabelledList(input.client, input.ref, input.rendered.fingerprint)
      if (landed) return {number: landed.number, url: landed.url, recovered: true}
      const wait = (input.backoffMs ?? 1000) * attempt * attempt
      if (wait > 0) await new Promise((r) => setTimeout(r, wait))
    }
  }
}

function result(action: FilingAction, issue: {number: number; url: string; foundVia: ExistingIssue['foundVia']}, fingerprint: string, reason: string): FilingResult {
  return {action, issue_url: issue.url, issue_number: issue.number, fingerprint, found_via: issue.foundVia, reason}
}

/** GitHub may store bodies with CRLF; compare text, not line endings or edge whitespace. */
function normalize(text: string): string {
  return text.replace(/\r\n?/g, '\n').trim()
}
