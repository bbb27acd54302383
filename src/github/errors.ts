/**
 * GitHub failures, mapped to one clear line each. The token never appears in a message: octokit
 * does not put it in errors, and `scrubToken` removes it from anything we build ourselves.
 */
import {EXIT, TraceDoctorError} from '../errors.js'

/** Thrown when GitHub refused or failed a request (auth, permission, missing repo, validation, 5xx). Exit 1. */
export class GithubRefusedError extends TraceDoctorError {
  constructor(
    message: string,
    readonly status: number | undefined,
    hint?: string,
    cause?: unknown,
  ) {
    super(message, {code: 'E_GITHUB', exitCode: EXIT.findings, cause, ...(hint === undefined ? {} : {hint})})
  }
}

/** Thrown when filing needs a token and none was found. Exit 2: it is the caller's setup. */
export class GithubTokenMissingError extends TraceDoctorError {
  constructor() {
    super('no GitHub token: set GITHUB_TOKEN or GH_TOKEN, or log in with `gh auth login`', {
      code: 'E_AUTH',
      exitCode: EXIT.usage,
      hint: 'the token needs issues:write (fine-grained) or repo / public_repo (classic) on the target repo; --dry-run needs none',
    })
  }
}

interface RequestErrorLike {
  status?: number
  message?: string
  response?: {headers?: Record<string, string | number | undefined>; data?: unknown}
}

/** Maps an octokit error to a GithubRefusedError; `what` is the action, e.g. "create an issue". */
export function mapGithubError(error: unknown, repo: string, what: string, token?: string): TraceDoctorError {
  if (error instanceof TraceDoctorError) return error
  const e = (typeof error === 'object' && error !== null ? error : {}) as RequestErrorLike
  const status = typeof e.status === 'number' ? e.status : undefined
  const headers = e.response?.headers ?? {}
  const ghMessage = scrubToken(githubMessage(e), token)
  const say = (message: string, hint?: string): GithubRefusedError => new GithubRefusedError(scrubToken(message, token), status, hint, error)

  // octokit reports a failed connection as status 500 with no response: that is the network, not GitHub.
  if (e.response === undefined && (status === undefined || status === 500)) {
    return say(`could not reach GitHub at ${apiUrlOf(error)}to ${what} on ${repo}: ${scrubToken(e.message ?? String(error), token)}`, 'check --api-url / GITHUB_API_URL and the network')
  }
  if (status === 401) return say(`GitHub rejected the token (401 ${ghMessage || 'Bad credentials'}) while trying to ${what} on ${repo}`, 'set GITHUB_TOKEN or GH_TOKEN to a valid token, or run `gh auth login`')
  if ((status === 403 || status === 429) && isRateLimited(headers, ghMessage)) {
    const reset = Number(headers['x-ratelimit-reset'])
    const when = Number.isFinite(reset) && reset > 0 ? `; it resets at ${new Date(reset * 1000).toISOString()}` : ''
    return say(`GitHub rate limit exceeded while trying to ${what} on ${repo}${when}`, 'wait for the reset, or use a token with a higher limit')
  }
  if (status === 403) return say(`token lacks issues:write on ${repo} (GitHub answered 403${ghMessage ? `: ${ghMessage}` : ''})`, 'grant the token Issues: read and write (fine-grained) or the repo scope (classic)')
  if (status === 404) return say(`repository ${repo} not found, or the token cannot see it (404 while trying to ${what})`, 'check --repo OWNER/NAME and that the token has access to it')
  if (status === 410) return say(`issues are disabled on ${repo} (410)`)
  if (status === 422) return say(`GitHub refused to ${what} on ${repo} (422 validation failed${ghMessage ? `: ${ghMessage}` : ''})`)
  if (status !== undefined && status >= 500) return say(`GitHub failed to ${what} on ${repo}: ${status}${ghMessage ? ` ${ghMessage}` : ''}, still failing after retries`, 'try again later; nothing was filed twice (de-duplication runs again first)')
  const cause = (error as {cause?: {message?: string; code?: string}} | undefined)?.cause
  const reason = cause?.code ?? cause?.message ?? e.message ?? String(error)
  return say(`could not reach GitHub to ${what} on ${repo}: ${reason}`, 'check --api-url / GITHUB_API_URL and the network')
}

function apiUrlOf(error: unknown): string {
  const url = (error as {request?: {url?: unknown}} | undefined)?.request?.url
  if (typeof url !== 'string') return ''
  try {
    return `${new URL(url).origin} `
  } catch {
    return ''
  }
}

function isRateLimited(headers: Record<string, string | number | undefined>, message: string): boolean {
  return String(headers['x-ratelimit-remaining']) === '0' || /rate limit/i.test(message) || headers['retry-after'] !== undefined
}

/** GitHub's own explanation: `message` plus the `errors[].message` / `code` details of a 422. */
function githubMessage(e: RequestErrorLike): string {
  const data = e.response?.data as {message?: unknown; errors?: unknown} | undefined
  const parts: string[] = []
  if (data && typeof data.message === 'string') parts.push(data.message)
  if (data && Array.isArray(data.errors)) {
    for (const item of data.errors.slice(0, 3)) {
      if (typeof item === 'string') parts.push(item)
      else if (item && typeof item === 'object') {
        const o = item as Record<string, unknown>
        parts.push([o['resource'], o['field'], o['message'] ?? o['code']].filter((x) => typeof x === 'string').join(' '))
      }
    }
  }
  return parts.filter(Boolean).join('; ').replace(/\s+/g, ' ').slice(0, 300)
}

export function scrubToken(text: string, token?: string): string {
  return token && token.length >= 4 ? text.split(token).join('[token]') : text
}
