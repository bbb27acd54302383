import {describe, expect, it} from 'vitest'
import {escapeBlock, escapeLine} from '../../src/render/terminal-text.js'

describe('terminal-text', () => {
  it('shows every control character as a visible escape', () => {
    expect(escapeLine('\x1b]0;PWN\x07\x1b[2J')).toBe('\\x1b]0;PWN\\x07\\x1b[2J')
    expect(escapeLine('a\nb\rc\td\x00\x7f\u009b')).toBe('a\\x0ab\\x0dc\\x09d\\x00\\x7f\\x9b')
    expect(escapeLine('safe\u202egnp.exe')).toBe('safe\\u202egnp.exe')
    expect(escapeLine('plain ünïcode → ok')).toBe('plain ünïcode → ok')
  })

  it('keeps the lines of a block, escaping everything else', () => {
    expect(escapeBlock('title\n\x1b[31mred\x1b[0m\n')).toBe('title\n\\x1b[31mred\\x1b[0m\n')
  })
})
