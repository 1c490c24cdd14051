// `npm run cli`: runs the bundled CLI (dist-cli/cli.mjs, made by `npm run build:cli` and by
// `npm run build`) when it is newer than every source it was built from; otherwise the
// TypeScript source through tsx, so a stale bundle never answers for changed code.
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bundle = join(root, "dist-cli", "cli.mjs");
const args = process.argv.slice(2);

function newestSource() {
  let newest = statSync(join(root, "package-lock.json")).mtimeMs;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  walk(join(root, "src", "lib"));
  walk(join(root, "src", "cli"));
  return newest;
}

let fresh = false;
try {
  fresh = statSync(bundle).mtimeMs >= newestSource();
} catch {
  fresh = false;
}

if (fresh) {
  const { main } = await import(pathToFileURL(bundle).href);
  process.exitCode = await main(args);
} else {
  const run = spawnSync(
    process.execPath,
    ["--import", "tsx", join(root, "src", "cli", "main.ts"), ...args],
    { stdio: "inherit", cwd: process.cwd() },
  );
  process.exitCode = run.status ?? 1;
}
