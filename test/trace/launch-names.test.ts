import {describe, expect, it} from 'vitest'
import {splitSimpleCommand, workloadNames} from '../../src/trace/launch-names.js'

describe('workloadNames: what a command may run as', () => {
  it('unwraps exec-launchers: env, nohup, setsid, nice, stdbuf', () => {
    expect(workloadNames(['env', 'VAR=1', '-u', 'HOME', 'tool', '--x'])).toEqual(['env', 'tool'])
    expect(workloadNames(['/usr/bin/env', '-i', '--', '/opt/bin/tool'])).toEqual(['env', 'tool'])
    expect(workloadNames(['nohup', 'nice', '-n', '5', 'setsid', '-w', 'stdbuf', '-oL', 'tool'])).toEqual(['nohup', 'nice', 'setsid', 'stdbuf', 'tool'])
    expect(workloadNames(['/usr/local/bin/claude', '--print'])).toEqual(['claude'])
  })
  it('unwraps sh -c only for one simple command', () => {
    expect(workloadNames(['sh', '-c', 'exec tool --flag'])).toEqual(['sh', 'tool'])
    expect(workloadNames(['bash', '-c', 'FOO=1 "my tool" x'])).toEqual(['bash', 'my tool'])
    expect(workloadNames(['sh', '-c', 'exec env A=1 tool'])).toEqual(['sh', 'env', 'tool'])
    expect(workloadNames(['sh', '-c', 'tool; echo done'])).toEqual(['sh'])
    expect(workloadNames(['sh', '-c', 'tool | tee log'])).toEqual(['sh'])
    expect(workloadNames(['sh', '-c', '$TOOL'])).toEqual(['sh'])
    expect(workloadNames(['sh', 'script.sh'])).toEqual(['sh'])
  })
  it('never loops and ignores an empty command', () => {
    expect(workloadNames(['env', 'env', 'env'])).toEqual(['env'])
    expect(workloadNames([])).toEqual([])
  })
})

describe('splitSimpleCommand', () => {
  it('honours quotes and backslashes, refuses operators and expansions', () => {
    expect(splitSimpleCommand(`a 'b c' "d \\" e" f\\ g`)).toEqual(['a', 'b c', 'd " e', 'f g'])
    expect(splitSimpleCommand('a && b')).toBeUndefined()
    expect(splitSimpleCommand('a "$HOME"')).toBeUndefined()
    expect(splitSimpleCommand("a 'unterminated")).toBeUndefined()
    expect(splitSimpleCommand('a > f')).toBeUndefined()
  })
})
