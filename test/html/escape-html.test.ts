import {describe, expect, it} from 'vitest'
import {encodePathUrl, escapeHtml, escapeText, jsonForScript} from '../../src/html/escape-html.js'

describe('escaping hostile text', () => {
  it('escapes markup and both quote kinds', () => {
    expect(escapeHtml(`<img src=x onerror="a('b')">&`)).toBe('&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt;&amp;')
  })

  it('shows control characters instead of passing them through', () => {
    expect(escapeText('na\u00efve|`x`\n<b>')).toBe('na\u00efve|`x`\\u000a&lt;b&gt;')
    expect(escapeText('a\u0000b\u009bc')).toBe('a\\u0000b\\u009bc')
  })

  it('keeps JSON inside a script element from closing it', () => {
    const text = jsonForScript({comm: '</script><script>alert(1)</script>', x: '<!--'})
    expect(text).not.toContain('<')
    expect(JSON.parse(text)).toEqual({comm: '</script><script>alert(1)</script>', x: '<!--'})
  })

  it('percent-encodes path segments for links but keeps the slashes', () => {
    expect(encodePathUrl('sessions/a b#c?d/report.html')).toBe('sessions/a%20b%23c%3Fd/report.html')
  })
})
