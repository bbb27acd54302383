/**
 * The octokit client: @octokit/rest with the retry plugin (5xx and network errors, back-off
 * (n+1)² × base) and the throttling plugin (primary and secondary rate limits, a bounded number
 * of waits). `backoffMs` is the base unit of every wait; 1000 ms is GitHub's guidance, and tests
 * pass 0 (TRACE_DOCTOR_GITHUB_BACKOFF_MS=0), which also removes the spacing the throttling plugin
 * puts between writes (1–3 s by default).
 */
import {retry} from '@octokit/plugin-retry'
import {throttling, type ThrottlingOptions} from '@octokit/plugin-throttling'
import {Octokit} from '@octokit/rest'

export const DEFAULT_API_URL = 'https://api.github.com'
export const DEFAULT_BACKOFF_MS = 1000
/** Rate-limit waits longer than this give up with a clear error instead of hanging a CI job. */
export const MAX_RATE_LIMIT_WAIT_SECONDS = 120
export const RATE_LIMIT_RETRIES = 2
export const SERVER_ERROR_RETRIES = 3

// Typed as the plain REST client: we use none of the plugins' own methods, and the plugged
// class's inferred type cannot be named in a declaration file.
const TraceDoctorOctokit: typeof Octokit = Octokit.plugin(retry, throttling)
export type GithubClient = Octokit

export interface ClientOptions {
  token: string
  apiUrl: string
  backoffMs?: number
  userAgent?: string
}

const quiet = {debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined}

/** A Bottleneck.Group stand-in that runs jobs at once: no spacing between writes. */
const passThroughGroup = {
  key: () => ({
    schedule: (...args: unknown[]) => {
      const fnIndex = typeof args[0] === 'function' ? 0 : 1
      const fn = args[fnIndex] as (...a: unknown[]) => unknown
      return Promise.resolve().then(() => fn(...args.slice(fnIndex + 1)))
    },
  }),
}

export function createGithubClient(options: ClientOptions): GithubClient {
  const backoffMs = options.backoffMs ?? DEFAULT_BACKOFF_MS
  const onLimit = (retryAfterSeconds: number, _options: unknown, _octokit: unknown, retryCount: number): boolean =>
    retryCount < RATE_LIMIT_RETRIES && retryAfterSeconds <= MAX_RATE_LIMIT_WAIT_SECONDS
  // The plugin types these as Bottleneck.Group; it only ever calls key(id).schedule(...).
  const group = passThroughGroup as unknown as NonNullable<ThrottlingOptions['write']>
  const noSpacing = backoffMs === 0 ? {write: group, search: group, notifications: group} : {}
  return new TraceDoctorOctokit({
    auth: options.token,
    baseUrl: options.apiUrl.replace(/\/+$/, ''),
    userAgent: options.userAgent ?? 'trace-doctor',
    log: quiet,
    retry: {retries: SERVER_ERROR_RETRIES, retryAfterBaseValue: backoffMs},
    throttle: {
      retryAfterBaseValue: backoffMs,
      fallbackSecondaryRateRetryAfter: 60,
      onRateLimit: onLimit,
      onSecondaryRateLimit: onLimit,
      ...noSpacing,
    },
  })
}

/** The API base: --api-url, else GITHUB_API_URL (set by GitHub Actions, also on GHES), else github.com. */
export function resolveApiUrl(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return (flag || env['GITHUB_API_URL'] || DEFAULT_API_URL).replace(/\/+$/, '')
}

/** TRACE_DOCTOR_GITHUB_BACKOFF_MS: the base of retry back-off and rate-limit waits (tests use 0). */
export function backoffFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env['TRACE_DOCTOR_GITHUB_BACKOFF_MS']
  if (raw === undefined || raw === '') return DEFAULT_BACKOFF_MS
  const n = Number(raw)
  return Number.isFinite(n) && n >= 0 ? n : DEFAULT_BACKOFF_MS
}
