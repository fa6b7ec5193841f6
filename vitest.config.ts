import { defineConfig } from 'vitest/config';

// Three projects: `unit` (pure logic and the core against a real ws server, in Node), `server`
// (the Node server library against real processes: redis-server, hub processes, the built
// package) and `e2e` (Node driving the system Chromium through playwright-core, one file at a time).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'server',
          include: ['test/server/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Files start their own redis-server and hub processes; one at a time keeps the
          // scale-out figures meaningful on two cores.
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // Each file starts its own browser and server; running them side by side on two
          // cores only makes timings flaky.
          fileParallelism: false,
        },
      },
    ],
  },
});
