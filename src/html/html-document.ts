/**
 * The shell of every page trace-doctor writes: one self-contained HTML file. Its Content Security
 * Policy forbids every network fetch (`default-src 'none'`) and allows only our own inline style
 * sheet and script, pinned by their SHA-256: a hostile comm that slipped past escaping still
 * could not run, and a viewer's browser never reaches out, whatever the page contains.
 */
import {createHash} from 'node:crypto'
import {escapeText} from './escape-html.js'
import {PAGE_STYLE} from './page-style.js'

export interface DocumentParts {
  title: string
  body: string
  /** Inline script (ours, constant); hashed into the CSP. */
  script?: string
  /** JSON data for the script, already made safe with jsonForScript. */
  dataJson?: string
}

export function renderDocument(parts: DocumentParts): string {
  const csp = [
    "default-src 'none'",
    `style-src '${sha256(PAGE_STYLE)}'`,
    parts.script === undefined ? "script-src 'none'" : `script-src '${sha256(parts.script)}'`,
    "img-src data:",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ')
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeText(parts.title)}</title>`,
    `<style>${PAGE_STYLE}</style>`,
    '</head><body><main>',
    parts.body,
    '</main>',
    parts.dataJson === undefined ? '' : `<script type="application/json" id="td-data">${parts.dataJson}</script>`,
    parts.script === undefined ? '' : `<script>${parts.script}</script>`,
    '</body></html>',
    '',
  ].join('\n')
}

function sha256(text: string): string {
  return `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`
}
