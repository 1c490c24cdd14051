/**
 * One plan, every hypervisor (docs/targets.md): QEMU reads its own descriptor to exactly the
 * bytes the plan promises, where it misreads VirtualBox's; the raw driver's offset/size window
 * ends where the range ends; the dm table and the libvirt XML name the right numbers.
 */
import { execFileSync, spawnSync } from "node:child_process";
import {
  closeSync,
  existsSync,
  ftruncateSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Plan, PlanVm, Target } from "../plan/types.ts";
import { diskOf, planOf, range } from "../guest/plans.testkit.ts";
import { planFiles } from "../zip/files.ts";
import { DEFAULT_HEAD } from "../plan/types.ts";

const dir = mkdtempSync(join(tmpdir(), "rdp-targets-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const has = (tool: string) => spawnSync("sh", ["-c", `command -v ${tool}`]).status === 0;
const DEVICE = "/dev/disk/by-id/ata-TEST_DISK_0001";
const uuids = () => {
  let n = 0;
  return () => `00000000-0000-4000-8000-${(++n).toString(16).padStart(12, "0")}`;
};

const vm = (patch: Partial<PlanVm>): PlanVm => ({
  name: "web",
  adapterType: "ide",
  uuid: null,
  head: { ...DEFAULT_HEAD },
  ranges: [range(4096n, 2048n)],
  ...patch,
});
/** A 16384-sector disk with a partition at 4096 +2048. */
const disk = () => diskOf(16384n, [[4096n, 2048n]]);

function build(plan: Plan, targets: Target[]): Map<string, Uint8Array | string> {
  const r = planFiles(plan, { newUuid: uuids(), targets });
  if (!r.ok) throw new Error(r.findings.map((f) => f.message).join("; "));
  return new Map(r.files.map((f) => [f.path, f.data]));
}

function writeAll(files: Map<string, Uint8Array | string>, root: string): void {
  for (const [path, data] of files) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), data);
  }
}

/** A sparse stand-in for the device: every sector of [from, to) holds its own number. */
function deviceImage(path: string, sectors: bigint, from: bigint, to: bigint): void {
  const fd = openSync(path, "w");
  ftruncateSync(fd, Number(sectors * 512n));
  for (let s = from; s < to; s++) {
    const sector = Buffer.alloc(512, 0);
    sector.write(`sector ${s} `.repeat(30), "ascii");
    writeSync(fd, sector, 0, 512, Number(s * 512n));
  }
  closeSync(fd);
}

const pointAt = (descriptor: string, image: string) => descriptor.split(DEVICE).join(image);

