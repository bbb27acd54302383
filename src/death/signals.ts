/** Signal names ↔ numbers (Linux, from Node's os.constants). */
import {constants} from 'node:os'

const BY_NAME = constants.signals as Record<string, number | undefined>

export function signalToNumber(name: string): number | undefined {
  return BY_NAME[name]
}

export function signalFromNumber(n: number): string | undefined {
  // SIGIOT and SIGPOLL share numbers with SIGABRT and SIGIO: prefer the common names.
  for (const [name, value] of Object.entries(BY_NAME)) if (value === n && name !== 'SIGIOT' && name !== 'SIGPOLL' && name !== 'SIGUNUSED') return name
  return undefined
}
