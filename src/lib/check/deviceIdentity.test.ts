/**
 * One disk under any name (issue 12): crafted plans map the same sectors RW into two VMs
 * through two spellings of one disk. Every pair must be an error; a pair that text cannot
 * settle builds once it is declared two different disks.
 */
import { describe, expect, it } from "vitest";
import { checkPlan, MAX_LISTED_OVERLAPS } from "./index.ts";
import {
  declareDistinctDevices,
  deviceIdentityFindings,
  possiblySamePaths,
} from "./deviceIdentity.ts";
import { loadPlan, planToJson } from "../plan/codec.ts";
import { randomPlan, deepFreeze } from "../plan/generate.testkit.ts";
import type { Finding } from "../plan/findings.ts";
import type { Plan, PlanDisk } from "../plan/types.ts";
import { bytes } from "../units.ts";
import {
  POSSIBLY_SAME_PAIRS,
  SAME_DEVICE_PAIRS,
  twoSpellingsPlan,
} from "./deviceIdentity.testkit.ts";

const errors = (findings: readonly Finding[]) => findings.filter((f) => f.severity === "error");

describe("one disk under two spellings, RW in two VMs", () => {
  it.each(SAME_DEVICE_PAIRS)("%s and %s: an overlap error (one device)", (a, b) => {
    const found = errors(checkPlan(twoSpellingsPlan(a, b)));
    expect(found.map((f) => f.code)).toEqual(["overlap"]);
    expect(found[0]?.message).toContain("2048 sectors (1 MiB) from sector 4096");
    expect(found[0]?.message).toContain("also written");
  });

  it.each(POSSIBLY_SAME_PAIRS)("%s and %s: possibly one disk, an error naming both", (a, b) => {
    const plan = twoSpellingsPlan(a, b);
    const found = errors(checkPlan(plan));
    expect(found.map((f) => f.code)).toEqual(["overlap-possibly-same-disk"]);
    const finding = found[0] as Finding;
    expect(finding.message).toContain(JSON.stringify(a).slice(1, -1).replaceAll("\\\\", "\\"));
    expect(finding.message).toContain(b);
    expect(finding.message).toContain("share 2048 sectors from sector 4096");
    expect(possiblySamePaths(plan, finding)).toEqual([a, b]);
  });

  it.each(POSSIBLY_SAME_PAIRS)("%s and %s declared different disks: no error", (a, b) => {
    const plan = deepFreeze(twoSpellingsPlan(a, b));
    const declared = declareDistinctDevices(plan, b, a);
    expect(declared.distinctDevices).toEqual([[b, a]]);
    expect(declareDistinctDevices(declared, a, b)).toBe(declared);
    expect(errors(checkPlan(declared))).toEqual([]);
    // The declaration survives plan.json.
    const loaded = loadPlan(planToJson(declared));
    expect(loaded.ok && loaded.plan.distinctDevices).toEqual([[b, a]]);
    expect(loaded.ok && errors(checkPlan(loaded.plan))).toEqual([]);
  });

  it("one GUID, signature or serial spelt two ways proves nothing: still an error", () => {
    const spellings: Array<[NonNullable<PlanDisk["identity"]>, NonNullable<PlanDisk["identity"]>]> =
      [
        [
          { diskGuid: "{0FC63DAF-8483-4772-8E79-3D69D8477DE4}" },
          { diskGuid: "0FC63DAF-8483-4772-8E79-3D69D8477DE4" },
        ],
        [{ mbrSignature: "0x0001abcd" }, { mbrSignature: "1abcd" }],
        [{ serial: "S3Z1NB0K123456A " }, { serial: "S3Z1NB0K123456A" }],
        [{ serial: "" }, { serial: "S3Z1NB0K123456A" }],
      ];
    for (const [x, y] of spellings) {
      const plan = twoSpellingsPlan("/dev/sda", "/dev/disk/by-id/ata-X");
      const disks = plan.disks as PlanDisk[];
      disks[0] = { ...(disks[0] as PlanDisk), identity: x };
      disks[1] = { ...(disks[1] as PlanDisk), identity: y };
      expect(
        errors(checkPlan(plan)).map((f) => f.code),
        JSON.stringify([x, y]),
      ).toEqual(["overlap-possibly-same-disk"]);
    }
  });

  it("two device nodes reporting one serial or UniqueId (multipath) may be one disk", () => {
    for (const identity of [{ serial: "WD-WX11A" }, { uniqueId: "60022480ABCDEF" }]) {
      const plan = twoSpellingsPlan("/dev/sda", "/dev/sdb", { identity });
      const found = errors(checkPlan(plan));
      expect(found.map((f) => f.code)).toEqual(["overlap-possibly-same-disk"]);
      expect(found[0]?.message).toContain("multipath");
      expect(possiblySamePaths(plan, found[0] as Finding)).toEqual(["/dev/sda", "/dev/sdb"]);
      // A cheap USB bridge's made-up serial: the user's word settles it.
      const declared = declareDistinctDevices(plan, "/dev/sda", "/dev/sdb");
      expect(errors(checkPlan(declared))).toEqual([]);
    }
    // A disk GUID or MBR signature is copied with a clone: two nodes stay two disks.
    const clone = twoSpellingsPlan("/dev/sda", "/dev/sdb", {
      identity: { mbrSignature: "1a2b3c4d" },
    });
    expect(errors(checkPlan(clone))).toEqual([]);
  });

  it("a bare link possibly the listed disk: its ranges over the host's partitions are warned about", () => {
    const plan = twoSpellingsPlan("/dev/sda", "/dev/disk/by-id/ata-X");
    const disks = plan.disks as PlanDisk[];
    disks[0] = {
      ...(disks[0] as PlanDisk),
      partitions: [
        {
          number: 1,
          label: "/dev/sda1",
          startByte: bytes(4096n * 512n),
          sizeBytes: bytes(8192n * 512n),
          mountPoint: "/",
        },
      ],
    };
    // Only db (on the link) writes 4096 +4096: over /dev/sda1, the host's root.
    const only = { ...plan, vms: [plan.vms[1] as Plan["vms"][number]] };
    const found = checkPlan(only).filter((f) => f.code === "host-partition");
    expect(found).toHaveLength(1);
    expect(found[0]?.message).toContain("may be");
    expect(found[0]?.message).toContain("mounted at /");
    expect(found[0]?.targets).toContainEqual({ disk: "d0", partition: 0 });
    // Declared different: nothing.
    const declared = declareDistinctDevices(only, "/dev/sda", "/dev/disk/by-id/ata-X");
    expect(checkPlan(declared).map((f) => f.code)).not.toContain("host-partition");
  });

  it("a declaration cannot split one device: /dev//sda stays /dev/sda", () => {
    const plan = declareDistinctDevices(
      twoSpellingsPlan("/dev/sda", "/dev//sda"),
      "/dev/sda",
      "/dev//sda",
    );
    expect(errors(checkPlan(plan)).map((f) => f.code)).toEqual(["overlap"]);
  });

  it("different exact sizes or serials prove two disks; equal ones do not", () => {
    const [a, b] = POSSIBLY_SAME_PAIRS[0] as readonly [string, string];
    const sized = twoSpellingsPlan(a, b);
    const withSizes = (x: bigint, y: bigint): Plan => ({
      ...sized,
      disks: [
        { ...(sized.disks[0] as PlanDisk), sizeBytes: bytes(x) },
        { ...(sized.disks[1] as PlanDisk), sizeBytes: bytes(y) },
      ],
    });
    expect(errors(checkPlan(withSizes(1n << 30n, 2n << 30n)))).toEqual([]);
    expect(errors(checkPlan(withSizes(1n << 30n, 1n << 30n))).map((f) => f.code)).toEqual([
      "overlap-possibly-same-disk",
    ]);
    const serials = (x: string, y: string): Plan => ({
      ...sized,
      disks: [
        { ...(sized.disks[0] as PlanDisk), identity: { serial: x } },
        { ...(sized.disks[1] as PlanDisk), identity: { serial: y } },
      ],
    });
    expect(errors(checkPlan(serials("S3Z1NB0K123456A", "WD-WCC4N1234567")))).toEqual([]);
    expect(errors(checkPlan(serials("S3Z1", "S3Z1"))).length).toBe(1);
  });

  it("read-only on both sides is no error", () => {
    const plan = twoSpellingsPlan("/dev/sda", "/dev/block/8:0");
    const ro: Plan = {
      ...plan,
      vms: plan.vms.map((vm) => ({
        ...vm,
        ranges: vm.ranges.map((r) => ({ ...r, access: "RDONLY" as const })),
      })),
    };
    expect(errors(checkPlan(ro))).toEqual([]);
  });
});