describe.runIf(has("qemu-img"))("the QEMU descriptor under qemu-img", () => {
  it("identity placement with padding and a GPT: exactly the promised bytes", () => {
    const plan = planOf([vm({ partitionTable: "gpt", placement: "identity" })], [disk()]);
    const files = build(plan, ["virtualbox", "qemu"]);
    const root = join(dir, "identity");
    writeAll(files, root);
    const image = join(root, "device.img");
    deviceImage(image, 16384n, 4096n, 6144n);
    const qemuDir = join(root, "web", "qemu");
    const descriptorPath = join(qemuDir, "web.vmdk");
    // Only the device path changes; the padding file is what run-qemu.sh makes with truncate.
    writeFileSync(descriptorPath, pointAt(readFileSync(descriptorPath, "utf8"), image));
    const script = String(files.get("web/qemu/run-qemu.sh"));
    const truncate = /truncate -s (\d+) "\$here"\/'([^']+)'/.exec(script);
    expect(truncate).not.toBeNull();
    execFileSync("truncate", ["-s", truncate?.[1] ?? "0", join(qemuDir, truncate?.[2] ?? "")]);
    const out = join(root, "out.raw");
    execFileSync("qemu-img", ["convert", "-f", "vmdk", "-O", "raw", descriptorPath, out]);
    const raw = readFileSync(out);
    const head = files.get("web/Raw_Sectors_1MiB") as Uint8Array;
    const tail = files.get("web/Raw_Sectors_GPT_Backup") as Uint8Array;
    const device = readFileSync(image);
    const total = 2048 + 2048 + 2048 + 33;
    expect(raw.length).toBe(total * 512);
    expect(raw.subarray(0, 2048 * 512).equals(Buffer.from(head))).toBe(true);
    expect(raw.subarray(2048 * 512, 4096 * 512).every((b) => b === 0)).toBe(true);
    expect(
      raw.subarray(4096 * 512, 6144 * 512).equals(device.subarray(4096 * 512, 6144 * 512)),
    ).toBe(true);
    expect(raw.subarray(6144 * 512).equals(Buffer.from(tail))).toBe(true);

    // VirtualBox's own descriptor, read by QEMU the same way: its ZERO line is dropped, the
    // range lands at the padding's place and the disk is short. This is why QEMU gets its own.
    const vbox = join(root, "web", "vbox-copy.vmdk");
    writeFileSync(
      vbox,
      pointAt(String(files.get("web/web.vmdk")), image).replace(
        /createType="[^"]+"/,
        'createType="monolithicFlat"',
      ),
    );
    const wrong = join(root, "wrong.raw");
    execFileSync("qemu-img", ["convert", "-f", "vmdk", "-O", "raw", vbox, wrong]);
    const misread = readFileSync(wrong);
    expect(
      misread.length === raw.length &&
        misread.subarray(4096 * 512, 6144 * 512).equals(raw.subarray(4096 * 512, 6144 * 512)),
    ).toBe(false);
  });

  it("two disks, packed: each range from its own device", () => {
    const second = { ...diskOf(8192n, [], "d1"), device: "/dev/disk/by-id/ata-TEST_DISK_0002" };
    const plan = planOf(
      [vm({ ranges: [range(4096n, 1024n), range(2048n, 512n, { disk: "d1" })] })],
      [disk(), second],
    );
    const files = build(plan, ["qemu"]);
    expect(files.has("web/web.vmdk")).toBe(false);
    const root = join(dir, "two");
    writeAll(files, root);
    const a = join(root, "a.img");
    const b = join(root, "b.img");
    deviceImage(a, 16384n, 4096n, 5120n);
    deviceImage(b, 8192n, 2048n, 2560n);
    const path = join(root, "web", "qemu", "web.vmdk");
    writeFileSync(path, pointAt(readFileSync(path, "utf8"), a).split(second.device).join(b));
    const out = join(root, "out.raw");
    execFileSync("qemu-img", ["convert", "-f", "vmdk", "-O", "raw", path, out]);
    const raw = readFileSync(out);
    expect(
      raw.subarray(2048 * 512, 3072 * 512).equals(readFileSync(a).subarray(4096 * 512, 5120 * 512)),
    ).toBe(true);
    expect(
      raw.subarray(3072 * 512, 3584 * 512).equals(readFileSync(b).subarray(2048 * 512, 2560 * 512)),
    ).toBe(true);
  });
});

describe.runIf(has("qemu-io"))("the QEMU descriptor on a 4096-byte disk and beyond 2 TiB", () => {
  /** The 16-byte line of qemu-io's hex dump at `at` of the QEMU descriptor's disk, as text. */
  function lineAt(descriptor: string, at: bigint): string {
    const run = spawnSync("qemu-io", ["-f", "vmdk", "-r", descriptor, "-c", `read -v ${at} 16`], {
      encoding: "utf8",
    });
    return run.stdout.split("\n")[0] ?? "";
  }
  /** A sparse device with the marker of `sector` (512-byte units) written at that sector. */
  function sparseWith(path: string, bytes: bigint, sectors: bigint[]): void {
    const fd = openSync(path, "w");
    ftruncateSync(fd, Number(bytes));
    for (const s of sectors) {
      const sector = Buffer.alloc(512, 0);
      sector.write(`sector ${s} `.repeat(30), "ascii");
      writeSync(fd, sector, 0, 512, Number(s * 512n));
    }
    closeSync(fd);
  }
  /** qemu-io's dump shows printable bytes as text, blanks as dots. */
  const shown = (text: string) => text.slice(0, 16).replace(/ /g, ".");

  it.each([
    ["a 4096-byte-sector disk", 4096, 8192n * 8n, 16384n, 8192n],
    ["a range beyond 2 TiB", 512, 2n ** 33n + 8192n, 2n ** 32n + 2048n, 4096n],
  ] as const)(
    "%s: the range's first and last sectors where the plan puts them",
    (_, lss, diskSectors, start, sectors) => {
      const d = { ...diskOf(diskSectors, []), logicalSectorSize: lss as 512 | 4096 };
      const plan = planOf([vm({ ranges: [range(start, sectors)] })], [d]);
      const files = build(plan, ["qemu"]);
      const root = join(dir, `big-${lss}`);
      writeAll(files, root);
      const image = join(root, "device.img");
      sparseWith(image, diskSectors * 512n, [start, start + sectors - 1n]);
      const path = join(root, "web", "qemu", "web.vmdk");
      writeFileSync(path, pointAt(readFileSync(path, "utf8"), image));
      // Guest sector 2048 is the range's first; 2048 + sectors − 1 its last.
      expect(lineAt(path, 2048n * 512n)).toContain(shown(`sector ${start} `));
      expect(lineAt(path, (2048n + sectors - 1n) * 512n)).toContain(
        shown(`sector ${start + sectors - 1n} `),
      );
    },
  );
});

