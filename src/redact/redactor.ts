/**
 * The one redactor for every string that leaves the machine (`issue`, `report`, `sessions
 * --html`). It applies secretlint's recommended preset (secretlint-scan.ts) and our own rules
 * (rules.ts) to strings and to whole JSON-like values, and remembers what it replaced (rule name,
 * count, a masked sample) so that a command can say what was masked without showing the secret.
 * Redaction is idempotent: redacting redacted text changes nothing.
 *
 * Use `await Redactor.forValues([...everything to be redacted], options)`: secretlint is
 * asynchronous, so it scans those values once up front and the (synchronous) `text`/`value`
 * calls then replace the secrets it found wherever they appear (after our own rules ran).
 */
import {CREDENTIAL_RULES, homeDirRules, REDACTED, type RedactionRule, TOKEN_RULES} from './rules.js'
import {findSecrets} from './secretlint-scan.js'

export interface RedactionHit {
  rule: string
  /** Where it was found: "error context", "trace row 41", "summary.cwd", … */
  where: string
  /** The first characters of what was replaced, and its length: never the whole secret. */
  sample: string
}

export interface RedactorOptions {
  /** The current user's home dir (os.homedir()); it becomes `~`. */
  home?: string
  /** Hits kept with their sample; the rest are only counted. */
  maxHits?: number
}

const SECRET_JSON_KEY = /^(?:.*[_.-])?(?:password|passwd|secret|token|api[_-]?key|apikey|access[_-]?token|private[_-]?key|auth|credentials?|authorization)(?:[_-](?:access[_-])?(?:key|file|value|base|data|string))*$/i

const MAX_CLEAN = 100_000

export class Redactor {
  private readonly rules: RedactionRule[]
  private readonly hitList: RedactionHit[] = []
  private readonly counts = new Map<string, number>()
  private readonly maxHits: number
  /** Literal secrets secretlint found, longest first (so a secret inside another goes with it). */
  private known: Array<{rule: string; value: string}> = []
  /** Strings already seen to hold nothing to redact. */
  private readonly clean = new Set<string>()

  constructor(options: RedactorOptions = {}) {
    this.rules = [...TOKEN_RULES, ...CREDENTIAL_RULES, ...homeDirRules(options.home)]
    this.maxHits = options.maxHits ?? 200
  }

  /** A redactor that has already scanned `values` (any JSON-like values) with secretlint. */
  static async forValues(values: readonly unknown[], options: RedactorOptions = {}): Promise<Redactor> {
    const r = new Redactor(options)
    await r.learn(values)
    return r
  }

  /** Scans the strings in `values` with secretlint and remembers the secrets it finds. */
  async learn(values: readonly unknown[]): Promise<void> {
    const strings: string[] = []
    for (const v of values) collectStrings(v, strings)
    const found = await findSecrets(strings)
    this.clean.clear() // a string seen clean may hold a secret found now
    const byValue = new Map(this.known.map((k) => [k.value, k.rule]))
    for (const f of found) byValue.set(f.value, f.rule)
    this.known = [...byValue].map(([value, rule]) => ({rule, value})).sort((a, b) => b.value.length - a.value.length)
  }

  /** Redacts one string; `where` labels the hits. */
  text(value: string, where: string): string {
    const out = this.redactText(value, where)
    // A chart repeats the same comm, state and wchan thousands of times: strings with nothing to hide are remembered.
    if (out === value && this.clean.size < MAX_CLEAN) this.clean.add(value)
    return out
  }

  private redactText(value: string, where: string): string {
    let out = value
    for (const rule of this.rules) {
      rule.pattern.lastIndex = 0
      if (!rule.pattern.test(out)) continue
      rule.pattern.lastIndex = 0
      out = out.replace(rule.pattern, (match: string, ...rest: unknown[]) => {
        const groups = rest.filter((g): g is string => typeof g === 'string' || g === undefined).slice(0, -1) as string[]
        const replaced = rule.replace(match, groups.map((g) => g ?? ''))
        if (replaced !== match) this.record(rule.name, where, match)
        return replaced
      })
    }
    // secretlint's finds last: our rules keep the shape (`https://[REDACTED]@host/x`, `KEY=[REDACTED]`)
    // where secretlint would mask the whole URL; whatever they left of its finds goes now.
    for (const {rule, value: secret} of this.known) {
      if (!out.includes(secret)) continue
      const parts = out.split(secret)
      for (let i = 1; i < parts.length; i++) this.record(rule, where, secret)
      out = parts.join(REDACTED)
    }
    return out
  }

