/**
 * Gate 0, safety (trace-doctor improves on docs/formats.md §7): a shared tmpfs is world-writable, which is
 * where symlink attacks happen. Files that are symlinks, not regular, or owned by another user
 * are refused and left untouched; so is a name whose pid part is not a pid.
 */
import type {Decision, FileFacts, TraceFacts} from '../facts.js'

export function safetyGate(facts: TraceFacts): Decision | undefined {
  if (facts.pid === undefined) return refuse(`the pid part of the name, ${JSON.stringify(facts.pidText)}, is not a pid`)
  const trace = fileProblem('trace', facts.trace, facts.uid)
  if (trace !== undefined) return refuse(trace)
  if (facts.traceUnreadable !== undefined) return refuse(`trace cannot be read (${facts.traceUnreadable}); left as it is`)
  if (facts.sidecar.kind !== 'missing') {
    const sidecar = fileProblem(`sidecar ${facts.sidecarName}`, facts.sidecar, facts.uid)
    if (sidecar !== undefined) return refuse(sidecar)
  }
  return undefined
}

function fileProblem(what: string, file: FileFacts, uid: number): string | undefined {
  if (file.kind === 'symlink') return `${what} is a symbolic link (not followed)`
  if (file.kind === 'missing') return `${what} vanished while being examined`
  if (file.kind !== 'regular') return `${what} is not a regular file (${file.kind})`
  if (file.uid !== uid) return `${what} is owned by uid ${file.uid}, not by you (uid ${uid})`
  return undefined
}

function refuse(reason: string): Decision {
  return {verdict: 'refused', gate: 'safety', reason}
}