describe.runIf(has("qemu-io"))("the raw driver's window for a one-range VM without a head", () => {
  it("reads the range's first and last sector, and not one sector past it", () => {
    const plan = planOf([vm({ head: { file: "Raw_Sectors_1MiB", sectors: 0 } })], [disk()]);
    const files = build(plan, ["qemu"]);
    const script = String(files.get("web/qemu/run-qemu.sh"));
    const option = /blockdev='([^']+)'/.exec(script)?.[1] ?? "";
    expect(option).toContain("offset=2097152,size=1048576");
    const image = join(dir, "raw.img");
    deviceImage(image, 16384n, 4096n, 6144n);
    const opts = option
      .replace("node-name=disk0,", "")
      .replace("file.driver=host_device", "file.driver=file")
      .replace(`file.filename=${DEVICE}`, `file.filename=${image}`);
    const io = (cmd: string) =>
      spawnSync("qemu-io", ["--image-opts", opts, "-c", cmd], { encoding: "utf8" });
    // qemu-io -v dumps hex: look for the marker's bytes.
    const hex = (text: string) =>
      [...Buffer.from(text)].map((b) => b.toString(16).padStart(2, "0")).join(" ");
    const first = io("read -v 0 512");
    expect(first.stdout).toContain(hex("sector 4096"));
    const last = io("read -v 1048064 512");
    expect(last.stdout).toContain(hex("sector 6143"));
    const past = io("read 1048576 512");
    expect(past.stdout + past.stderr).toMatch(/error|Input\/output|out of range|Invalid/i);
  });
});

describe("the device-mapper table", () => {
  it("maps head, padding, range and tail in 512-byte sectors", () => {
    const plan = planOf([vm({ partitionTable: "gpt", placement: "identity" })], [disk()]);
    const table = String(build(plan, ["dm"]).get("web/dm/table.txt"));
    expect(table).toBe(
      [
        "0 2048 linear @HEAD@ 0",
        "2048 2048 zero",
        `4096 2048 linear ${DEVICE} 4096`,
        "6144 33 linear @TAIL@ 0",
        "",
      ].join("\n"),
    );
  });

  it("refuses a map that mixes RW and RDONLY ranges", () => {
    const plan = planOf(
      [vm({ ranges: [range(4096n, 1024n), range(5120n, 1024n, { access: "RDONLY" })] })],
      [disk()],
    );
    const r = planFiles(plan, { newUuid: uuids(), targets: ["dm"] });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.findings.some((f) => f.code === "target-refused")).toBe(true);
  });

  const dmSkip =
    process.getuid?.() !== 0
      ? "not root"
      : !existsSync("/dev/mapper/control")
        ? "no device-mapper (/dev/mapper/control is missing)"
        : !has("dmsetup") || !has("losetup")
          ? "dmsetup or losetup is missing"
          : null;
  if (dmSkip) console.warn(`dm table not applied with dmsetup: ${dmSkip}`);
  it.runIf(dmSkip === null)("dmsetup creates the map, and it reads back the planned bytes", () => {
    const plan = planOf(
      [vm({ name: "dmtest", partitionTable: "gpt", placement: "identity" })],
      [disk()],
    );
    const files = build(plan, ["dm"]);
    const root = join(dir, "dm");
    writeAll(files, root);
    const image = join(root, "device.img");
    deviceImage(image, 16384n, 4096n, 6144n);
    const loop = execFileSync("losetup", ["-f", "--show", image], { encoding: "utf8" }).trim();
    const table = join(root, "dmtest", "dm", "table.txt");
    writeFileSync(table, readFileSync(table, "utf8").split(DEVICE).join(loop));
    try {
      execFileSync("sh", [join(root, "dmtest", "dm", "setup.sh")]);
      const mapped = readFileSync("/dev/mapper/rdp-dmtest");
      const head = files.get("dmtest/Raw_Sectors_1MiB") as Uint8Array;
      expect(mapped.length).toBe((2048 + 2048 + 2048 + 33) * 512);
      expect(mapped.subarray(0, 2048 * 512).equals(Buffer.from(head))).toBe(true);
      expect(mapped.subarray(2048 * 512, 4096 * 512).every((b) => b === 0)).toBe(true);
      const device = readFileSync(image).subarray(4096 * 512, 6144 * 512);
      expect(mapped.subarray(4096 * 512, 6144 * 512).equals(device)).toBe(true);
    } finally {
      spawnSync("sh", [join(root, "dmtest", "dm", "teardown.sh")]);
      spawnSync("losetup", ["-d", loop]);
    }
  });
});

