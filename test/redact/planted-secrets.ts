/**
 * One secret of every kind the redaction rules know (secretlint's preset and ours), for tests
 * that plant them in every field a session can carry and look for them in every output.
 */

const OPENSSH_BODY = 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW'
const SHORT_PEM_BODY = 'MIIBVgIBADANBgkqhkiG9w0BAQEFAASCAUAwggE8AgEAAkEA'

/** Each kind as it appears in text, and the part of it that must never leave the machine. */
export const PLANTED: ReadonlyArray<{kind: string; text: string; secret: string}> = [
  {kind: 'github token', text: 'ghp_abcdefghijklmnopqrstuvwxyz0123456789', secret: 'ghp_abcdefghijklmnopqrstuvwxyz0123456789'},
  {kind: 'slack token', text: 'xoxb-1234567890-abcdefghij', secret: 'xoxb-1234567890-abcdefghij'},
  {kind: 'aws access key id', text: 'AKIAIOSFODNN7EXAMPLE', secret: 'AKIAIOSFODNN7EXAMPLE'},
  {kind: 'api key', text: 'sk-proj-abcdefghijklmnop1234', secret: 'sk-proj-abcdefghijklmnop1234'},
  {
    kind: 'jwt',
    text: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
    secret: 'dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
  },
  {kind: 'npm token (secretlint)', text: 'npm_abcdefghijklmnopqrstuvwxyz0123456789', secret: 'npm_abcdefghijklmnopqrstuvwxyz0123456789'},
  {kind: 'slack webhook (secretlint)', text: 'https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX', secret: 'XXXXXXXXXXXXXXXXXXXXXXXX'},
  {
    kind: 'openssh private key (secretlint)',
    text: `-----BEGIN OPENSSH PRIVATE KEY-----\n${OPENSSH_BODY}\nQyNTUxOQAAACDxl1YkOiWi8W4GOjs5LPXlMHqqmb9C7M+dZ5PSLjGtfQAAAJhB9n/FQfZ/\n-----END OPENSSH PRIVATE KEY-----`,
    secret: OPENSSH_BODY,
  },
  {kind: 'short PEM key', text: `-----BEGIN PRIVATE KEY-----\n${SHORT_PEM_BODY}\n-----END PRIVATE KEY-----`, secret: SHORT_PEM_BODY},
  {kind: 'aws secret access key', text: 'AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMIK7MDENGbPxRfiCYzzzzKEY1x', secret: 'wJalrXUtnFEMIK7MDENGbPxRfiCYzzzzKEY1x'},
  {kind: 'rails secret key base', text: 'SECRET_KEY_BASE=f3a9c1e0b7d24c6e8a5f0d1b2c3e4f5a', secret: 'f3a9c1e0b7d24c6e8a5f0d1b2c3e4f5a'},
  {kind: 'private_key value', text: 'private_key=pk9x8y7w6v5u4t3s', secret: 'pk9x8y7w6v5u4t3s'},
  {kind: 'password-only URL', text: 'redis://:r3d1sPassw0rd@cache:6379/0', secret: 'r3d1sPassw0rd'},
  {kind: 'URL credentials', text: 'https://bob:pa55word@example.com/x', secret: 'pa55word'},
  {kind: 'password flag', text: '--password hunter2', secret: 'hunter2'},
  {kind: 'authorization header', text: 'Authorization: Bearer abc123def456ghi789', secret: 'abc123def456ghi789'},
  {kind: 'home dir', text: '/home/alice/projects/app', secret: 'alice'},
]

/** Every kind in one text, one per line. */
export const ALL_PLANTED = PLANTED.map((p) => p.text).join('\n')

/** Every kind that can be part of a file name (no "/", no newline), joined by spaces. */
export const NAME_SAFE_PLANTED = PLANTED.filter((p) => !/[/\n]/.test(p.text)).map((p) => p.text).join(' ')

/** The secrets found in `text`, by kind: [] when nothing leaked. */
export function leaked(text: string): string[] {
  return PLANTED.filter((p) => text.includes(p.secret)).map((p) => p.kind)
}
