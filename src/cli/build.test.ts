/**
 * The CLI's build and check commands, run as a user runs them (`npm run -s cli -- …`) in a
 * temporary folder; the zip is extracted with the system's unzip, not with our own reader.
 */
import { execFileSync, spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planToJson } from "../lib/plan/codec.ts";
import type { Finding } from "../lib/plan/findings.ts";
import { readDescriptor } from "../lib/vmdk/reader.ts";
import { cliInProcess } from "./inProcess.testkit.ts";
import { exampleDisk, plan, range, splitPlan, vm } from "../lib/vmdk/plans.testkit.ts";

const ROOT = join(import.meta.dirname, "..", "..");
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "vmdk-cli-"));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** As a user types it. */
function npmCli(...args: string[]) {
  return spawnSync("npm", ["run", "-s", "cli", "--", ...args], { cwd: ROOT, encoding: "utf8" });
}

/** The same program in this process (starting it costs a second each time). */
const cli = cliInProcess;

function unzip(zip: string, into: string): void {
  mkdirSync(into, { recursive: true });
  execFileSync("unzip", ["-q", zip, "-d", into]);
}

const extentLines = (text: string) =>
  text.split("\n").filter((l) => /^(RW|RDONLY|NOACCESS) /.test(l));

describe("npm run cli -- build (the split example of docs/product.md)", () => {
  let out: string;
  let extracted: string;

  beforeAll(() => {
    const planPath = join(dir, "split.json");
    writeFileSync(planPath, planToJson(splitPlan()));
    out = join(dir, "split.zip");
    const run = npmCli("build", planPath, "-o", out);
    if (run.status !== 0) throw new Error(`exit ${run.status}: ${run.stderr}`);
    expect(run.stdout).toBe("");
    extracted = join(dir, "split");
    unzip(out, extracted);
  });

  it("writes README.txt, plan.json and two folders", () => {
    expect(readdirSync(extracted).sort()).toEqual(["README.txt", "db", "plan.json", "web"]);
    const scripts = ["check-disk.ps1", "register.cmd", "register.ps1"];
    expect(readdirSync(join(extracted, "web")).sort()).toEqual(
      ["Raw_Sectors_1MiB", ...scripts, "web.vmdk"].sort(),
    );
    expect(readdirSync(join(extracted, "db")).sort()).toEqual(
      ["Raw_Sectors_1MiB", ...scripts, "db.vmdk"].sort(),
    );
  });

  it("gives exactly the extent lines of docs/product.md", () => {
    const web = readFileSync(join(extracted, "web", "web.vmdk"), "utf8");
    const db = readFileSync(join(extracted, "db", "db.vmdk"), "utf8");
    expect(extentLines(web)).toEqual([
      'RW 2048 FLAT "Raw_Sectors_1MiB" 0',
      'RW 62914560 FLAT "\\\\.\\PhysicalDrive0" 125831168',
    ]);
    expect(extentLines(db)).toEqual([
      'RW 2048 FLAT "Raw_Sectors_1MiB" 0',
      'RW 62914560 FLAT "\\\\.\\PhysicalDrive0" 188745728',
    ]);
  });

  it("gives each guest a disk of 62916608 sectors and its own UUID", () => {
    const uuids = ["web", "db"].map((name) => {
      const result = readDescriptor(readFileSync(join(extracted, name, `${name}.vmdk`)));
      if (!result.ok) throw new Error(result.error.message);
      expect(result.descriptor.totalSectors).toBe(62916608n);
      return result.descriptor.uuidImage;
    });
    expect(uuids[0]).not.toBe(uuids[1]);
  });

  it("puts a blank 1048576-byte Raw_Sectors_1MiB in each folder", () => {
    for (const name of ["web", "db"]) {
      const head = readFileSync(join(extracted, name, "Raw_Sectors_1MiB"));
      expect(head.length).toBe(1048576);
      expect(head.every((b) => b === 0)).toBe(true);
    }
  });

  it("rebuilds the same zip, byte for byte, from the plan.json inside it", async () => {
    const again = join(dir, "again.zip");
    const run = await cli("build", join(extracted, "plan.json"), "-o", again);
    expect(run.status).toBe(0);
    expect(readFileSync(again).equals(readFileSync(out))).toBe(true);
  });
});

