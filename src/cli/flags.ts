/**
 * Flags shared by several commands, each with the reason it exists.
 */
import * as Flags from '@oclif/core/flags'

/** Where finalized sessions live; see src/store/log-dir.ts for the fallback chain. */
export const logDirFlag = Flags.string({
  summary: 'log dir holding sessions.jsonl and sessions/ (default: see below)',
  description: 'Default: $TRACE_DOCTOR_LOG_DIR, else $XDG_DATA_HOME/trace-doctor/logs, else ~/.local/share/trace-doctor/logs.',
  helpValue: 'DIR',
})

/** The tmpfs dir a live tracer writes into and `recover` reads from. */
export const tmpfsFlag = Flags.string({
  summary: 'tmpfs dir holding live traces and their enrollment sidecars',
  default: '/dev/shm',
  helpValue: 'DIR',
})
