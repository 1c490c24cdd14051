import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

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
    include: ["src/**/*.test.ts", "scripts/**/*.test.ts"],
    environment: "node",
    testTimeout: 60_000,
    // Many tests wait on real tools (qemu-img, sfdisk, sgdisk): on a 2-core machine Vitest's
    // default of one worker leaves a core idle while they run. Two workers there cut the run
    // from about 60 s to 42 s.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
