/**
 * The bundled CLI (scripts/build-cli.ts) answers exactly like the TypeScript source, and starts
 * without npm or tsx.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { listingToJson, parseListing } from "../src/lib/listing/index.ts";
import { readFileSync } from "node:fs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const out = mkdtempSync(join(tmpdir(), "rdp-cli-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe("the bundled CLI", () => {
  it("parses the worked example to the same JSON as the engine, from one .mjs file", () => {
    const built = spawnSync(
      process.execPath,
      ["--import", "tsx", "scripts/build-cli.ts", "--out-dir", out],
      { cwd: root, encoding: "utf8", timeout: 120_000 },
    );
    expect(built.status, built.stderr).toBe(0);
    const fixture = join(root, "test-fixtures/wmic/worked-example.txt");
    const run = spawnSync(process.execPath, [join(out, "cli.mjs"), "parse", fixture], {
      encoding: "utf8",
    });
    expect(run.status).toBe(0);
    const expected = listingToJson(parseListing(new Uint8Array(readFileSync(fixture))));
    expect(JSON.parse(run.stdout)).toEqual(JSON.parse(JSON.stringify(expected)));
  });
});
