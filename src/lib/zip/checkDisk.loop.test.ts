/**
 * check-disk.sh against a real disk: a loop device over an image whose table sfdisk wrote.
 * It passes on the disk the listing came from, and refuses, naming the change, when a
 * partition moved by one sector, when the disk has another size, and when the path names
 * another disk. Needs root and loop devices; without them the test says so and skips.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseListing } from "../listing/index.ts";
import { planFromListing } from "../plan/fromListing.ts";
import { addVm, assignPartition } from "../plan/ops.ts";
import type { Plan } from "../plan/types.ts";
import { planFiles } from "./files.ts";

function loopsUsable(): string | null {
  if (process.getuid?.() !== 0) return "not root";
  for (const tool of ["losetup", "sfdisk", "fdisk", "blockdev", "truncate"]) {
    if (spawnSync("sh", ["-c", `command -v ${tool}`]).status !== 0) return `${tool} is missing`;
  }
  const probe = spawnSync("losetup", ["-f"], { encoding: "utf8" });
  return probe.status === 0 ? null : `no free loop device (${probe.stderr.trim()})`;
}
const skipReason = loopsUsable();
if (skipReason) console.warn(`check-disk.sh loop-device test skipped: ${skipReason}`);

const dir = mkdtempSync(join(tmpdir(), "rdp-checkdisk-"));
const loops: string[] = [];
const sh = (cmd: string, input?: string) =>
  execFileSync("sh", ["-c", cmd], { encoding: "utf8", input });

function makeDisk(name: string, size: string, table: string): string {
  const image = join(dir, name);
  sh(`truncate -s ${size} '${image}'`);
  sh(`sfdisk -q '${image}'`, table);
  const loop = sh(`losetup -f --show '${image}'`).trim();
  loops.push(loop);
  return loop;
}

const TABLE = "label: gpt\nstart=2048, size=20480, name=one\nstart=22528, size=40960, name=two\n";

/** The plan as the page would make it from `fdisk -l` of the device: a VM on partition 1. */
function planFor(device: string): Plan {
  const listing = parseListing(sh(`LC_ALL=C fdisk -l '${device}'`));
  const made = planFromListing(listing, "loop");
  if (!made.ok) throw new Error(made.error);
  const assigned = assignPartition(addVm(made.plan, "vm"), 0, "d0", 0);
  if (!assigned.ok) throw new Error(assigned.error);
  return assigned.value;
}

function runCheck(plan: Plan): { status: number | null; out: string } {
  const r = planFiles(plan, { newUuid: () => "00000000-0000-4000-8000-000000000001" });
  if (!r.ok) throw new Error(r.findings.map((f) => f.message).join("; "));
  const script = r.files.find((f) => f.path === "vm/check-disk.sh");
  if (!script) throw new Error("no check-disk.sh");
  const file = join(dir, "check-disk.sh");
  writeFileSync(file, script.data);
  const run = spawnSync("sh", [file], { encoding: "utf8" });
  return { status: run.status, out: run.stdout + run.stderr };
}

describe.skipIf(skipReason !== null)("check-disk.sh on a loop device", () => {
  let loop = "";
  let plan: Plan;
  beforeAll(() => {
    loop = makeDisk("disk.img", "64M", TABLE);
    plan = planFor(loop);
  });
  afterAll(() => {
    for (const l of loops) spawnSync("losetup", ["-d", l]);
    rmSync(dir, { recursive: true, force: true });
  });

  it("passes on the disk the listing came from", () => {
    const r = runCheck(plan);
    expect(r.out).toContain("every disk is as planned");
    expect(r.status).toBe(0);
  });

  it("refuses after the partition moved by one sector, and names it", () => {
    sh(
      `sfdisk -q --no-reread '${loop}'`,
      TABLE.replace("start=2048, size=20480", "start=2049, size=20479"),
    );
    try {
      const r = runCheck(plan);
      expect(r.status).toBe(1);
      expect(r.out).toMatch(/partition \S+ is no longer at sector 2048 with 20480 sectors/);
    } finally {
      sh(`sfdisk -q --no-reread '${loop}'`, TABLE);
    }
    expect(runCheck(plan).status).toBe(0);
  });

  it("refuses a disk of another size", () => {
    const image = join(dir, "disk.img");
    sh(`truncate -s 65M '${image}' && losetup -c '${loop}'`);
    try {
      const r = runCheck(plan);
      expect(r.status).toBe(1);
      expect(r.out).toContain("the plan was made for 67108864 bytes");
    } finally {
      sh(`truncate -s 64M '${image}' && losetup -c '${loop}'`);
    }
  });

  it("refuses when the path names another disk", () => {
    const other = makeDisk("other.img", "32M", "label: gpt\nstart=2048, size=20480\n");
    const moved: Plan = { ...plan, disks: plan.disks.map((d) => ({ ...d, device: other })) };
    const r = runCheck(moved);
    expect(r.status).toBe(1);
    expect(r.out).toContain(`${other} is 33554432 bytes, the plan was made for 67108864 bytes`);
  });
});
