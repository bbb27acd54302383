/**
 * GitHub rejects issue and comment bodies over 65,536 characters (422 "body is too long").
 * When the full body would exceed it, shrink in this order, and say so in the body:
 *   1. the process trace block (10 rows → 5 → 2 → 1 → none),
 *   2. the anomalies table (keep the most severe rows, then the earliest; "… N more"),
 *   3. the error context and report text (cut, with a note), and the chart.
 * Lengths are counted in UTF-16 units, which is never less than GitHub's character count.
 */
import {severityRank} from '../model/anomaly.js'
import type {AnomalyRow} from '../analyze/anomaly-digest.js'
import {type BodyParts, type BodyShape, composeBody} from './compose-body.js'

export const GITHUB_BODY_LIMIT = 65_536

export interface FitResult {
  body: string
  traceRowsShown: number
  anomalyRowsShown: number
  notes: string[]
}

export function fitBody(
  parts: BodyParts,
  traceRows: readonly Record<string, unknown>[],
  anomalyRows: readonly AnomalyRow[],
  limit = GITHUB_BODY_LIMIT,
): FitResult {
  const render = (shape: BodyShape, chart = parts.chart): string => composeBody({...parts, chart}, shape)
  const droppedAtLoad = parts.anomalyTotal - anomalyRows.length
  const baseNotes = droppedAtLoad > 0 ? [anomalyNote(anomalyRows.length, parts.anomalyTotal)] : []

  let body = render({traceRows, anomalyRows, notes: baseNotes})
  if (body.length <= limit) return {body, traceRowsShown: traceRows.length, anomalyRowsShown: anomalyRows.length, notes: baseNotes}

  // 1. The trace block: the last rows matter most, so keep the newest.
  const traceNote = (n: number): string =>
    n === 0
      ? `The process trace block was left out to fit GitHub's ${limit}-character limit; the full trace is in the session dir.`
      : `The process trace block shows the last ${n} of ${traceRows.length} rows to fit GitHub's ${limit}-character limit.`
  for (const n of [5, 2, 1, 0].filter((k) => k < traceRows.length)) {
    const notes = [...baseNotes, traceNote(n)]
    body = render({traceRows: traceRows.slice(traceRows.length - n), anomalyRows, notes})
    if (body.length <= limit) return {body, traceRowsShown: n, anomalyRowsShown: anomalyRows.length, notes}
  }

  // 2. The anomalies table: binary search for the most rows that fit, most severe first.
  const bySeverity = [...anomalyRows].sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || a.index - b.index)
  const pick = (k: number): AnomalyRow[] => bySeverity.slice(0, k).sort((a, b) => a.index - b.index)
  const traceNotes = traceRows.length > 0 ? [traceNote(0)] : []
  const shapeFor = (k: number): BodyShape => ({
    traceRows: [],
    anomalyRows: pick(k),
    notes: [...traceNotes, ...(k < parts.anomalyTotal ? [anomalyNote(k, parts.anomalyTotal)] : [])],
  })
  let lo = 0
  let hi = anomalyRows.length
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2)
    if (render(shapeFor(mid)).length <= limit) lo = mid
    else hi = mid - 1
  }
  body = render(shapeFor(lo))
  if (body.length <= limit && (lo > 0 || anomalyRows.length === 0)) {
    return {body, traceRowsShown: 0, anomalyRowsShown: lo, notes: [...shapeFor(lo).notes]}
  }

  // 3. The free text (error context, report) and the chart; the table keeps a few rows.
  const keep = Math.min(anomalyRows.length, 20)
  const notes = [...shapeFor(keep).notes, `The error context and report text were cut to fit GitHub's ${limit}-character limit.`]
  const overhead = render({traceRows: [], anomalyRows: pick(keep), textBudget: 0, notes}, false).length
  const budget = Math.max(0, Math.floor((limit - overhead - 200) / 2))
  body = render({traceRows: [], anomalyRows: pick(keep), textBudget: budget, notes}, false)
  return {body, traceRowsShown: 0, anomalyRowsShown: keep, notes}
}

function anomalyNote(shown: number, total: number): string {
  return `The anomalies table shows the ${shown} most severe of ${total} records (critical first, then the earliest); all of them are in anomalies.jsonl.`
}
