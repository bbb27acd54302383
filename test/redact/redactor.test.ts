import {describe, expect, it} from 'vitest'
import {mask, Redactor} from '../../src/redact/redactor.js'

const redact = (text: string, home = '/nonexistent-home/x'): {out: string; r: Redactor} => {
  const r = new Redactor({home})
  return {out: r.text(text, 'test'), r}
}

describe('Redactor.text: token shapes', () => {
  it.each([
    ['ghp_abcdefghijklmnopqrstuvwxyz0123456789', 'github-token'],
    ['gho_abcdefghijklmnopqrstuvwxyz0123456789', 'github-token'],
    ['github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz', 'github-token'],
    ['xoxb-1234567890-abcdefghij', 'slack-token'],
    ['xoxp-1234567890-abcdefghij', 'slack-token'],
    ['AKIAIOSFODNN7EXAMPLE', 'aws-access-key'],
    ['sk-proj-abcdefghijklmnop1234', 'api-key'],
    ['eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U', 'jwt'],
  ])('replaces %s', (secret, rule) => {
    const {out, r} = redact(`before ${secret} after`)
    expect(out).toBe('before [REDACTED] after')
    expect(r.countsByRule[rule]).toBe(1)
  })

  it('leaves look-alikes that are not tokens', () => {
    for (const text of ['task-force ready', 'ghp_short', 'skeleton-key', 'the token expired', 'author: Jane', 'input_tokens: 1234', '/rootfs/etc']) {
      expect(redact(text).out).toBe(text)
    }
  })
})

describe('Redactor.text: secret key/value pairs', () => {
  it.each([
    ['password=hunter2', 'password=[REDACTED]'],
    ['--password hunter2', '--password [REDACTED]'],
    ['--password=hunter2 --verbose', '--password=[REDACTED] --verbose'],
    ['DB_PASSWORD=s3cr3t ./run', 'DB_PASSWORD=[REDACTED] ./run'],
    ['passwd: abc', 'passwd: [REDACTED]'],
    ['api_key="abc def"', 'api_key="[REDACTED]"'],
    ["apikey='q1w2e3'", "apikey='[REDACTED]'"],
    ['{"access_token": "abc.def"}', '{"access_token": "[REDACTED]"}'],
    ['client_secret: xyz', 'client_secret: [REDACTED]'],
    ['auth=admin:pw', 'auth=[REDACTED]'],
    ['credentials: hunter2', 'credentials: [REDACTED]'],
    ['token 9f8e7d6c', 'token [REDACTED]'],
    ['https://x/?a=1&token=abc&b=2', 'https://x/?a=1&token=[REDACTED]&b=2'],
  ])('%s', (input, expected) => {
    expect(redact(input).out).toBe(expected)
  })

  it('does not take the next flag as a value', () => {
    expect(redact('--token --verbose').out).toBe('--token --verbose')
  })
})

describe('Redactor.text: headers, URLs, home dirs', () => {
  it('redacts Authorization headers but keeps the scheme', () => {
    expect(redact('curl -H "Authorization: Bearer abc123.def"').out).toBe('curl -H "Authorization: Bearer [REDACTED]"')
    expect(redact('authorization: token zzz').out).toBe('authorization: token [REDACTED]')
  })

  it('redacts user:pass@ in URLs', () => {
    expect(redact('git clone https://bob:pa55@github.com/x/y').out).toBe('git clone https://[REDACTED]@github.com/x/y')
    expect(redact('postgres://admin@db:5432/app').out).toBe('postgres://[REDACTED]@db:5432/app')
  })

  it('turns home dirs into ~', () => {
    expect(redact('cd /home/alice/proj && ls /Users/bob').out).toBe('cd ~/proj && ls ~')
    expect(redact('cat /root/.ssh/id_rsa').out).toBe('cat ~/.ssh/id_rsa')
    expect(redact('log at /srv/people/carol/logs', '/srv/people/carol').out).toBe('log at ~/logs')
  })

  it('is idempotent and counts each replacement once', () => {
    const r = new Redactor()
    const once = r.text('password=hunter2 ghp_abcdefghijklmnopqrstuvwxyz0123456789', 'a')
    const twice = r.text(once, 'b')
    expect(twice).toBe(once)
    expect(r.total).toBe(2)
  })
})

describe('Redactor.value', () => {
  it('redacts strings deep inside, and whole values of secret-named keys', () => {
    const r = new Redactor({home: '/home/zed'})
    const input = {cwd: '/home/zed/app', env: {API_KEY: 12345, nested: ['Bearer x', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789']}, tokens_used: 99}
    const out = r.value(input, 'summary')
    expect(out).toEqual({cwd: '~/app', env: {API_KEY: '[REDACTED]', nested: ['Bearer x', '[REDACTED]']}, tokens_used: 99})
    expect(input.cwd).toBe('/home/zed/app')
    expect(r.hits.map((h) => h.where)).toContain('summary.env.API_KEY')
  })

  it('shows at most a short prefix of a secret', () => {
    const r = new Redactor()
    r.text('ghp_abcdefghijklmnopqrstuvwxyz0123456789', 'x')
    expect(r.hits[0]!.sample).toBe('ghp_…(40 chars)')
    expect(mask('abc')).toBe('ab…(3 chars)')
  })
})

describe('Redactor: what the old rules missed (issue 10)', () => {
  it.each([
    ['AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMIK7MDENGbPxRfiCYzzzzKEY1x', 'AWS_SECRET_ACCESS_KEY=[REDACTED]'],
    ['SECRET_KEY_BASE=f3a9c1e0b7d24c6e8a5f0d1b2c3e4f5a ./bin/rails s', 'SECRET_KEY_BASE=[REDACTED] ./bin/rails s'],
    ['private_key=pk9x8y7w6v5u4t3s', 'private_key=[REDACTED]'],
    ['redis://:r3d1sPassw0rd@cache:6379/0', 'redis://[REDACTED]@cache:6379/0'],
    ['x -----BEGIN PRIVATE KEY-----\nMIIBVgIBADAN\n-----END PRIVATE KEY----- y', 'x [REDACTED] y'],
    ['--key "-----BEGIN RSA PRIVATE KEY----- MIIEow cut off', '--key "[REDACTED]'],
  ])('%s', (input, expected) => {
    expect(redact(input).out).toBe(expected)
  })

  it('keeps look-alikes that name no secret', () => {
    for (const text of ['secret_path=/etc/app', 'token_count=12', 'BEGIN PUBLIC KEY']) expect(redact(text).out).toBe(text)
  })

  it('finds what only secretlint knows once it has scanned the values, and redacts keys too', async () => {
    const npm = 'npm_abcdefghijklmnopqrstuvwxyz0123456789'
    const webhook = 'https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX'
    const input = {cmd: `publish ${npm}`, rows: [{note: webhook}], [npm]: 1}
    const r = await Redactor.forValues([input], {home: '/nonexistent-home/x'})
    const out = JSON.stringify(r.value(input, 'session'))
    expect(out).not.toContain(npm)
    expect(out).not.toContain('XXXXXXXXXXXXXXXXXXXXXXXX')
    expect(r.countsByRule['secretlint/npm']).toBe(2)
    expect(r.hits.map((h) => h.where)).toContain('session.rows[0].note')
  })
})