describe("npm run cli -- build: plans it refuses", () => {
  it("writes nothing for a plan with errors, prints every finding and exits 1", async () => {
    const overlapping = plan(
      "bad",
      [exampleDisk()],
      [vm("a", [range(125831168n, 2048n)]), vm("b", [range(125832192n, 2048n)])],
    );
    const planPath = join(dir, "bad.json");
    writeFileSync(planPath, planToJson(overlapping));
    const out = join(dir, "bad.zip");
    const run = await cli("build", planPath, "-o", out);
    expect(run.status).toBe(1);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(`${out}.partial`)).toBe(false);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^error overlap: /m);
    expect(run.stderr).toContain("bad.zip was not written");
  });

  it("says a few warnings of each kind and counts the rest", async () => {
    // Twelve ranges of 8 sectors, none 1 MiB aligned: twelve not-aligned-1mib warnings.
    const many = plan(
      "many",
      [exampleDisk()],
      [
        vm(
          "a",
          Array.from({ length: 12 }, (_, i) => range(125831168n + BigInt(i) * 4096n, 8n)),
        ),
      ],
    );
    const planPath = join(dir, "many.json");
    writeFileSync(planPath, planToJson(many));
    const run = await cli("build", planPath, "-o", join(dir, "many.zip"));
    expect(run.status).toBe(0);
    const said = run.stderr.split("\n").filter((l) => l.startsWith("warning not-aligned-1mib: "));
    expect(said).toHaveLength(6);
    expect(run.stderr).toMatch(
      /^warning not-aligned-1mib: 7 more warnings like "not-aligned-1mib" above are not listed here; `cli check` lists every one\.$/m,
    );
  });

  it("refuses a file that is not a plan, with the reason", async () => {
    const planPath = join(dir, "not-a-plan.json");
    writeFileSync(planPath, '{"format":"something else"}');
    const run = await cli("build", planPath, "-o", join(dir, "x.zip"));
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^error invalid-plan: /m);
    expect(existsSync(join(dir, "x.zip"))).toBe(false);
  });

  it("exits 2 on usage errors", async () => {
    const cases = [
      [],
      ["build", "plan.json"],
      ["build", "plan.json", "-o"],
      ["build", "plan.json", "-o", "a.zip", "-o", "b.zip"],
      ["build", "plan.json", "other.json", "-o", "a.zip"],
      ["build", "plan.json", "--force", "-o", "a.zip"],
      ["check", "a.json", "b.json"],
      ["frobnicate"],
    ];
    const runs = [];
    for (const args of cases) runs.push(await cli(...args));
    expect(runs.map((r) => [r.status, r.stderr.startsWith("usage:")])).toEqual(
      cases.map(() => [2, true]),
    );
  });

  it("exits 2 when the plan file cannot be read", async () => {
    const run = await cli("build", join(dir, "missing.json"), "-o", join(dir, "m.zip"));
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^cannot read .*missing\.json/);
  });
});

describe("npm run cli -- check", () => {
  it("prints the findings as JSON and exits 0 without errors", async () => {
    const planPath = join(dir, "check-ok.json");
    writeFileSync(planPath, planToJson(splitPlan()));
    const run = await cli("check", planPath);
    expect(run.status).toBe(0);
    const findings = JSON.parse(run.stdout) as Finding[];
    expect(findings.every((f) => f.severity === "warning")).toBe(true);
  });

  it("exits 1 with the errors in the JSON", async () => {
    const planPath = join(dir, "check-bad.json");
    const emptyRange = plan("bad", [exampleDisk()], [vm("a", [range(2048n, 0n)])]);
    writeFileSync(planPath, planToJson(emptyRange));
    const run = await cli("check", planPath);
    expect(run.status).toBe(1);
    const findings = JSON.parse(run.stdout) as Finding[];
    expect(findings.filter((f) => f.severity === "error").map((f) => f.code)).toContain(
      "empty-range",
    );
  });
});