describe("libvirt", () => {
  it("one range without a head: a block disk with a storage slice in bytes", () => {
    const plan = planOf([vm({ head: { file: "h", sectors: 0 } })], [disk()]);
    const xml = String(build(plan, ["libvirt"]).get("web/libvirt-disk.xml"));
    expect(xml).toContain("<disk type='block' device='disk'>");
    expect(xml).toContain(`<source dev='${DEVICE}'>`);
    expect(xml).toContain("<slice type='storage' offset='2097152' size='1048576'/>");
  });

  it("anything else: the QEMU descriptor as a vmdk file disk, and escaped text", () => {
    const plan = planOf([vm({ name: "a&b" })], [{ ...disk(), device: "/dev/disk/by-id/x'y" }]);
    const xml = String(build(plan, ["libvirt"]).get("a&b/libvirt-disk.xml"));
    expect(xml).toContain("<driver name='qemu' type='vmdk' cache='none'/>");
    expect(xml).toContain("<source file='/path/to/a&amp;b/qemu/a&amp;b.vmdk'/>");
  });
});

describe.runIf(has("virt-xml-validate"))("libvirt's own schema", () => {
  it("accepts both kinds of disk element", () => {
    for (const [name, plan] of [
      ["slice", planOf([vm({ head: { file: "h", sectors: 0 } })], [disk()])],
      ["file", planOf([vm({})], [disk()])],
    ] as const) {
      const disk = String(build(plan, ["libvirt"]).get("web/libvirt-disk.xml"));
      // Inside a minimal domain, checked with the domain schema: every libvirt has it (a schema
      // of a disk element alone came later: Debian 12's libvirt 9.0 has none).
      const file = join(dir, `${name}.xml`);
      writeFileSync(
        file,
        [
          "<domain type='kvm'>",
          "  <name>web</name>",
          "  <memory>131072</memory>",
          "  <os><type>hvm</type></os>",
          "  <devices>",
          disk.replace(/^<\?xml[^>]*>\s*/, "").replace(/<!--[\s\S]*?-->\s*/g, ""),
          "  </devices>",
          "</domain>",
        ].join("\n"),
      );
      const run = spawnSync("virt-xml-validate", [file, "domain"], { encoding: "utf8" });
      expect(run.status, run.stdout + run.stderr).toBe(0);
      expect(run.stdout + run.stderr).toContain("validates");
    }
  });
});
if (!has("virt-xml-validate")) {
  console.warn(
    "libvirt XML not validated: virt-xml-validate is not installed (scripts/setup-tests.sh installs it)",
  );
}

describe("the choice of outputs", () => {
  it("the default is VirtualBox alone, as before", () => {
    const plan = planOf([vm({})], [disk()]);
    const paths = [...build(plan, ["virtualbox"]).keys()];
    const r = planFiles(plan, { newUuid: uuids() });
    expect(r.ok && r.files.map((f) => f.path)).toEqual(paths);
    expect(paths.some((p) => p.includes("qemu/") || p.includes("dm/"))).toBe(false);
  });

  it("QEMU refuses a read-only range, with the fix", () => {
    const plan = planOf([vm({ ranges: [range(4096n, 2048n, { access: "RDONLY" })] })], [disk()]);
    const r = planFiles(plan, { newUuid: uuids(), targets: ["qemu"] });
    expect(!r.ok && r.findings.find((f) => f.code === "target-refused")?.message).toContain(
      "readonly=on",
    );
  });

  it.runIf(has("shellcheck"))("ShellCheck finds nothing in the run and dm scripts", () => {
    const plan = planOf([vm({ partitionTable: "gpt", placement: "identity" })], [disk()]);
    for (const [path, data] of build(plan, ["qemu", "dm"])) {
      if (!path.endsWith(".sh")) continue;
      const file = join(dir, path.replace(/\//g, "_"));
      writeFileSync(file, data);
      const run = spawnSync("shellcheck", ["-s", "sh", file], { encoding: "utf8" });
      expect(run.stdout, path).toBe("");
    }
  });
});

describe("targets in plan.json", () => {
  it("round-trips, and an unknown target is refused with its path", async () => {
    const { loadPlan, planToJson } = await import("../plan/codec.ts");
    const plan = planOf([vm({ targets: ["virtualbox", "qemu"] })], [disk()]);
    const loaded = loadPlan(planToJson(plan));
    expect(loaded.ok && loaded.plan.vms[0]?.targets).toEqual(["virtualbox", "qemu"]);
    const bad = JSON.parse(planToJson(plan)) as { vms: { targets: string[] }[] };
    (bad.vms[0] as { targets: string[] }).targets = ["vmware"];
    const refused = loadPlan(JSON.stringify(bad));
    expect(!refused.ok && refused.issues[0]?.path).toBe("vms[0].targets[0]");
  });
});
