/**
 * The redaction rules, applied in this order to every string that could leave the machine
 * (cmdlines, paths, error context, trace rows, the report). Token shapes come first so that a
 * token inside a `key=value` pair is reported under its real kind.
 *
 * Sources for the shapes: GitHub's token formats (github.blog 2021-04-05 "Behind GitHub's new
 * authentication token formats"), Slack (`xoxb-`/`xoxp-`), AWS access key ids (`AKIA`/`ASIA` + 16),
 * OpenAI/Anthropic style `sk-` keys, and JWTs (three base64url parts, the first two `eyJ`).
 */
export const REDACTED = '[REDACTED]'

export interface RedactionRule {
  name: string
  pattern: RegExp
  /** Returns the replacement; returning the match unchanged means "not a secret after all". */
  replace: (match: string, groups: string[]) => string
}

const whole = (): string => REDACTED

// Key names whose values are secrets: `password=…`, `--api-key …`, `"access_token": "…"`,
// `DB_PASSWORD=…`, `client_secret: …`. The key must end at the secret word (optionally followed
// by _key/_file/_value) so that `author:` or `tokens: 1234` are left alone.
// Suffixes after the secret word that still name the secret itself: `SECRET_KEY_BASE` (Rails),
// `AWS_SECRET_ACCESS_KEY`, `private_key_data`. `token_count` or `secret_path` do not qualify.
const SECRET_KEY = String.raw`[A-Za-z0-9_.-]*?(?:password|passwd|secret|token|api[_-]?key|access[_-]?token|private[_-]?key|auth|credentials?)(?:[_-](?:access[_-])?(?:key|file|value|base|data|string))*`

/**
 * `(prefix)(key)(closing quote of a JSON key)?(delimiter)(value)`. A bare space as delimiter
 * only counts when the key is a CLI flag (`--password hunter2`) or the value looks like a
 * secret (has a digit or symbol): "the token expired" is English, not a credential.
 */
const KEY_VALUE = new RegExp(
  String.raw`(^|[^A-Za-z0-9_])(-{0,2})(${SECRET_KEY})(?![A-Za-z0-9])(["']?)(\s*[=:]\s*|\s+)("[^"]*"|'[^']*'|[^\s"',;&]+)`,
  'gi',
)

function replaceKeyValue(match: string, g: string[]): string {
  const [lead = '', dashes = '', key = '', keyQuote = '', delim = '', value = ''] = g
  const isQuoted = value.startsWith('"') || value.startsWith("'")
  const bare = isQuoted ? value.slice(1, -1) : value
  if (bare === REDACTED || bare === '' || bare.startsWith('[REDACTED')) return match
  if (delim.trim() === '' && dashes === '' && !/[0-9\W_]/.test(bare)) return match
  if (delim.trim() === '' && bare.startsWith('-')) return match // `--token --verbose`: the next flag is no value
  const q = isQuoted ? value[0]! : ''
  return `${lead}${dashes}${key}${keyQuote}${delim}${q}${REDACTED}${q}`
}

/**
 * A PEM private key block of any length and type (`RSA`, `EC`, `OPENSSH`, `ENCRYPTED`, none),
 * also when its lines were joined by spaces (an argv) or it was cut before its END line (a
 * truncated cmdline): secretlint's rule wants a complete block of realistic length.
 */
const PRIVATE_KEY_BLOCK = /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY-----(?:[\s\S]*?-----END \1PRIVATE KEY-----|[\s\S]*$)/g

export const TOKEN_RULES: readonly RedactionRule[] = [
  {name: 'private-key', pattern: PRIVATE_KEY_BLOCK, replace: whole},
  {name: 'github-token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})/g, replace: whole},
  {name: 'slack-token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{8,}/g, replace: whole},
  {name: 'aws-access-key', pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, replace: whole},
  {name: 'api-key', pattern: /\bsk-[A-Za-z0-9_-]{16,}/g, replace: whole},
  {name: 'jwt', pattern: /\beyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, replace: whole},
]

export const CREDENTIAL_RULES: readonly RedactionRule[] = [
  {
    name: 'authorization-header',
    pattern: /\b((?:proxy-)?authorization\s*["']?\s*[:=]\s*["']?)(?:(bearer|token|basic|digest)\s+)?([^\s"',]+)/gi,
    replace: (match, [prefix = '', scheme, value = '']) =>
      value.startsWith('[REDACTED') ? match : `${prefix}${scheme ? `${scheme} ` : ''}${REDACTED}`,
  },
  {
    name: 'url-credentials',
    // `user:pw@`, `user@` and the password-only `redis://:pw@host` form.
    pattern: /\b([a-z][a-z0-9+.-]*:\/\/)([^/\s:@"'`]+(?::[^/\s@"'`]*)?|:[^/\s@"'`]+)@/gi,
    replace: (match, [scheme = '', userinfo = '']) => (userinfo === REDACTED ? match : `${scheme}${REDACTED}@`),
  },
  {name: 'secret-value', pattern: KEY_VALUE, replace: replaceKeyValue},
]

/** Home directories name their user, which is personal data; every one becomes `~`. */
export function homeDirRules(currentHome: string | undefined): RedactionRule[] {
  const rules: RedactionRule[] = []
  const home = currentHome?.replace(/\/+$/, '')
  // A home of "/" or a one-level path like "/tmp" would eat unrelated paths.
  if (home && home.split('/').filter(Boolean).length >= 2 && !/^\/(?:home|Users)\/[^/]+$/.test(home)) {
    rules.push({name: 'home-dir', pattern: new RegExp(`${escapeRegExp(home)}(?=/|\\b|$)`, 'g'), replace: () => '~'})
  }
  rules.push({name: 'home-dir', pattern: /(?<![\w.~-])\/(?:home|Users)\/[^/\s"'`|<>]+/g, replace: () => '~'})
  rules.push({name: 'home-dir', pattern: /(?<![\w.~-])\/root(?=\/|[\s"'`|<>),;:]|$)/g, replace: () => '~'})
  return rules
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
