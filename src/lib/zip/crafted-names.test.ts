/**
 * Nothing a user types may break out of a quoted descriptor field, a zip path or README.txt.
 * Each crafted value goes through the whole path a download takes (checks → files → zip), in
 * every field that reaches a file: the VM name (folder and descriptor name), the head file
 * name, the device path and the plan name (the zip's own name). Either the plan is refused
 * with an error that names the field, or every file is exactly what it should be.
 */
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { checkPlan } from "../check/index.ts";
import { hasErrors } from "../plan/findings.ts";
import { planNameProblem } from "../plan/names.ts";
import type { Plan } from "../plan/types.ts";
import { vmdkSectors } from "../units.ts";
import {
  EXAMPLE_DEVICE,
  EXAMPLE_DISK_BYTES,
  PARTITION_1,
  workedExampleDisk,
} from "../plan/example.testkit.ts";
import { readDescriptor } from "../vmdk/reader.ts";
import { buildZip } from "./zip.ts";

const CRAFTED: readonly [string, string][] = [
  ["a double quote", 'we"b'],
  ["a quote that closes the field", 'web" 0\nRW 999 FLAT "/etc/passwd'],
  ["a newline", "web\nRW 1 FLAT"],
  ["a carriage return", "web\rx"],
  ["a parent folder", "../web"],
  ["a nested parent folder", "a/../../web"],
  ["a backslash path", "..\\..\\web"],
  ["an absolute path", "/etc/web"],
  ["a NUL", "web\u0000.txt"],
  ["CON", "CON"],
  ["nul in lower case", "nul"],
  ["COM1", "COM1"],
  ["LPT9 with an extension", "LPT9.vmdk"],
  ["a 1000-character name", "w".repeat(1000)],
  ["a right-to-left override", "web\u202Ekmdv.exe"],
  ["a trailing dot", "web."],
  ["a trailing space", "web "],
  ["only dots", ".."],
  ["a line separator", "web\u2028x"],
  ["an isolate", "web\u2066x"],
];

function plan(patch: {
  vmName?: string;
  headFile?: string;
  device?: string;
  planName?: string;
}): Plan {
  const example = workedExampleDisk({ sizeBytes: EXAMPLE_DISK_BYTES });
  return {
    format: "raw-disk-planner/plan",
    version: 1,
    name: patch.planName ?? "lab",
    disks: [
      {
        ...example,
        device: patch.device ?? EXAMPLE_DEVICE,
        // Partition #1 alone: the one the VM gets.
        partitions: example.partitions.filter((p) => p.number === 1),
      },
    ],
    vms: [
      {
        name: patch.vmName ?? "web",
        adapterType: "ide",
        uuid: "3f6c1e0a-5b2d-4c8e-9a71-0d4e8b2f6a13",
        head: { file: patch.headFile ?? "Raw_Sectors_1MiB", sectors: 2048 },
        ranges: [
          {
            disk: "d0",
            startSector: vmdkSectors(PARTITION_1.startSector),
            sectors: vmdkSectors(PARTITION_1.sectors),
            access: "RW",
          },
        ],
      },
    ],
  };
}

const CONTROL_OR_BIDI =
  // eslint-disable-next-line no-control-regex -- control characters are what this looks for
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** Builds the zip and, when it is made, checks every file against what the plan says. */
async function buildAndInspect(p: Plan) {
  const built = await buildZip(p, { newUuid: () => "00000000-0000-4000-8000-000000000001" });
  if (!built.ok) return { refused: built.findings.filter((f) => f.severity === "error") };
  const zip = await JSZip.loadAsync(built.bytes);
  const paths = Object.keys(zip.files).sort();
  const vm = p.vms[0];
  if (!vm) throw new Error("no vm");
  expect(paths).toEqual(
    [
      "README.txt",
      "plan.json",
      `${vm.name}/`,
      `${vm.name}/${vm.name}.vmdk`,
      `${vm.name}/${vm.head.file}`,
      // The check and register scripts for the device's host (scripts.ts).
      ...(p.disks[0]?.device.startsWith("/")
        ? ["check-disk.sh", "register.sh"]
        : ["check-disk.ps1", "register.ps1", "register.cmd"]
      ).map((script) => `${vm.name}/${script}`),
    ].sort(),
  );
  for (const path of paths) {
    expect(path.split("/").every((part) => part !== ".." && part !== ".")).toBe(true);
    expect(path.startsWith("/")).toBe(false);
  }
  const descriptor = await zip.file(`${vm.name}/${vm.name}.vmdk`)?.async("string");
  const read = readDescriptor(descriptor ?? "");
  expect(read.ok).toBe(true);
  if (read.ok) {
    expect(read.descriptor.extents.map((e) => [e.access, e.sectors, e.file, e.offset])).toEqual([
      ["RW", 2048n, vm.head.file, 0n],
      ["RW", 125829120n, p.disks[0]?.device, 125831168n],
    ]);
  }
  const readme = (await zip.file("README.txt")?.async("string")) ?? "";
  expect(readme).not.toMatch(CONTROL_OR_BIDI);
  return { refused: [] };
}

describe("crafted names never break a descriptor, a zip path or README.txt", () => {
  it("a plain plan builds, and its files are checked as below (the inspection itself works)", async () => {
    expect((await buildAndInspect(plan({}))).refused).toEqual([]);
  });

  describe.each(CRAFTED)("%s", (_label, value) => {
    it("as a VM name: refused with an error on the name", async () => {
      const { refused } = await buildAndInspect(plan({ vmName: value }));
      expect(refused.map((f) => f.code)).toContain("vm-name-invalid");
      expect(refused.some((f) => f.targets.some((t) => t.field === "name"))).toBe(true);
    });

    it("as a head file name: refused with an error on the head file", async () => {
      const { refused } = await buildAndInspect(plan({ headFile: value }));
      expect(refused.map((f) => f.code)).toContain("head-file-invalid");
    });

    it("as the plan name: refused (it becomes the zip's file name)", () => {
      expect(planNameProblem(value)).not.toBeNull();
      expect(hasErrors(checkPlan(plan({ planName: value })))).toBe(true);
    });
  });

  // eslint-disable-next-line no-control-regex -- control characters are what this looks for
  it.each(CRAFTED.filter(([, v]) => /["\n\r\u0000\u2028\u202e\u2066]/.test(v)))(
    "a device path with %s is refused: it would leave the quoted field",
    async (_label, value) => {
      const { refused } = await buildAndInspect(plan({ device: `\\\\.\\PhysicalDrive0${value}` }));
      expect(refused.map((f) => f.code)).toContain("device-path-invalid");
    },
  );

  it("a device path that is not absolute is refused: VirtualBox would look beside the descriptor", async () => {
    const { refused } = await buildAndInspect(plan({ device: "PhysicalDrive0" }));
    expect(refused.map((f) => f.code)).toContain("device-path-relative");
  });

  it("unusual but harmless names build, and every file is exactly as planned", async () => {
    for (const name of ["web server", "Wébsite-ünïcode", "数据库", "a.b-c_d (1)"]) {
      expect((await buildAndInspect(plan({ vmName: name, planName: name }))).refused).toEqual([]);
    }
    expect(
      (await buildAndInspect(plan({ device: "/dev/disk/by-id/ata-Samsung_SSD_860_S3Z9NB0K" })))
        .refused,
    ).toEqual([]);
  });
});
