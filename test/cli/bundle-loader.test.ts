import {describe, expect, it} from 'vitest'
import {codeCacheDir, codeCacheEntryName, isTrustedCacheFile} from '../../src/cli/bundle-loader.js'

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
