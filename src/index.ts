/**
 * trace-doctor as a library (`import … from 'trace-doctor'`): the schemas of every on-disk format
 * (docs/formats.md), the streaming NDJSON reader, and the one-pass analysis engine. No oclif, no
 * terminal output; the CLI in commands/ is built on the same modules.
 *
 *   import {analyzeInput} from 'trace-doctor'
 *   const {analysis} = await analyzeInput('/path/to/sessions/run-42')
 *   analysis.peak_rss_kb, analysis.anomalies.map((a) => a.kind)
 */

// Formats: one zod schema per file kind, shared by readers and writers.
export {SnapshotSchema, TraceRowSchema, SNAPSHOT_KEYS, PROCESS_STATES, toTraceRow, snapshotOf} from './model/snapshot.js'
export type {Snapshot, TraceRow, ProcessState} from './model/snapshot.js'
export {EnrollmentSchema, EnrollmentV2Schema, ENROLLMENT_SCHEMA_VERSION} from './model/enrollment.js'
export type {Enrollment, EnrollmentV2} from './model/enrollment.js'
export {SummarySchema, SummaryReadSchema, TERMINATION_REASONS, TRACER_TARGET_RESOLUTION_VERSION} from './model/summary.js'
export type {Summary, SummaryRead, TerminationReason} from './model/summary.js'
export {IndexLineSchema, IndexLineReadSchema} from './model/index-line.js'
export type {IndexLine, IndexLineRead} from './model/index-line.js'
export {AnomalySchema, ANOMALY_KINDS, SEVERITIES, SEVERITY_RANK} from './model/anomaly.js'
export type {Anomaly, AnomalyKind, Severity} from './model/anomaly.js'

// Reading: NDJSON in flat memory (torn tails and bad lines counted), and what a path is.
export {readNdjson} from './io/ndjson-reader.js'
export type {NdjsonStats, SkippedLine, RecordSink, ReadNdjsonOptions} from './io/ndjson-reader.js'
export {resolveTraceInput} from './input/resolve-input.js'
export type {ResolvedInput, InputKind} from './input/resolve-input.js'

// Writing text the way the existing tracer does (Python's json.dumps).
export {pyDumps, pyFloat} from './io/py-json.js'

// Analysis: the engine over rows you have, or a path streamed through it once.
export {TraceAnalyzer, analyzeRows} from './analyze/trace-analyzer.js'
export type {Analysis, AnalyzerOptions} from './analyze/trace-analyzer.js'
export {analyzeInput} from './input/analyze-input.js'
export type {AnalyzeInputOptions, AnalyzeInputResult} from './input/analyze-input.js'
export {toAnalyzeResult} from './analyze/analysis-result.js'
export type {AnalyzeResult} from './analyze/analysis-result.js'

// Errors: every failure a user can act on is a TraceDoctorError with a code and an exit code.
export {TraceDoctorError} from './errors.js'
