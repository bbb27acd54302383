/**
 * `analyze --write`: bring a session dir's summary.json and anomalies.jsonl up to date with a
 * fresh analysis, in the original tracer's exact format, atomically. Fields the analysis does not own (exit
 * code, timings, the original tracer's own pipeline fields) are kept as they were.
 */
import {join} from 'node:path'
import {UsageError} from '../errors.js'
import {ANOMALIES_FILE, SUMMARY_FILE} from './layout.js'
import {writeAnomalies, writeSummary} from './session-files.js'
import {summaryFieldsOf, type Analysis} from '../analyze/trace-analyzer.js'

/** What `--write` needs of an analysis run (input/analyze-input.ts makes one). */
export interface AnalysisToWrite {
  input: {kind: string; path: string; sessionDir?: string; rawSummary?: Record<string, unknown>; warnings: string[]}
  analysis: Analysis
}

export async function writeAnalysis(result: AnalysisToWrite): Promise<string[]> {
  const dir = result.input.sessionDir
  if (result.input.kind !== 'session' || dir === undefined) {
    throw new UsageError(`--write needs a session dir (one with summary.json); ${result.input.path} is a ${result.input.kind} file`)
  }
  if (result.input.rawSummary === undefined) {
    throw new UsageError(`--write needs a readable summary.json in ${dir}`, result.input.warnings.join('; ') || undefined)
  }
  const a = result.analysis
  const summary: Record<string, unknown> = {...result.input.rawSummary, ...summaryFieldsOf(a)}
  // trace-doctor's own field (issue 9) follows the fresh anomalies; an older summary stays without it.
  if ('identity_drift' in summary) summary['identity_drift'] = a.anomalies.some((x) => x.kind === 'identity_drift')
  // anomalies first: a crash between the two leaves a summary that still matches the old file.
  await writeAnomalies(dir, a.anomalies)
  await writeSummary(dir, summary)
  return a.anomalies.length > 0 ? [join(dir, ANOMALIES_FILE), join(dir, SUMMARY_FILE)] : [join(dir, SUMMARY_FILE)]
}
