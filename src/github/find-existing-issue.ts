/**
 * Finds the open issue that already carries a fingerprint, in order of trust:
 *   1. the local ledger's issue number, confirmed with GET /repos/{o}/{r}/issues/{n};
 *   2. the issues list, GET /repos/{o}/{r}/issues?state=open&labels=trace-doctor (paginated),
 *      which is strongly consistent: an issue created a moment ago is already listed;
 *   3. only then /search/issues, for issues filed without the label. Search is eventually
 *      consistent (it lags creates by seconds), so it can never be the only guard against a
 *      duplicate (semantic-release and several bots filed twice because of that).
 */
import {hasFingerprint} from '../report/fingerprint.js'
import type {GithubClient} from './client.js'

export const TRACE_DOCTOR_LABEL = 'trace-doctor'

export interface ExistingIssue {
  number: number
  url: string
  body: string
  labels: string[]
  foundVia: 'ledger' | 'list' | 'search'
}

interface IssueLike {
  number: number
  html_url: string
  body?: string | null
  state?: string
  pull_request?: unknown
  labels?: Array<string | {name?: string | null}>
}

export interface RepoRef {
  owner: string
  repo: string
}

function toExisting(issue: IssueLike, foundVia: ExistingIssue['foundVia']): ExistingIssue {
  const labels = (issue.labels ?? []).map((l) => (typeof l === 'string' ? l : (l.name ?? ''))).filter(Boolean)
  return {number: issue.number, url: issue.html_url, body: issue.body ?? '', labels, foundVia}
}

/** The ledger's candidate, if GitHub says it is still an open issue with this fingerprint. */
export async function confirmIssue(client: GithubClient, ref: RepoRef, number: number, fingerprint: string): Promise<ExistingIssue | undefined> {
  try {
    const {data} = await client.rest.issues.get({...ref, issue_number: number})
    const issue = data as IssueLike
    if (issue.state !== 'open' || issue.pull_request || !hasFingerprint(issue.body, fingerprint)) return undefined
    return toExisting(issue, 'ledger')
  } catch (error) {
    // Deleted or transferred (404/410): the ledger is stale, fall through to the list.
    const status = (error as {status?: number}).status
    if (status === 404 || status === 410) return undefined
    throw error
  }
}

export async function findInLabelledList(client: GithubClient, ref: RepoRef, fingerprint: string): Promise<ExistingIssue | undefined> {
  const pages = client.paginate.iterator(client.rest.issues.listForRepo, {
    ...ref,
    state: 'open',
    labels: TRACE_DOCTOR_LABEL,
    per_page: 100,
  })
  for await (const page of pages) {
    for (const issue of page.data as IssueLike[]) {
      if (!issue.pull_request && hasFingerprint(issue.body, fingerprint)) return toExisting(issue, 'list')
    }
  }
  return undefined
}

export async function findBySearch(client: GithubClient, ref: RepoRef, fingerprint: string): Promise<ExistingIssue | undefined> {
  const q = `repo:${ref.owner}/${ref.repo} is:issue is:open in:body "${fingerprint}"`
  const {data} = await client.rest.search.issuesAndPullRequests({q, per_page: 20})
  // Search matches words, not our marker: confirm on the body.
  const hit = (data.items as IssueLike[]).find((i) => !i.pull_request && (i.state ?? 'open') === 'open' && hasFingerprint(i.body, fingerprint))
  return hit ? toExisting(hit, 'search') : undefined
}

/** Every comment body of an issue (paginated), for the "already reported" check. */
export async function listCommentBodies(client: GithubClient, ref: RepoRef, number: number): Promise<string[]> {
  const bodies: string[] = []
  const pages = client.paginate.iterator(client.rest.issues.listComments, {...ref, issue_number: number, per_page: 100})
  for await (const page of pages) for (const c of page.data) bodies.push(c.body ?? '')
  return bodies
}
