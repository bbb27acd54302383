import {describe, expect, it} from 'vitest'
import {interpreterScript, matchAny, matchImage} from '../../src/trace/name-match.js'

const image = (comm: string, cmdline: string[], exeName?: string) => ({comm, cmdline, exeName})

describe('matchImage: what of a process a name matches', () => {
  it('comm, then exe, then argv[0], then an interpreter script', () => {
    expect(matchImage(image('claude', []), 'claude')).toBe('comm')
    expect(matchImage(image('MainThread', ['x'], 'python3.11'), 'python3.11')).toBe('exe')
    expect(matchImage(image('MainThread', ['/usr/bin/python3', 'x']), 'python3')).toBe('argv0')
    expect(matchImage(image('node', ['node', '/usr/local/bin/claude', '--print'], 'node'), 'claude')).toBe('script')
    expect(matchImage(image('a-very-long-pro', []), 'a-very-long-program')).toBe('comm')
  })
  it('a wrapper does not match the workload it runs, nor does anything match ""', () => {
    expect(matchImage(image('script', ['script', '-qefc', 'claude', '/dev/null'], 'script'), 'claude')).toBeUndefined()
    expect(matchImage(image('bash', ['bash', '-c', 'claude'], 'bash'), 'claude')).toBeUndefined()
    expect(matchImage(image('', []), '')).toBeUndefined()
  })
  it('python -m module, bash script.sh, and a script without its extension', () => {
    expect(matchImage(image('python3', ['python3', '-u', '-m', 'tool', 'arg'], 'python3.11'), 'tool')).toBe('script')
    expect(matchImage(image('python3', ['python3', '-mtool'], 'python3.11'), 'tool')).toBe('script')
    expect(matchImage(image('bash', ['bash', '-e', 'script.sh', 'x'], 'bash'), 'script.sh')).toBe('script')
    expect(matchImage(image('python3', ['python3', '/srv/tool.py'], 'python3'), 'tool')).toBe('script')
  })
  it('matchAny reports which name matched', () => {
    expect(matchAny(image('node', ['node', '/bin/slowtool'], 'node'), ['env', 'slowtool'])).toEqual({name: 'slowtool', by: 'script'})
  })
})

describe('interpreterScript', () => {
  it('skips options and their values; inline code has no script', () => {
    expect(interpreterScript(image('node', ['node', '--require', 'tsx', '--inspect=9229', 'app.js'], 'node'))).toBe('app.js')
    expect(interpreterScript(image('node', ['node', '-e', 'x()'], 'node'))).toBeUndefined()
    expect(interpreterScript(image('python3', ['python3', '-c', 'import x'], 'python3'))).toBeUndefined()
    expect(interpreterScript(image('python3', ['python3', '-W', 'ignore', 'run.py'], 'python3'))).toBe('run.py')
    expect(interpreterScript(image('sh', ['sh', '-c', 'exec tool'], 'dash'))).toBeUndefined()
    expect(interpreterScript(image('bash', ['bash', '-o', 'pipefail', '/x/job.sh'], 'bash'))).toBe('job.sh')
    expect(interpreterScript(image('node', ['node', '--', 'a.js'], 'node'))).toBe('a.js')
    expect(interpreterScript(image('node', ['node'], 'node'))).toBeUndefined()
  })
  it('is nothing for a program that is no interpreter', () => {
    expect(interpreterScript(image('sleep', ['sleep', '5'], 'sleep'))).toBeUndefined()
  })
})