describe("the disk's end through an alias", () => {
  it("a disk known under one spelling gives its size to the other", () => {
    const plan = twoSpellingsPlan("/dev//sdb", "/dev/sdb");
    const sized: Plan = {
      ...plan,
      disks: [
        { ...(plan.disks[0] as PlanDisk), sizeBytes: bytes(4096n * 512n) },
        plan.disks[1] as PlanDisk,
      ],
    };
    // db's range ends at 8192, past the 4096-sector disk both paths name.
    const found = errors(checkPlan(sized));
    expect(found.map((f) => f.code)).toContain("past-disk-end");
  });

  it("a link of unknown size is checked against a possibly-same disk's known end", () => {
    const plan = twoSpellingsPlan("/dev/sda", "/dev/disk/by-id/ata-X");
    const sized: Plan = {
      ...plan,
      disks: [
        { ...(plan.disks[0] as PlanDisk), sizeBytes: bytes(6144n * 512n) },
        plan.disks[1] as PlanDisk,
      ],
      vms: [plan.vms[1] as Plan["vms"][number]],
    };
    const found = errors(checkPlan(sized));
    expect(found.map((f) => f.code)).toEqual(["past-disk-end-possibly-same"]);
    expect(found[0]?.message).toContain(
      'ends at sector 8192, past the end of "/dev/sda" (6144 sectors',
    );
    expect(
      errors(checkPlan(declareDistinctDevices(sized, "/dev/sda", "/dev/disk/by-id/ata-X"))),
    ).toEqual([]);
    // Within the end but into a GPT disk's backup: the warning, through the alias.
    const gpt: Plan = {
      ...sized,
      disks: [
        { ...(sized.disks[0] as PlanDisk), tableType: "gpt", sizeBytes: bytes(8200n * 512n) },
        sized.disks[1] as PlanDisk,
      ],
    };
    const codes = checkPlan(gpt).map((f) => f.code);
    expect(codes).toContain("covers-gpt-backup");
    expect(codes).not.toContain("past-disk-end-possibly-same");
  });
});

