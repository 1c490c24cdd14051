/**
 * Issue 12 through the command line: each spelling pair of one disk, mapped RW into two VMs,
 * makes `check` report an error and `build` refuse; a possibly-same pair declared different
 * disks builds. One run goes through `npm run -s cli` as a user types it; the rest run the same
 * program in this process (starting it costs a second each time).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planToJson } from "../lib/plan/codec.ts";
import type { Finding } from "../lib/plan/findings.ts";
import { declareDistinctDevices } from "../lib/check/deviceIdentity.ts";
import {
  POSSIBLY_SAME_PAIRS,
  SAME_DEVICE_PAIRS,
  twoSpellingsPlan,
} from "../lib/check/deviceIdentity.testkit.ts";
import type { Plan } from "../lib/plan/types.ts";
import { cliInProcess } from "./inProcess.testkit.ts";

const ROOT = join(import.meta.dirname, "..", "..");
let dir: string;
let files = 0;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "device-identity-cli-"));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function planFile(plan: Plan): string {
  const file = join(dir, `plan-${files++}.json`);
  writeFileSync(file, planToJson(plan));
  return file;
}

const cli = cliInProcess;

const errorCodes = (stdout: string): string[] =>
  (JSON.parse(stdout) as Finding[]).filter((f) => f.severity === "error").map((f) => f.code);

describe("cli check and build: one disk under two spellings", () => {
  it("npm run -s cli -- check: /dev/sda next to its by-id link is an error, exit 1", () => {
    const [a, b] = POSSIBLY_SAME_PAIRS[0] as readonly [string, string];
    const run = spawnSync(
      "npm",
      ["run", "-s", "cli", "--", "check", planFile(twoSpellingsPlan(a, b))],
      {
        cwd: ROOT,
        encoding: "utf8",
        timeout: 60_000,
      },
    );
    expect(run.status).toBe(1);
    expect(errorCodes(run.stdout)).toEqual(["overlap-possibly-same-disk"]);
  });

  it.each([...SAME_DEVICE_PAIRS, ...POSSIBLY_SAME_PAIRS])(
    "%s and %s: check exits 1 with an overlap error, build writes nothing",
    async (a, b) => {
      const file = planFile(twoSpellingsPlan(a, b));
      const check = await cli("check", file);
      expect(check.status).toBe(1);
      expect(errorCodes(check.stdout)).toEqual([
        POSSIBLY_SAME_PAIRS.some(([x, y]) => x === a && y === b)
          ? "overlap-possibly-same-disk"
          : "overlap",
      ]);
      const zip = join(dir, `refused-${files}.zip`);
      const build = await cli("build", file, "-o", zip);
      expect(build.status).toBe(1);
      expect(existsSync(zip)).toBe(false);
    },
  );

  it.each(POSSIBLY_SAME_PAIRS)(
    "%s and %s declared different disks: build writes the zip",
    async (a, b) => {
      const file = planFile(declareDistinctDevices(twoSpellingsPlan(a, b), a, b));
      const check = await cli("check", file);
      expect(check.status).toBe(0);
      expect(errorCodes(check.stdout)).toEqual([]);
      const zip = join(dir, `built-${files}.zip`);
      const build = await cli("build", file, "-o", zip);
      expect(build.status).toBe(0);
      expect(existsSync(zip)).toBe(true);
    },
  );
});
