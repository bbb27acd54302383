/**
 * Everything `issue` sends to GitHub for one session, rendered purely: the title, the full body
 * for a new issue and the condensed comment for a duplicate, both within GitHub's size limit and
 * both carrying the fingerprint marker that de-duplication looks for.
 */
import type {AnomalyDigestResult} from '../analyze/anomaly-digest.js'
import type {RssPoint} from '../analyze/rss-series.js'
import {renderFooter} from './compose-body.js'
import {causeVerdictOf} from '../model/cause-of-death.js'
import {computeFingerprint, sanitizeFingerprint} from './fingerprint.js'
import {fitBody, GITHUB_BODY_LIMIT} from './fit-body.js'
import {renderHeadline} from './headline.js'
import type {SignalRecord} from '../model/signal-record.js'
import {codeBlock, inlineCode, truncate} from './markdown.js'
import {renderDiagnostics} from './render-diagnostics.js'

export const TITLE_CHARS = 80

export interface ReportSession {
  dir: string
  summary: Record<string, unknown>
  anomalies: AnomalyDigestResult
  tail: readonly Record<string, unknown>[]
  rss: readonly RssPoint[]
  /** signal-sender: signals.jsonl records, when the session has them. */
  signals?: readonly SignalRecord[]
}

export interface IssueRenderOptions {
  /** `--fingerprint`: replaces the computed one. */
  fingerprint?: string
  errorContext?: string
  /** `--report`: Markdown put above the section instead of the generated headline and run line. */
  report?: string
  chart?: boolean
  /** "3 values redacted (github-token ×1, home-dir ×2)" for the footer. */
  redactionNote?: string
  limit?: number
}

export interface RenderedIssue {
  title: string
  body: string
  comment: string
  fingerprint: string
  headline: string
  notes: string[]
  traceRowsShown: number
  anomalyRowsShown: number
}

export function fingerprintOf(session: Pick<ReportSession, 'summary' | 'anomalies'>): string {
  const s = session.summary
  const drift = session.anomalies.firstByKind['identity_drift']?.detail['expected_comm']
  return computeFingerprint({
    kinds: session.anomalies.kinds,
    trackedComm: typeof s['tracked_comm'] === 'string' && s['tracked_comm'] !== '' ? s['tracked_comm'] : null,
    expectedComm: typeof drift === 'string' && drift !== '' ? drift : null,
    subtype: typeof s['subtype'] === 'string' ? s['subtype'] : null,
    cause: causeVerdictOf(s['cause_of_death']),
  })
}

export function renderIssue(session: ReportSession, options: IssueRenderOptions = {}): RenderedIssue {
  const limit = options.limit ?? GITHUB_BODY_LIMIT
  const fingerprint = options.fingerprint !== undefined ? sanitizeFingerprint(options.fingerprint) : fingerprintOf(session)
  const headline = renderHeadline(session.summary, session.anomalies)
  const fit = fitBody(
    {
      headline,
      summary: session.summary,
      sessionDir: session.dir,
      fingerprint,
      rss: session.rss,
      chart: options.chart ?? true,
      anomalyTotal: session.anomalies.total,
      ...observed(session.anomalies),
      ...(session.signals === undefined ? {} : {signals: session.signals}),
      ...(options.errorContext === undefined ? {} : {errorContext: options.errorContext}),
      ...(options.report === undefined ? {} : {report: options.report}),
      ...(options.redactionNote === undefined ? {} : {redactionNote: options.redactionNote}),
    },
    session.tail,
    session.anomalies.rows,
    limit,
  )
  return {
    title: renderTitle(headline, options.errorContext),
    body: fit.body,
    comment: renderComment(session, headline, fingerprint, options, limit),
    fingerprint,
    headline,
    notes: fit.notes,
    traceRowsShown: fit.traceRowsShown,
    anomalyRowsShown: fit.anomalyRowsShown,
  }
}

function observed(a: AnomalyDigestResult): {observedComm?: string} {
  const actual = a.firstByKind['identity_drift']?.detail['actual_comm']
  return typeof actual === 'string' && actual !== '' ? {observedComm: actual} : {}
}

/** The first non-empty line of the error context, else the headline; at most 80 characters. */
export function renderTitle(headline: string, errorContext?: string): string {
  const first = errorContext
    ?.split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => l !== '')
  return truncate(first ?? headline, TITLE_CHARS)
}

/** The comment on a duplicate: "New occurrence …", the error context, the condensed section. */
export function renderComment(
  session: Pick<ReportSession, 'summary'>,
  headline: string,
  fingerprint: string,
  options: Pick<IssueRenderOptions, 'errorContext' | 'redactionNote'>,
  limit = GITHUB_BODY_LIMIT,
): string {
  const s = session.summary
  const id = (typeof s['session_id'] === 'string' && s['session_id']) || (typeof s['dir_name'] === 'string' && s['dir_name']) || ''
  const when = typeof s['end_ts'] === 'string' && s['end_ts'] ? ` (ended ${s['end_ts']})` : ''
  const build = (context: string | undefined, notes: string[]): string => {
    const lines = [`New occurrence${id ? ` in session ${inlineCode(id)}` : ''}${when}: **${headline}**`]
    if (context) lines.push('', '### Error context', '', ...codeBlock(context, 'text'))
    lines.push('', ...renderDiagnostics({summary: s, anomalyRows: [], anomalyTotal: 0, traceRows: [], sessionDir: ''}, 'condensed'))
    lines.push('', ...renderFooter({fingerprint, summary: s, ...(options.redactionNote ? {redactionNote: options.redactionNote} : {})}, notes))
    return lines.join('\n') + '\n'
  }
  const full = build(options.errorContext, [])
  if (full.length <= limit || !options.errorContext) return full
  const note = `The error context was cut to fit GitHub's ${limit}-character limit.`
  const overhead = build('', [note]).length
  const budget = Math.max(0, limit - overhead - 200)
  return build(`${options.errorContext.slice(0, budget)}\n… [${options.errorContext.length - budget} characters cut]`, [note])
}