  /**
   * Redacts every string in a JSON-like value (objects, arrays), and the whole value of any key
   * that names a secret (`"api_key": 123` included). Returns a new value; the input is untouched.
   */
  value<T>(input: T, where: string): T {
    return this.walk(input, where) as T
  }

  private walk(input: unknown, where: string): unknown {
    if (typeof input === 'string') return this.clean.has(input) ? input : this.text(input, where)
    // Charts are long arrays of numbers: no label is built for what holds no text.
    if (Array.isArray(input)) return input.map((v, i) => (typeof v === 'object' || typeof v === 'string' ? this.walk(v, `${where}[${i}]`) : v))
    if (typeof input !== 'object' || input === null) return input
    const out: Record<string, unknown> = {}
    for (const [key, v] of Object.entries(input as Record<string, unknown>)) {
      const at = `${where}.${key}`
      if (SECRET_JSON_KEY.test(key) && (typeof v === 'string' || typeof v === 'number') && v !== '' && v !== REDACTED) {
        this.record('secret-value', at, String(v))
        out[key] = REDACTED
      } else {
        out[this.text(key, at)] = this.walk(v, at)
      }
    }
    return out
  }

  private record(rule: string, where: string, match: string): void {
    this.counts.set(rule, (this.counts.get(rule) ?? 0) + 1)
    if (this.hitList.length < this.maxHits) this.hitList.push({rule, where, sample: mask(match)})
  }

  get hits(): readonly RedactionHit[] {
    return this.hitList
  }

  /** Replacements per rule, e.g. {"github-token": 2, "home-dir": 5}. */
  get countsByRule(): Record<string, number> {
    return Object.fromEntries([...this.counts.entries()].sort(([a], [b]) => (a < b ? -1 : 1)))
  }

  get total(): number {
    let n = 0
    for (const c of this.counts.values()) n += c
    return n
  }

  /** What `--json` prints under `redactions`, for every command that redacts. */
  summary(enabled: boolean): RedactionSummary {
    return {enabled, total: this.total, by_rule: this.countsByRule, hits: this.hits}
  }
}

export interface RedactionSummary {
  enabled: boolean
  total: number
  by_rule: Record<string, number>
  hits: readonly RedactionHit[]
}

/** "secrets and home dirs redacted: 3 values (github-token ×1, home-dir ×2)", or that it was off. */
export function redactionNote(s: Pick<RedactionSummary, 'enabled' | 'total' | 'by_rule'>): string {
  if (!s.enabled) return 'redaction off (--no-redact)'
  if (s.total === 0) return 'secrets and home dirs redacted (none found)'
  const parts = Object.entries(s.by_rule).map(([rule, n]) => `${rule} ×${n}`)
  return `secrets and home dirs redacted: ${s.total} value${s.total === 1 ? '' : 's'} (${parts.join(', ')})`
}

/** The lines a command prints on stderr/stdout to say what was masked (issue --dry-run's shape). */
export function redactionLines(s: RedactionSummary): string[] {
  const lines = [s.enabled ? `Redacted: ${s.total} value(s)` : 'Redaction: off (--no-redact)']
  for (const hit of s.hits) lines.push(`  ${hit.rule} in ${hit.where}: ${hit.sample}`)
  return lines
}

/** Every string in a JSON-like value, keys included (a key can carry a secret too). */
function collectStrings(input: unknown, into: string[]): void {
  if (typeof input === 'string') into.push(input)
  else if (Array.isArray(input)) for (const v of input) collectStrings(v, into)
  else if (typeof input === 'object' && input !== null) {
    for (const [key, v] of Object.entries(input as Record<string, unknown>)) {
      into.push(key)
      collectStrings(v, into)
    }
  }
}

/** "ghp_…(40 chars)": enough to recognise which value it was, not enough to use it. */
export function mask(secret: string): string {
  const chars = Array.from(secret)
  const shown = chars.length <= 8 ? chars.slice(0, 2) : chars.slice(0, 4)
  return `${shown.join('')}…(${chars.length} chars)`
}
