import {describe, expect, it} from 'vitest'
import {codeCacheDir, codeCacheEntryName, isTrustedCacheFile, staleEntries} from '../../src/cli/bundle-loader.js'

describe('codeCacheDir', () => {
  it('is trace-doctor/code-cache under XDG_CACHE_HOME, else under ~/.cache', () => {
    expect(codeCacheDir({XDG_CACHE_HOME: '/var/cache/u'}, '/home/u')).toEqual({dir: '/var/cache/u/trace-doctor/code-cache', parent: '/var/cache'})
    expect(codeCacheDir({}, '/home/u')).toEqual({dir: '/home/u/.cache/trace-doctor/code-cache', parent: '/home/u'})
  })

  it('ignores a relative XDG_CACHE_HOME, as the XDG spec says', () => {
    expect(codeCacheDir({XDG_CACHE_HOME: 'cache'}, '/home/u')?.dir).toBe('/home/u/.cache/trace-doctor/code-cache')
  })

  it('is off with NODE_DISABLE_COMPILE_CACHE, or without an absolute home', () => {
    expect(codeCacheDir({NODE_DISABLE_COMPILE_CACHE: '1'}, '/home/u')).toBeNull()
    expect(codeCacheDir({}, '')).toBeNull()
    expect(codeCacheDir({XDG_CACHE_HOME: '/c', NODE_DISABLE_COMPILE_CACHE: '1'}, '/home/u')).toBeNull()
  })
})

describe('codeCacheEntryName', () => {
  it('keeps builds, commands, Node versions and architectures apart', () => {
    const names = new Set([
      codeCacheEntryName('abc123', 'report', 'v20.20.2', 'x64'),
      codeCacheEntryName('abc124', 'report', 'v20.20.2', 'x64'),
      codeCacheEntryName('abc123', 'issue', 'v20.20.2', 'x64'),
      codeCacheEntryName('abc123', 'report', 'v22.11.0', 'x64'),
      codeCacheEntryName('abc123', 'report', 'v20.20.2', 'arm64'),
      codeCacheEntryName('abc123', null, 'v20.20.2', 'x64'),
    ])
    expect(names.size).toBe(6)
    expect(codeCacheEntryName('abc123', 'report', 'v20.20.2', 'x64')).toBe('abc123-report-v20.20.2-x64.v8')
  })
})

describe('isTrustedCacheFile', () => {
  it('trusts what this user owns and only this user may write', () => {
    expect(isTrustedCacheFile({uid: 1000, mode: 0o100600}, 1000)).toBe(true)
    expect(isTrustedCacheFile({uid: 1000, mode: 0o40700}, 1000)).toBe(true)
    expect(isTrustedCacheFile({uid: 1000, mode: 0o100644}, 1000)).toBe(true)
  })

  it('distrusts another owner, or a file the group or anyone may write', () => {
    expect(isTrustedCacheFile({uid: 0, mode: 0o100600}, 1000)).toBe(false)
    expect(isTrustedCacheFile({uid: 1000, mode: 0o100620}, 1000)).toBe(false)
    expect(isTrustedCacheFile({uid: 1000, mode: 0o40777}, 1000)).toBe(false)
  })
})

describe('staleEntries', () => {
  const now = Date.UTC(2026, 10, 30)
  const day = 24 * 3_600_000
  const entry = (build: string, command: string, ageDays: number) => ({name: codeCacheEntryName(build, command, 'v20.20.2', 'x64'), mtimeMs: now - ageDays * day})

  it('keeps this build whatever its age, and other builds while recent', () => {
    const entries = [entry('aaaa', 'report', 100), entry('bbbb', 'report', 1), entry('bbbb', 'issue', 13)]
    expect(staleEntries(entries, 'aaaa', now)).toEqual([])
  })

  it('removes entries of other builds once 14 days old', () => {
    const entries = [entry('aaaa', 'report', 0), entry('bbbb', 'report', 15), entry('bbbb', 'issue', 2)]
    expect(staleEntries(entries, 'aaaa', now)).toEqual([entry('bbbb', 'report', 15).name])
  })

  it('keeps the three newest other builds only', () => {
    const entries = ['b1', 'b2', 'b3', 'b4', 'b5'].flatMap((b, i) => [entry(b, 'report', i), entry(b, '_', i + 0.5)])
    expect(staleEntries([...entries, entry('cur', 'report', 9)], 'cur', now).sort()).toEqual([entry('b4', 'report', 3).name, entry('b4', '_', 3.5).name, entry('b5', 'report', 4).name, entry('b5', '_', 4.5).name].sort())
  })

  it('leaves files that are not entries (a write in progress) alone', () => {
    expect(staleEntries([{name: 'bbbb-report-v20.20.2-x64.v8.123.tmp', mtimeMs: 0}, {name: 'README', mtimeMs: 0}], 'aaaa', now)).toEqual([])
  })
})
