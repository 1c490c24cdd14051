/**
 * Bundles the command line (src/cli/main.ts and the engine it uses, with jszip and uuid) into
 * one ES module, dist-cli/cli.mjs, so `node dist-cli/cli.mjs parse FILE` starts without npm or
 * compiling TypeScript on the fly. `npm run cli` runs it when it is newer than every source file
 * (scripts/run-cli.mjs).
 */
import { build } from "vite";

/** Where the bundle goes: dist-cli/ unless `--out-dir DIR` says otherwise (tests). */
const outFlag = process.argv.indexOf("--out-dir");
const outDir = outFlag >= 0 ? (process.argv[outFlag + 1] ?? "dist-cli") : "dist-cli";

await build({
  configFile: false,
  logLevel: "warn",
  build: {
    ssr: "src/cli/main.ts",
    outDir,
    emptyOutDir: true,
    target: "node20",
    minify: false,
    rollupOptions: { output: { entryFileNames: "cli.mjs", format: "es" } },
  },
  ssr: { noExternal: true, target: "node" },
});
