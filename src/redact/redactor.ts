/**
 * Applies the redaction rules to strings and to whole JSON-like values, and remembers what it
 * replaced (rule name, count, a masked sample) so that `--dry-run` can show it without showing
 * the secret itself. Redaction is idempotent: redacting redacted text changes nothing.
 */
import {CREDENTIAL_RULES, homeDirRules, REDACTED, type RedactionRule, TOKEN_RULES} from './rules.js'

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

const SECRET_JSON_KEY = /^(?:.*[_.-])?(?:password|passwd|secret|token|api[_-]?key|apikey|access[_-]?token|auth|credentials?|authorization)(?:[_-](?:key|file|value))?$/i

export class Redactor {
  private readonly rules: RedactionRule[]
  private readonly hitList: RedactionHit[] = []
  private readonly counts = new Map<string, number>()
  private readonly maxHits: number

  constructor(options: RedactorOptions = {}) {
    this.rules = [...TOKEN_RULES, ...CREDENTIAL_RULES, ...homeDirRules(options.home)]
    this.maxHits = options.maxHits ?? 200
  }

  /** Redacts one string; `where` labels the hits. */
  text(value: string, where: string): string {
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
    if (typeof input === 'string') return this.text(input, where)
    if (Array.isArray(input)) return input.map((v) => this.walk(v, where))
    if (typeof input !== 'object' || input === null) return input
    const out: Record<string, unknown> = {}
    for (const [key, v] of Object.entries(input as Record<string, unknown>)) {
      if (SECRET_JSON_KEY.test(key) && (typeof v === 'string' || typeof v === 'number') && v !== '' && v !== REDACTED) {
        this.record('secret-value', `${where}.${key}`, String(v))
        out[key] = REDACTED
      } else {
        out[key] = this.walk(v, where)
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
}

/** "ghp_…(40 chars)": enough to recognise which value it was, not enough to use it. */
export function mask(secret: string): string {
  const chars = Array.from(secret)
  const shown = chars.length <= 8 ? chars.slice(0, 2) : chars.slice(0, 4)
  return `${shown.join('')}…(${chars.length} chars)`
}
