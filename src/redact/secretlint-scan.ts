/**
 * Known token shapes and private keys, found by secretlint's recommended preset (AWS, GCP, npm,
 * GitHub, Slack, OpenAI/Anthropic keys, private key blocks, basic-auth URLs, …): a maintained rule
 * set beats a hand-written list. What it does not flag (short PEM blocks, `redis://:pw@host`,
 * `SECRET_KEY_BASE=…`, home dirs) is covered by our own rules in rules.ts.
 *
 * secretlint is asynchronous and costs ~0.5 ms per call plus its regexes, so every distinct
 * string is linted in ONE call: joined with a blank line (no secretlint rule spans one), and the
 * reported ranges are mapped back to the strings they fall in. The result is the set of literal
 * secret values; the Redactor then replaces them wherever they appear.
 */

import {lastIndexAtMost} from '../util/sorted-index.js'

export interface FoundSecret {
  /** Short rule name, e.g. "secretlint/github" (from "@secretlint/secretlint-rule-github"). */
  rule: string
  value: string
}

const SEPARATOR = '\n\n'
const PRESET_ID = '@secretlint/secretlint-rule-preset-recommend'

export async function findSecrets(texts: Iterable<string>): Promise<FoundSecret[]> {
  const unique = [...new Set(texts)].filter((t) => t.length >= 8)
  if (unique.length === 0) return []
  // Loaded on first use: most commands never redact, and the preset costs startup time.
  const [{lintSource}, {creator}] = await Promise.all([import('@secretlint/core'), import('@secretlint/secretlint-rule-preset-recommend')])
  const starts: number[] = []
  let offset = 0
  for (const t of unique) {
    starts.push(offset)
    offset += t.length + SEPARATOR.length
  }
  const content = unique.join(SEPARATOR)
  const result = await lintSource({
    source: {filePath: '/trace-doctor/redact.txt', content, contentType: 'text'},
    options: {config: {rules: [{id: PRESET_ID, rule: creator}]}},
  })
  const found = new Map<string, string>()
  for (const message of result.messages) {
    const [from, to] = message.range
    const rule = `secretlint/${message.ruleId.replace(/^@secretlint\/secretlint-rule-/, '')}`
    // A range inside one string is the usual case; clip one that crosses a separator to each part.
    for (let i = lastIndexAtMost(starts, from); i < unique.length && starts[i]! < to; i++) {
      const start = starts[i]!
      const piece = unique[i]!.slice(Math.max(0, from - start), Math.min(unique[i]!.length, to - start))
      if (piece.trim().length >= 4) found.set(piece, rule)
    }
  }
  return [...found].map(([value, rule]) => ({rule, value}))
}
