/**
 * The filing flow against the stateful GitHub stand-in, in process (the CLI end-to-end tests
 * are in test/commands/issue.test.ts).
 */
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {createGithubClient} from '../../src/github/client.js'
import {GithubRefusedError, mapGithubError} from '../../src/github/errors.js'
import {fileIssue, type FileIssueInput} from '../../src/github/file-issue.js'
import {fingerprintMarker} from '../../src/report/fingerprint.js'
import {startGithubServer, type GithubServer} from '../helpers/github-server.js'
import {tempDir} from '../helpers/temp-dir.js'

let server: GithubServer
beforeEach(async () => {
  server = await startGithubServer()
})
afterEach(async () => {
  await server.stop()
})

const FP = 'td-fp-v1-00000000000000aa'
function input(over: Partial<FileIssueInput> = {}, logDir = tempDir()): FileIssueInput {
  return {
    client: createGithubClient({token: 'test-token', apiUrl: server.url, backoffMs: 0}),
    apiUrl: server.url,
    ref: {owner: 'acme', repo: 'agents'},
    rendered: {title: 'T', body: `body\n${fingerprintMarker(FP)}\n<!-- trace-doctor:session=s1 -->`, comment: `c\n${fingerprintMarker(FP)}`, fingerprint: FP},
    labels: ['bug'],
    sessionMarker: '<!-- trace-doctor:session=s1 -->',
    logDir,
    backoffMs: 0,
    ...over,
  }
}

describe('fileIssue', () => {
  it('creates, then skips the same session, then comments a new error context, then skips it', async () => {
    const logDir = tempDir()
    expect((await fileIssue(input({}, logDir))).action).toBe('created')
    expect(server.issues()[0]!.labels).toEqual(['trace-doctor', 'bug'])
    const again = await fileIssue(input({}, logDir))
    expect(again).toMatchObject({action: 'skipped', found_via: 'ledger', issue_number: 1})
    const withContext = input({errorContext: 'boom at line 3'}, logDir)
    withContext.rendered = {...withContext.rendered, comment: `New occurrence\n\n\`\`\`text\nboom at line 3\n\`\`\`\n${fingerprintMarker(FP)}`}
    expect((await fileIssue(withContext)).action).toBe('commented')
    expect((await fileIssue(input({errorContext: 'boom at line 3\r\n'}, logDir)))).toMatchObject({action: 'skipped', reason: 'this error context is already in a comment on issue #1'})
    expect(server.issues()).toHaveLength(1)
    expect(server.issues()[0]!.comments).toHaveLength(1)
  })

  it('finds an issue created a moment ago through the list, while search still lags', async () => {
    server.searchLagMs = 60_000
    await fileIssue(input())
    // A fresh log dir: no ledger; search cannot see it yet.
    const second = await fileIssue(input({errorContext: 'other'}))
    expect(second).toMatchObject({action: 'commented', found_via: 'list'})
    expect(server.issues()).toHaveLength(1)
  })

  it('pages through the labelled list', async () => {
    for (let i = 0; i < 230; i++) server.seed('acme/agents', {body: `other ${i}`, labels: ['trace-doctor']})
    server.seed('acme/agents', {body: `old\n${fingerprintMarker(FP)}`, labels: ['trace-doctor']})
    const r = await fileIssue(input({errorContext: 'x'}))
    expect(r).toMatchObject({action: 'commented', issue_number: 231, found_via: 'list'})
    expect(server.count('GET', /^\/repos\/acme\/agents\/issues$/)).toBe(3)
  })

  it('falls back to search for an issue filed without the label, and labels it', async () => {
    server.seed('acme/agents', {body: `by hand\n${fingerprintMarker(FP)}`, labels: []})
    const r = await fileIssue(input({errorContext: 'x'}))
    expect(r).toMatchObject({action: 'commented', found_via: 'search'})
    expect(server.issues()[0]!.labels).toContain('trace-doctor')
  })

  it('does not trust a ledger entry for a closed issue', async () => {
    const logDir = tempDir()
    await fileIssue(input({}, logDir))
    server.issues()[0]!.state = 'closed'
    expect((await fileIssue(input({}, logDir))).action).toBe('created')
    expect(server.issues()).toHaveLength(2)
  })

  it('retries a create that failed with 500, after checking it did not land', async () => {
    server.fail(2, 500, (m, p) => m === 'POST' && p.endsWith('/issues'))
    const r = await fileIssue(input())
    expect(r.action).toBe('created')
    expect(server.issues()).toHaveLength(1)
    expect(server.count('POST', /\/issues$/)).toBe(3)
  })

  it('maps refusals to one clear line without the token', async () => {
    const refused = async (kind: Parameters<GithubServer['fail']>[1]): Promise<GithubRefusedError> => {
      server.fail(1, kind)
      return (await fileIssue(input({token: 'test-token'})).catch((e: unknown) => e)) as GithubRefusedError
    }
    expect((await refused(403)).message).toMatch(/^token lacks issues:write on acme\/agents/)
    expect((await refused(404)).message).toMatch(/^repository acme\/agents not found, or the token cannot see it/)
    expect((await refused(401)).message).toMatch(/^GitHub rejected the token \(401 Bad credentials\)/)
    expect((await refused('rate-limit-long')).message).toMatch(/rate limit exceeded .* it resets at/)
    for (const e of [await refused(422)]) {
      expect(e.message).toMatch(/422 validation failed: Validation Failed; Issue labels invalid/)
      expect(e.exitCode).toBe(1)
      expect(e.message).not.toContain('test-token')
    }
  })

  it('never echoes a token that appears in an error', () => {
    const e = mapGithubError({status: 422, response: {data: {message: 'bad value s3cr3t-token'}}}, 'a/b', 'create an issue', 's3cr3t-token')
    expect(e.message).not.toContain('s3cr3t-token')
  })
})
