#!/usr/bin/env node
// Regenerates the "Commands" section of README.md from the commands' own help (what `oclif
// readme` does, without its ~190 dev packages): `npm run build && npm run readme`.
// Replaces the text between <!-- commands --> and <!-- commandsstop -->.
import {readFileSync, writeFileSync} from 'node:fs'
import {Config, Help} from '@oclif/core'

const root = new URL('..', import.meta.url)
const config = await Config.load({root: root.pathname})
const help = new Help(config, {stripAnsi: true, maxWidth: 100})
const commands = [...config.commands].filter((c) => !c.hidden).sort((a, b) => a.id.localeCompare(b.id))
const strip = (s) => s.replace(/\u001b\[[0-9;]*m/g, '')
const sections = []
sections.push(commands.map((c) => `* [\`${config.bin} ${c.id.replaceAll(':', ' ')}\`](#${anchor(c.id)})`).join('\n'))
for (const c of commands) {
  const text = strip(help.formatCommand(c))
  sections.push(`## \`${config.bin} ${c.id.replaceAll(':', ' ')}\`\n\n${c.summary ?? ''}\n\n\`\`\`\n${text.trimEnd()}\n\`\`\``)
}
const readmePath = new URL('README.md', root)
const readme = readFileSync(readmePath, 'utf8')
const start = readme.indexOf('<!-- commands -->')
const stop = readme.indexOf('<!-- commandsstop -->')
if (start < 0 || stop < 0) throw new Error('README.md lacks the <!-- commands --> / <!-- commandsstop --> markers')
writeFileSync(readmePath, readme.slice(0, start) + '<!-- commands -->\n' + sections.join('\n\n') + '\n' + readme.slice(stop))
console.log(`README.md: ${commands.length} commands documented`)

function anchor(id) {
  return `${config.bin} ${id.replaceAll(':', ' ')}`.toLowerCase().replace(/[^a-z0-9 -]/g, '').replaceAll(' ', '-')
}
