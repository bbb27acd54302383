/**
 * From a session dir to the exact text `issue` would send: load (one streaming pass), redact
 * everything that could leave the machine, render. The fingerprint is computed after redaction,
 * so a secret in a comm can never be recovered from it.
 */
import {homedir} from 'node:os'
import {Redactor, redactionNote, type RedactionSummary} from '../redact/redactor.js'
import {sessionMarker} from '../report/compose-body.js'
import {type RenderedIssue, renderIssue} from '../report/render-issue.js'
import type {AnomalyRow} from '../analyze/anomaly-digest.js'
import {loadSession, type LoadedSession} from './load-session.js'

export interface PrepareIssueOptions {
  errorContext?: string
  report?: string
  fingerprint?: string
  chart?: boolean
  redact?: boolean
  /** Defaults to os.homedir(). */
  home?: string
}

export interface PreparedIssue {
  rendered: RenderedIssue
  session: LoadedSession
  /** The error context as it will be sent (redacted). */
  errorContext: string | undefined
  sessionMarker: string | undefined
  redactions: RedactionSummary
}

export async function prepareIssue(sessionDir: string, options: PrepareIssueOptions = {}): Promise<PreparedIssue> {
  const loaded = await loadSession(sessionDir)
  const enabled = options.redact ?? true
  const r = enabled
    ? await Redactor.forValues([loaded.dir, loaded.summary, loaded.anomalies.rows, loaded.tail, options.errorContext, options.report, options.fingerprint], {home: options.home ?? homedir()})
    : new Redactor()
  const red = <T>(value: T, where: string): T => (enabled ? r.value(value, where) : value)

  const redactRow = (row: AnomalyRow): AnomalyRow => ({...row, kind: red(row.kind, 'anomaly kind'), detail: red(row.detail, `anomaly ${row.index + 1}`)})
  const session: LoadedSession = {
    ...loaded,
    dir: red(loaded.dir, 'session path'),
    summary: red(loaded.summary, 'summary'),
    anomalies: {
      ...loaded.anomalies,
      rows: loaded.anomalies.rows.map(redactRow),
      firstByKind: Object.fromEntries(Object.entries(loaded.anomalies.firstByKind).map(([k, row]) => [k, redactRow(row)])),
    },
    tail: loaded.tail.map((row, i) => red(row, `trace row ${loaded.traceRows - loaded.tail.length + i + 1}`)),
    ...(loaded.signals === undefined ? {} : {signals: loaded.signals.map((record, i) => red(record, `signal ${i + 1}`))}),
  }
  const errorContext = options.errorContext === undefined ? undefined : red(options.errorContext, 'error context')
  const report = options.report === undefined ? undefined : red(options.report, 'report')
  const fingerprint = options.fingerprint === undefined ? undefined : red(options.fingerprint, 'fingerprint')

  const redactions = r.summary(enabled)
  const note = redactionNote(redactions)
  const rendered = renderIssue(session, {
    chart: options.chart ?? true,
    redactionNote: note,
    ...(errorContext === undefined ? {} : {errorContext}),
    ...(report === undefined ? {} : {report}),
    ...(fingerprint === undefined ? {} : {fingerprint}),
  })
  return {
    rendered,
    session,
    errorContext,
    sessionMarker: sessionMarker(session.summary),
    redactions,
  }
}
