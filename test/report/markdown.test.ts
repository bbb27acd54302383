import {describe, expect, it} from 'vitest'
import {codeBlock, escapeCell, inlineCode, truncate} from '../../src/report/markdown.js'

describe('markdown escaping of hostile text', () => {
  it('keeps a table cell on one line and inert', () => {
    expect(escapeCell('a|b\nc `d` </details><img src=x>')).toBe('a\\|b c \\`d\\` &lt;/details&gt;&lt;img src=x&gt;')
  })

  it('builds code spans longer than any backtick run inside', () => {
    expect(inlineCode('claude')).toBe('`claude`')
    expect(inlineCode('a`b')).toBe('``a`b``')
    expect(inlineCode('`x``')).toBe('``` `x`` ```')
    expect(inlineCode('a|b', {inTable: true})).toBe('`a\\|b`')
    expect(inlineCode('two\nlines')).toBe('`two lines`')
  })

  it('chooses a fence the content cannot close', () => {
    expect(codeBlock('plain', 'json')).toEqual(['```json', 'plain', '```'])
    const block = codeBlock('x\n```\n````', 'text')
    expect(block[0]).toBe('`````text')
    expect(block.at(-1)).toBe('`````')
  })

  it('truncates by code points with an ellipsis', () => {
    expect(truncate('abcdef', 4)).toBe('abc…')
    expect(truncate('😀😀😀', 2)).toBe('😀…')
    expect(truncate('abc', 3)).toBe('abc')
  })
})
