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

// --- fleet (ClickHouse) flags: shared by ship, sessions, analyze and report ---

/** A fleet server's HTTP interface; the password comes from CLICKHOUSE_PASSWORD or the URL. */
export const clickhouseFlag = Flags.string({
  summary: 'ClickHouse HTTP URL of the fleet server (password from CLICKHOUSE_PASSWORD or the URL)',
  helpValue: 'URL',
})

/** Where the fleet tables live; one database per fleet lets teams share a server. */
export const databaseFlag = Flags.string({
  summary: 'ClickHouse database holding the fleet tables',
  default: 'trace_doctor',
  helpValue: 'NAME',
})
