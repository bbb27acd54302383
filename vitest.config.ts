import {defineConfig} from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Installs what the fleet tests need on a fresh machine (Debian's ClickHouse), once.
    globalSetup: ['test/global-setup.ts'],
    // oclif writes straight to process.stdout; vitest's interception would hide it (see shared/STACK.md).
    disableConsoleIntercept: true,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Several suites spawn real processes and sample /proc; on a 2-core machine keep the pool small.
    maxWorkers: 2,
    allowOnly: false,
  },
})
