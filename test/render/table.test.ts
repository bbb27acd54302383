import {describe, expect, it} from 'vitest'
import {renderTable} from '../../src/render/table.js'

describe('renderTable', () => {
  it('pads every column but the last to its widest cell, two spaces apart', () => {
    expect(renderTable(['A', 'BB', 'C'], [['xyz', '1', 'free text'], ['p', '22222', '']])).toEqual([
      'A    BB     C',
      'xyz  1      free text',
      'p    22222',
    ])
  })

  it('counts code points, not UTF-16 units, and lets unbounded columns not widen', () => {
    expect(renderTable(['COMM', 'WHY', 'X'], [['🚀é', 'a very long reason', 'x']], {unbounded: [1]})).toEqual(['COMM  WHY  X', '🚀é    a very long reason  x'])
  })
})