describe("only raw devices", () => {
  const oneDisk = (device: string): Plan => {
    const plan = twoSpellingsPlan(device, device);
    return {
      ...plan,
      disks: [plan.disks[0] as PlanDisk],
      vms: [plan.vms[0] as Plan["vms"][number]],
    };
  };
  it.each([
    "/etc/passwd",
    "/dev/mem",
    "/dev/kmem",
    "/dev/port",
    "/proc/self/mem",
    "/sys/block/sda",
    "/dev/null",
    "/dev/zero",
    "\\\\server\\share\\x",
  ])("%s is an error", (device) => {
    expect(errors(checkPlan(oneDisk(device))).map((f) => f.code)).toEqual(["device-path-not-raw"]);
  });
  it("a drive-letter file path is an error (relative to VirtualBox)", () => {
    expect(
      errors(checkPlan(oneDisk("C:\\Windows\\System32\\config\\SAM"))).map((f) => f.code),
    ).toEqual(["device-path-relative"]);
  });
  it("an unknown /dev/foo is a warning that names the families", () => {
    const found = checkPlan(oneDisk("/dev/foo")).filter(
      (f) => f.code === "device-path-unknown-family",
    );
    expect(found.map((f) => f.severity)).toEqual(["warning"]);
    expect(found[0]?.message).toContain("/dev/nvme*n*");
    expect(found[0]?.message).toContain("\\\\.\\PhysicalDriveN");
  });
  it("known families draw no raw-path finding", () => {
    for (const device of [
      "\\\\.\\PhysicalDrive0",
      "/dev/sda",
      "/dev/disk/by-id/ata-X",
      "/dev/rdisk2",
    ]) {
      expect(deviceIdentityFindings(oneDisk(device))).toEqual([]);
    }
  });
});

/** Another spelling of the same path: one that canonicalises equal, or an unresolved link. */
function aliasOf(path: string, pick: number): string {
  if (/^\\\\\.\\/.test(path)) {
    const name = path.slice(4);
    return [`\\\\?\\${name}`, `\\??\\${name.toUpperCase()}`, `${path}.`][pick % 3] as string;
  }
  if (path === "/dev/rdisk2") return "/dev/disk2";
  if (path.startsWith("/dev/")) {
    return [`/dev//${path.slice(5)}`, `/dev/./${path.slice(5)}`, "/dev/block/8:0"][
      pick % 3
    ] as string;
  }
  return path;
}

