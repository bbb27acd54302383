/**
 * The cause-of-death banner at the top of the report, beside the drift one: the verdict, the
 * kernel's own line about the death, and the evidence behind it. Empty for a session without a
 * cause of death (older summaries) and for a clean exit (code 0).
 */
import {describeCause, kernelLineOf} from '../death/describe-cause.js'
import type {CauseOfDeath} from '../model/cause-of-death.js'
import {escapeText} from './escape-html.js'

export function renderCauseBanner(cause: CauseOfDeath | undefined): string {
  if (cause === undefined || (cause.verdict === 'exited' && cause.exit_code === 0)) return ''
  const mild = cause.verdict === 'exited' || cause.verdict === 'unknown'
  const kernel = kernelLineOf(cause)
  const parts = [
    `<div class="banner${mild ? ' mild' : ''}" id="cause-banner" role="alert">`,
    `<strong>☠ ${escapeText(describeCause(cause))}</strong>`,
  ]
  if (kernel !== undefined) parts.push(`<div class="kernel-line">kernel: <code>${escapeText(kernel)}</code></div>`)
  if (cause.reason) parts.push(`<div>Why unknown: ${escapeText(cause.reason)}</div>`)
  if (cause.tracer) parts.push(`<div>The tracer itself (pid ${escapeText(String(cause.tracer.pid ?? '?'))}): ${escapeText(cause.tracer.verdict)}${cause.tracer.reason ? ` — ${escapeText(cause.tracer.reason)}` : ''}</div>`)
  parts.push('<details><summary>Evidence</summary><ul class="evidence">')
  for (const e of cause.evidence) parts.push(`<li><span class="note">${escapeText(e.source)}${e.at ? ` · ${escapeText(e.at)}` : ''}</span> ${escapeText(e.text)}</li>`)
  parts.push('</ul></details></div>')
  return parts.join('')
}
