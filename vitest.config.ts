import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const ALL = ["src/**/*.test.ts", "scripts/**/*.test.ts"];
/**
 * Test files that replace modules (vi.mock, vi.doMock): a mocked module would reach every later
 * file of a worker that shares its module graph, so these run each in a fresh one. A new test
 * file that mocks a module belongs here. Fake timers and stubbed globals need no isolation as
 * long as the file restores them after each test (vi.useRealTimers, vi.unstubAllGlobals).
 */
export const ISOLATED = [
  "src/app/store.parse.test.ts",
  "src/lib/zip/files.test.ts",
  "src/lib/zip/zip.test.ts",
];

export default defineConfig({
  resolve: {
    // The store and session tests (src/app) need Solid's reactive browser build: under Node,
    // "solid-js" resolves to its server build, where effects never run.
    alias: [
      {
        find: /^solid-js$/,
        replacement: fileURLToPath(
          new URL("./node_modules/solid-js/dist/solid.js", import.meta.url),
        ),
      },
    ],
  },
  test: {
    environment: "node",
    testTimeout: 60_000,
    // Many tests wait on real tools (qemu-img, sfdisk, sgdisk): on a 2-core machine Vitest's
    // default of one worker leaves a core idle while they run. Two workers (threads) there, with
    // the pure files sharing their modules, run the ~2,500 tests in 33–37 s of wall time and
    // about 60 s of CPU time. Both workers stay busy to the end, so the CPU time is what to cut.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    pool: "threads",
    projects: [
      {
        // Tests that mock modules, spy on exports or fake timers run each in a fresh module
        // graph, so that what they change cannot reach another file.
        extends: true,
        test: { name: "isolated", include: ISOLATED },
      },
      {
        // The rest are pure (or spawn tools) and share one module graph per worker: loading the
        // engine once instead of per file saves about a third of the run.
        extends: true,
        test: { name: "shared", include: ALL, exclude: ISOLATED, isolate: false },
      },
    ],
  },
});