const overlapKeys = (findings: readonly Finding[]): Set<string> =>
  new Set(
    findings
      .filter((f) => f.code === "overlap" || f.code === "overlap-possibly-same-disk")
      .map((f) =>
        f.targets
          .filter((t) => t.vm !== undefined)
          .map((t) => `${t.vm}:${t.range}`)
          .sort()
          .join("|"),
      ),
  );

describe("property: an alias spelling never hides an overlap", () => {
  it("renaming a disk's path to an alias keeps every overlap error (600 plans)", () => {
    let compared = 0;
    for (let seed = 1; seed <= 600; seed++) {
      const plan = randomPlan(seed, { coherent: true, edgeCases: false, maxDisks: 3, maxVms: 4 });
      // Contradictory sizes for one path are their own error (device-conflict); an alias then
      // proves the two disks apart, which is right, so such plans say nothing here.
      const findings = checkPlan(plan);
      if (findings.some((f) => f.code === "device-conflict")) continue;
      const before = overlapKeys(findings);
      if (before.size === 0) continue;
      plan.disks.forEach((d, i) => {
        const renamed: Plan = {
          ...plan,
          disks: plan.disks.map((x, j) =>
            j === i ? { ...x, device: aliasOf(x.device, seed) } : x,
          ),
        };
        const after = overlapKeys(checkPlan(renamed));
        for (const key of before) expect(after, `seed ${seed}, disk ${d.id}`).toContain(key);
        compared++;
      });
    }
    expect(compared).toBeGreaterThan(50);
  });
});

describe("plan format: identity and declarations are optional and round-trip", () => {
  const base = twoSpellingsPlan("/dev/sda", "/dev/block/8:0");
  it("writes and reads disk identity and distinctDevices; absent stays absent", () => {
    expect(planToJson(base)).not.toMatch(/identity|distinctDevices/);
    const plan: Plan = {
      ...base,
      disks: [
        {
          ...(base.disks[0] as PlanDisk),
          identity: { serial: "S3Z1NB0K", mbrSignature: "1a2b3c4d" },
        },
        base.disks[1] as PlanDisk,
      ],
      distinctDevices: [["/dev/sda", "/dev/block/8:0"]],
    };
    const text = planToJson(plan);
    const loaded = loadPlan(text);
    expect(loaded.ok && loaded.plan).toEqual(plan);
    expect(loaded.ok && planToJson(loaded.plan)).toBe(text);
  });
  it.each([
    [{ distinctDevices: [["/dev/sda"]] }, "distinctDevices[0]"],
    [{ distinctDevices: [["/dev/sda", 7]] }, "distinctDevices[0][1]"],
    [{ distinctDevices: "/dev/sda" }, "distinctDevices"],
  ])("refuses a malformed declaration %j at %s", (patch, path) => {
    const json = { ...(JSON.parse(planToJson(base)) as object), ...patch };
    const loaded = loadPlan(json);
    expect(loaded.ok).toBe(false);
    expect(loaded.ok ? [] : loaded.issues.map((i) => i.path)).toContain(path);
  });
  it("refuses an identity value that is not a string", () => {
    const json = JSON.parse(planToJson(base)) as { disks: Array<Record<string, unknown>> };
    (json.disks[0] as Record<string, unknown>).identity = { serial: 12 };
    const loaded = loadPlan(json);
    expect(loaded.ok ? [] : loaded.issues.map((i) => i.path)).toEqual(["disks[0].identity.serial"]);
  });
});

describe("a hostile plan cannot flood the page", () => {
  it("lists at most MAX_LISTED_OVERLAPS possibly-same overlaps, then says there are more", () => {
    const base = twoSpellingsPlan("/dev/sda", "/dev/block/8:0");
    // 30 × 30 RW ranges on the same sectors of the two spellings: 900 crossing pairs.
    const many = (disk: string) =>
      Array.from({ length: 30 }, () => ({
        ...(base.vms[0]?.ranges[0] as Plan["vms"][number]["ranges"][number]),
        disk,
      }));
    const plan: Plan = {
      ...base,
      vms: [
        { ...(base.vms[0] as Plan["vms"][number]), ranges: many("d0") },
        { ...(base.vms[1] as Plan["vms"][number]), ranges: many("d1") },
      ],
    };
    const found = deviceIdentityFindings(plan).filter(
      (f) => f.code === "overlap-possibly-same-disk",
    );
    expect(found).toHaveLength(MAX_LISTED_OVERLAPS + 1);
    expect(found[MAX_LISTED_OVERLAPS]?.message).toContain(`only the first ${MAX_LISTED_OVERLAPS}`);
  });
});
