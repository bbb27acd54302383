/**
 * Golden Markdown for every fixture session: the issue body (full section) and the duplicate
 * comment (condensed section). Review a diff in fixtures/expected/ like code; refresh with
 * `npx vitest run test/report/golden.test.ts -u` only when the change is intended.
 */
import {readdirSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
import {renderIssue} from '../../src/report/render-issue.js'
import {loadSession} from '../../src/session/load-session.js'

const SESSIONS = new URL('../../fixtures/sessions/', import.meta.url)
const cases = readdirSync(SESSIONS).sort()

describe('golden issue Markdown of the fixture sessions', () => {
  it('has fixture sessions to render', () => {
    expect(cases).toContain('pty-wrapper')
  })

  it.each(cases)('%s', async (name) => {
    const loaded = await loadSession(new URL(name, SESSIONS).pathname)
    // A relative path keeps the golden file independent of where the checkout lives.
    const rendered = renderIssue({...loaded, dir: `fixtures/sessions/${name}`}, {redactionNote: 'secrets and home dirs redacted (golden test: off)'})
    await expect(`# ${rendered.title}\n\n${rendered.body}`).toMatchFileSnapshot(`../../fixtures/expected/issue-${name}.md`)
    await expect(rendered.comment).toMatchFileSnapshot(`../../fixtures/expected/comment-${name}.md`)
  })
})
