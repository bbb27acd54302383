/**
 * One connection to a fleet server: the `--clickhouse URL` flag, the password from
 * `CLICKHOUSE_PASSWORD` (else the URL), the official client, and the one place that turns the
 * client's failures into one-line errors. The password never appears in a message: `display`
 * is the URL without it, and server text is scrubbed before it is shown.
 */
import {createClient, ClickHouseError as ServerError, ClickHouseLogLevel, type ClickHouseClient} from '@clickhouse/client'
import {FleetServerError, TraceDoctorError, UsageError, errnoCode} from '../errors.js'

export const PASSWORD_ENV = 'CLICKHOUSE_PASSWORD'

export interface FleetTarget {
  /** scheme://host:port, no credentials. */
  origin: string
  username: string
  password: string
  database: string
  /** What messages and --json show: `http://user@host:port/database`. */
  display: string
}

/** Reads `--clickhouse URL` (+ `--database`); the env password wins over one in the URL. Pure. */
export function parseFleetTarget(url: string, database: string, env: NodeJS.ProcessEnv = process.env): FleetTarget {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new UsageError(`--clickhouse: not a URL: ${JSON.stringify(url.replace(/:[^:@/]*@/, ':***@'))}`, 'use e.g. http://127.0.0.1:8123 or https://user@ch.example.com:8443')
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new UsageError(`--clickhouse: ${parsed.protocol} is not supported`, 'ClickHouse is reached over its HTTP interface: http:// or https://')
  }
  if (database === '' || /[\s`]/.test(database)) throw new UsageError(`--database: not a database name: ${JSON.stringify(database)}`)
  const username = decodeURIComponent(parsed.username) || 'default'
  const envPassword = env[PASSWORD_ENV]
  const password = envPassword !== undefined && envPassword !== '' ? envPassword : decodeURIComponent(parsed.password)
  const origin = `${parsed.protocol}//${parsed.host}`
  return {origin, username, password, database, display: `${parsed.protocol}//${encodeURIComponent(username)}@${parsed.host}/${database}`}
}

export interface FleetClientOptions {
  /** Distributed tables: ack an insert only once every shard has it (else it is queued). */
  distributedSync?: boolean
}

/**
 * JSONEachRow text that is already encoded (many lines, the last one without its "\n"). The
 * client encodes each object of an insert stream with `json.stringify` + "\n"; handing it these
 * lets a whole chunk of converted rows pass through without a parse/stringify round trip.
 */
export class EncodedRows {
  constructor(readonly text: string) {}
}

const stringify = (value: unknown): string => (value instanceof EncodedRows ? value.text : JSON.stringify(value))

export function openFleetClient(target: FleetTarget, options: FleetClientOptions = {}): ClickHouseClient {
  return createClient({
    url: target.origin,
    username: target.username,
    password: target.password,
    // Every statement names its database: the target one may not exist yet.
    database: 'default',
    request_timeout: 300_000,
    application: 'trace-doctor',
    json: {parse: JSON.parse, stringify},
    // A few large requests: a fresh connection each costs nothing, while a kept-alive one may be
    // closed by the server (keep_alive_timeout, 3 s on 18.16) just as a late timer reuses it: EPIPE.
    keep_alive: {enabled: false},
    clickhouse_settings: options.distributedSync ? {insert_distributed_sync: 1} : {},
    // The client logs failed requests itself; our errors say it once, in one line.
    log: {level: ClickHouseLogLevel.OFF},
  })
}

/** ClickHouse error codes meaning "who are you": UNKNOWN_USER, WRONG_PASSWORD, REQUIRED_PASSWORD, AUTHENTICATION_FAILED. */
const AUTH_CODES = new Set(['192', '193', '194', '516'])
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'ECONNRESET', 'EAI_AGAIN', 'EPIPE'])

/** Turns whatever the client threw into a one-line FleetServerError (passes ours through). */
export function toFleetError(error: unknown, target: FleetTarget, doing: string): Error {
  if (error instanceof TraceDoctorError) return error // ours already: a local file, a usage error
  const scrub = (text: string): string => {
    // 18.16: "Code: 193, e.displayText() = DB::Exception: Wrong password…, e.what() = DB::Exception"
    const firstLine = (text.split('\n')[0] ?? '').replace(/, e\.what\(\) = .*$/, '').replace('e.displayText() = ', '').trim()
    return target.password === '' ? firstLine : firstLine.split(target.password).join('***')
  }
  // 18.16 words its errors "Code: 193, e.displayText() = …", which the client does not parse.
  const serverCode = error instanceof ServerError ? error.code : /^Code: (\d+)[,.]/.exec(error instanceof Error ? error.message : '')?.[1]
  if (serverCode !== undefined && error instanceof Error) {
    if (AUTH_CODES.has(serverCode)) {
      return new FleetServerError(`ClickHouse at ${target.display} refused user ${target.username}: ${scrub(error.message)}`, {
        hint: `set ${PASSWORD_ENV} or put the user and password in the URL`,
      })
    }
    return new FleetServerError(`ClickHouse at ${target.display} failed while ${doing}: ${scrub(error.message)}`)
  }
  const code = errnoCode(error) ?? errnoCode((error as {cause?: unknown} | undefined)?.cause)
  if (code !== undefined && UNREACHABLE.has(code)) {
    return new FleetServerError(`cannot reach ClickHouse at ${target.display} while ${doing}: ${code}`, {hint: 'check --clickhouse URL and that the server is up'})
  }
  const message = error instanceof Error ? error.message : String(error)
  if (/timeout|socket hang up|ECONN|network/i.test(message)) {
    return new FleetServerError(`cannot reach ClickHouse at ${target.display} while ${doing}: ${scrub(message)}`, {hint: 'check --clickhouse URL and that the server is up'})
  }
  return new FleetServerError(`ClickHouse at ${target.display} failed while ${doing}: ${scrub(message)}`)
}
