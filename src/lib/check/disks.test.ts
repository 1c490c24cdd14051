import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { hostUseReason } from "./hostAreas.ts";
import { parseListing } from "../listing/index.ts";
import { checkPlan } from "./index.ts";
import { gptBackupSectors } from "../plan/disk.ts";
import type { Plan, PlanDisk, PlanVm } from "../plan/types.ts";
import { writeDescriptor } from "../vmdk/descriptor.ts";
import { DEFAULT_HEAD } from "../plan/types.ts";
import { bytes } from "../units.ts";
import {
  DISK_SECTORS,
  P1_START,
  P1_SECTORS,
  FREE_START,
  partition,
  disk,
  range,
  vm,
  plan,
  free,
  codes,
  errors,
  only,
  expectCodes,
} from "./check.testkit.ts";
import { collapseBlanks, consoleWrap } from "../listing/degrade.testkit.ts";

describe("the size warning says where the disk's exact size comes from", () => {
  const sizeWarning = (device: string) =>
    checkPlan(plan([vm("a", [free()])], [disk({ device, sizeBytes: null })])).find(
      (f) => f.code === "disk-end-unknown",
    )?.message;

  it.each([
    ["\\\\.\\PhysicalDrive2", "`Get-Disk -Number 2 | Format-List Number,LogicalSectorSize,Size`"],
    ["\\\\?\\physicaldrive2", "`Get-Disk -Number 2 | Format-List Number,LogicalSectorSize,Size`"],
    ["/dev/sdb", "`sudo blockdev --getsize64 /dev/sdb`"],
    ["/dev/nvme0n1", "`sudo blockdev --getsize64 /dev/nvme0n1`"],
    ["/dev/rdisk3", "`diskutil info /dev/disk3`"],
    ["/dev/ada0", "`diskinfo -v /dev/ada0`"],
    ["/dev/nda1", "`diskinfo -v /dev/nda1`"],
    ["/dev/diskid/DISK-S3Z9NB0K123456", "`diskinfo -v /dev/diskid/DISK-S3Z9NB0K123456`"],
  ])("%s: %s", (device, command) => {
    expect(sizeWarning(device)).toContain(command);
  });

  it("a path that names no system asks for the size in bytes and names no command", () => {
    const message = sizeWarning("\\\\.\\Volume{0b3d8a7e-1234-4a1b-9c3d-000000000001}");
    expect(message).toMatch(/Enter the disk's exact size in bytes\.$/);
    expect(message).not.toContain("`");
  });
});

describe("disk records", () => {
  it("refuses two disks with one id", () => {
    const twin = disk({ device: "\\\\.\\PhysicalDrive1" });
    const p = plan([vm("a", [free()])], [disk(), twin]);
    expectCodes(p, ["duplicate-disk-id"]);
    expectCodes(plan([vm("a", [free()])], [disk(), { ...twin, id: "d1" }]), []);
  });

  it("refuses a disk whose sector size or size makes no sense", () => {
    const odd = disk({ logicalSectorSize: 1000 as 512 });
    expectCodes(plan([vm("a", [free()])], [odd]), ["disk-invalid"]);
    const ragged = (sizeBytes: bigint): Plan =>
      plan(
        [vm("a", [free()])],
        [disk({ logicalSectorSize: 4096, partitions: [], sizeBytes: bytes(sizeBytes) })],
      );
    expect(only(ragged(DISK_SECTORS * 512n + 512n), "disk-invalid")[0]?.message).toContain(
      "is not a whole number of 4096-byte sectors",
    );
    expect(codes(ragged(DISK_SECTORS * 512n))).not.toContain("disk-invalid");
  });
});

describe("a range on its disk", () => {
  const last = (offset: bigint): Plan =>
    plan([vm("a", [range(DISK_SECTORS - 2048n * 10n, 2048n * 10n + offset)])]);

  it("may end exactly at the disk's end, not one sector later", () => {
    expectCodes(last(0n), ["not-aligned-1mib"]); // 468862128 is not a multiple of 2048
    const [past] = only(last(1n), "past-disk-end");
    expect(past?.severity).toBe("error");
    expect(past?.message).toContain(
      'ends at sector 468862129, 1 sector (512 B) past the end of "\\\\.\\PhysicalDrive0", which has 468862128 sectors (240057409536 bytes). Shorten it to at most 20480 sectors.',
    );
  });

  it("says when a range starts beyond the end", () => {
    const p = plan([vm("a", [range(DISK_SECTORS, 2048n)])]);
    expect(only(p, "past-disk-end")[0]?.message).toContain("starts at or after the end");
  });

  it("refuses an empty range; one sector is a range", () => {
    const empty = plan([vm("a", [free(0n, 0n)])]);
    expectCodes(empty, ["empty-range"]);
    expect(errors(empty)[0]?.targets).toEqual([{ vm: 0, range: 0, field: "sectors" }]);
    expect(codes(plan([vm("a", [free(0n, -5n)])]))).toEqual(["empty-range"]);
    expectCodes(plan([vm("a", [free(0n, 1n)])]), ["not-aligned-1mib"]);
  });

  it("refuses a negative start; sector 0 is a start", () => {
    expectCodes(plan([vm("a", [range(-1n, 2048n)])]), ["negative-start"]);
    expectCodes(plan([vm("a", [range(0n, 2048n)])]), ["covers-partition-table"]);
  });

  it("refuses an unknown disk", () => {
    const p = plan([vm("a", [{ ...free(), disk: "d9" }])]);
    expectCodes(p, ["unknown-disk"]);
    expect(errors(p)[0]?.message).toBe(
      'VM "a" range 1 (286720000 +2048) is on disk "d9", which the plan does not have.',
    );
  });

  it("refuses a range beyond 2^55 sectors even on a disk of unknown size", () => {
    const at = (end: bigint): Plan =>
      plan([vm("a", [range(end - 2048n, 2048n)])], [disk({ sizeBytes: null, partitions: [] })]);
    expect(codes(at(1n << 55n))).not.toContain("range-beyond-limit");
    expect(codes(at((1n << 55n) + 1n))).toContain("range-beyond-limit");
  });

  it("refuses a guest disk past 2^55 sectors made of ranges each within it", () => {
    const UUID = "3f6c1e0a-5b2d-4c8e-9a71-0d4e8b2f6a13";
    // Three links of unknown size, 2^54 sectors each: every range is fine, their sum is not,
    // and the descriptor writer refuses the VM. The check must say so before the download.
    const disks = ["d0", "d1", "d2"].map((id) =>
      disk({ id, device: `/dev/disk/by-id/${id}`, sizeBytes: null, partitions: [] }),
    );
    const big = (sectors: bigint): Plan =>
      plan(
        [
          vm(
            "a",
            ["d0", "d1", "d2"].map((id) => range(2048n, sectors, "RW", id)),
            { uuid: UUID },
          ),
        ],
        disks,
      );
    const p = big(1n << 54n);
    expect(codes(p)).toContain("vm-disk-too-large");
    expect(writeDescriptor(p.vms[0] as PlanVm, p.disks)).toMatchObject({
      ok: false,
      error: expect.stringContaining("2^55") as unknown,
    });
    // Exactly 2^55 with the head: allowed, and the writer agrees.
    const fits = big(((1n << 55n) - 2048n) / 3n);
    expect(codes(fits)).not.toContain("vm-disk-too-large");
    expect(writeDescriptor(fits.vms[0] as PlanVm, fits.disks).ok).toBe(true);
    // The GPT tail's 33 sectors count too.
    const edge = plan(
      [
        vm("a", [range(2048n, (1n << 55n) - 4096n)], {
          uuid: UUID,
          head: { ...DEFAULT_HEAD, sectors: 4096 },
        }),
      ],
      [disks[0] as PlanDisk],
    );
    expect(codes(edge)).not.toContain("vm-disk-too-large");
    const gpt = { ...edge, vms: edge.vms.map((v) => ({ ...v, partitionTable: "gpt" as const })) };
    expect(codes(gpt)).toContain("vm-disk-too-large");
    expect(writeDescriptor(gpt.vms[0] as PlanVm, gpt.disks)).toMatchObject({
      ok: false,
      error: expect.stringContaining("2^55") as unknown,
    });
  });

  it("on a 4096-byte-sector disk, needs multiples of 8 and says how far to move", () => {
    const fourK = disk({ logicalSectorSize: 4096, partitions: [], sizeBytes: null });
    const at = (start: bigint, sectors: bigint): Plan =>
      plan([vm("a", [range(start, sectors)])], [fourK]);
    expect(codes(at(FREE_START + 8n, 2048n))).not.toContain("misaligned-4k");
    const [start] = only(at(FREE_START + 9n, 2048n), "misaligned-4k");
    expect(start?.severity).toBe("error");
    expect(start?.message).toContain(
      "its start is 1 sector past a boundary: move it back 1 (to 286720008) or forward 7 (to 286720016)",
    );
    const [size] = only(at(FREE_START, 2051n), "misaligned-4k");
    expect(size?.message).toContain(
      "its size is 3 sectors over: trim 3 (to 2048) or add 5 (to 2056)",
    );
    expect(size?.message).not.toContain("its start");
  });

  it("the 4096-byte rule does not apply to 512-byte disks", () => {
    expect(codes(plan([vm("a", [free(1n, 2048n)])]))).not.toContain("misaligned-4k");
  });
});

describe("names and paths", () => {
  it.each([
    ['we"b', /double quote/],
    ["a\nb", /line break/],
    ["../etc", /path separator/],
    ["a\u0000b", /NUL/],
    ["CON", /reserved/],
    ["con.txt", /reserved/],
    ["COM1", /reserved/],
    ["x".repeat(1000), /1000 characters/],
    ["evil\u202Egnp", /bidirectional/],
    ["web.", /ends with a dot/],
    ["web ", /ends with a space/],
    ["", /is empty/],
    ["README.txt", /clash/],
  ])("refuses the VM name %j", (name, reason) => {
    const findings = checkPlan(plan([vm(name, [free()])]));
    expect(findings.map((f) => f.code)).toEqual(["vm-name-invalid"]);
    expect(findings[0]?.message).toMatch(reason);
    expect(findings[0]?.targets).toEqual([{ vm: 0, field: "name" }]);
  });

  it("never lets a name reorder the message", () => {
    const [finding] = checkPlan(plan([vm("evil\u202Egnp", [free()])]));
    expect(finding?.message).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/u);
    expect(finding?.message).toContain("evil\\u{202E}gnp");
  });

  it("refuses VM folders that collide without case or normalisation", () => {
    const collide = plan([vm("Web", [free()]), vm("web", [free(2048n)])]);
    expectCodes(collide, ["vm-name-collision"]);
    expect(errors(collide)[0]?.targets).toEqual([
      { vm: 0, field: "name" },
      { vm: 1, field: "name" },
    ]);
    const nfc = plan([vm("caf\u00e9", [free()]), vm("cafe\u0301", [free(2048n)])]);
    expectCodes(nfc, ["vm-name-collision"]);
    // ſ (long s) upcases to S on NTFS: "ſql" and "sql" are one folder on Windows.
    expectCodes(plan([vm("\u017fql", [free()]), vm("sql", [free(2048n)])]), ["vm-name-collision"]);
    expectCodes(plan([vm("web1", [free()]), vm("web2", [free(2048n)])]), []);
  });

  it("refuses a bad head file name, and the descriptor's own name", () => {
    const head = (file: string, name = "web"): Plan =>
      plan([vm(name, [free()], { head: { file, sectors: 2048 } })]);
    expectCodes(head('Raw"1'), ["head-file-invalid"]);
    expectCodes(head("Raw/1"), ["head-file-invalid"]);
    expectCodes(head("web.vmdk"), ["head-file-invalid"]);
    expectCodes(head("Web.VMDK"), ["head-file-invalid"]);
    // NTFS upcases ſ to S: "web.vmdk" and "web.vmdk" with a long s are one file on Windows.
    expectCodes(head("\u017fweb.vmdk", "sweb"), ["head-file-invalid"]);
    expectCodes(head("db.vmdk"), []);
    // Without a head there is no head file to name.
    expect(codes(plan([vm("w", [free()], { head: { file: "", sectors: 0 } })]))).toEqual([]);
  });

  it("refuses a bad plan name", () => {
    const p = plan([vm("a", [free()])], [disk()], "nul");
    expectCodes(p, ["plan-name-invalid"]);
    expect(errors(p)[0]?.targets).toEqual([{ field: "name" }]);
    expectCodes(plan([vm("a", [free()])], [disk()], "my plan"), []);
  });

  it.each([
    ["", "device-path-invalid"],
    ['\\\\.\\Physical"Drive0', "device-path-invalid"],
    ["/dev/sda\n", "device-path-invalid"],
    ["/dev/\u202Esda", "device-path-invalid"],
    ["C:\\disk.img", "device-path-relative"],
    ["dev/sda", "device-path-relative"],
  ])("refuses the device path %j", (device, code) => {
    const findings = checkPlan(plan([vm("a", [free()])], [disk({ device })]));
    expect(findings.map((f) => f.code)).toEqual([code]);
    expect(findings[0]?.targets[0]).toEqual({ disk: "d0", field: "device" });
  });

  it("ignores the device path of a disk no range uses", () => {
    const unused = disk({ id: "d1", device: "" });
    expectCodes(plan([vm("a", [free()])], [disk(), unused]), []);
  });

  it("warns about device paths that can change between boots", () => {
    const [finding] = checkPlan(plan([vm("a", [free()])], [disk({ device: "/dev/sdb" })]));
    expect(finding?.code).toBe("device-path-unstable");
    expect(finding?.message).toContain("/dev/disk/by-id/");
    const stable = disk({ device: "/dev/disk/by-id/ata-Samsung_SSD_860_EVO_1TB_S3Z8NB0K1" });
    expectCodes(plan([vm("a", [free()])], [stable]), []);
  });

  it("warns that a per-partition Windows path makes offsets partition-relative", () => {
    const p = plan([vm("a", [free()])], [disk({ device: "\\\\.\\Harddisk0Partition2" })]);
    const [finding] = checkPlan(p);
    expect(finding?.code).toBe("partition-device-path");
    expect(finding?.message).toContain("names partition 2 of disk 0");
    expect(finding?.message).toContain("whole-disk offsets");
    const bare = disk({ device: "\\\\.\\Harddisk0Partition2", partitions: [] });
    const [noList] = checkPlan(plan([vm("a", [range(2048n, 2048n)])], [bare]));
    expect(noList?.code).toBe("partition-device-path");
    expect(noList?.message).not.toContain("whole-disk offsets");
  });
});

describe("host areas", () => {
  it("warns when a range covers the table area before the first partition", () => {
    expectCodes(plan([vm("a", [range(2048n, 125829120n)])]), []);
    const p = plan([vm("a", [range(2047n, 1n)])]);
    expectCodes(p, ["covers-partition-table", "not-aligned-1mib"]);
    expect(only(p, "covers-partition-table")[0]?.message).toContain(
      'covers 2047 +1 (512 B) of "\\\\.\\PhysicalDrive0"\'s partition table area (0 +2048, before the first partition)',
    );
  });

  it("takes the first 1 MiB as the table area when no partition is listed", () => {
    const bare = disk({ partitions: [] });
    expectCodes(plan([vm("a", [range(2048n, 2048n)])], [bare]), []);
    const p = plan([vm("a", [range(0n, 4096n)])], [bare]);
    expectCodes(p, ["covers-partition-table"]);
    expect(checkPlan(p)[0]?.message).toContain("the first 1 MiB: no partition is listed");
  });

  it("warns when a range covers a GPT disk's backup table (33 sectors)", () => {
    const gpt = disk({ tableType: "gpt", partitions: [] });
    const ending = (end: bigint): Plan => plan([vm("a", [range(end - 20480n, 20480n)])], [gpt]);
    expect(codes(ending(DISK_SECTORS - 33n))).not.toContain("covers-gpt-backup");
    const [backup] = only(ending(DISK_SECTORS - 32n), "covers-gpt-backup");
    expect(backup?.message).toContain("covers 468862095 +1 (512 B) of the last 33 sectors");
  });

  it("a disk whose table type the listing does not give may be GPT: its end is warned about", () => {
    // lsblk's default columns and a hand-made plan say nothing about the table type.
    const ending = (more: Partial<PlanDisk>): Plan =>
      plan(
        [vm("a", [range(DISK_SECTORS - 20480n, 20480n)])],
        [disk({ tableType: undefined, ...more })],
      );
    const [maybe] = only(ending({}), "covers-gpt-backup");
    expect(maybe?.message).toContain("does not say whether the disk has a GPT or an MBR");
    expect(codes(ending({ tableType: null }))).toContain("covers-gpt-backup");
    // A GPT type GUID (lsblk's PARTTYPE) or wmic's "GPT: …" says GPT.
    const typed = (type: string): PlanDisk["partitions"] =>
      disk().partitions.map((p) => ({ ...p, type }));
    for (const type of ["0fc63daf-8483-4772-8e79-3d69d8477de4", "GPT: Basic Data"]) {
      const [sure] = only(ending({ partitions: typed(type) }), "covers-gpt-backup");
      expect(sure?.message).not.toContain("does not say");
    }
    // An MBR type id or a logical partition says MBR; so does a disk with no partition listed.
    expect(codes(ending({ partitions: typed("0x83") }))).not.toContain("covers-gpt-backup");
    const logical = disk().partitions.map((p) => ({ ...p, flags: ["logical"] }));
    expect(codes(ending({ partitions: logical }))).not.toContain("covers-gpt-backup");
    expect(codes(ending({ partitions: [] }))).not.toContain("covers-gpt-backup");
    expect(codes(ending({ tableType: "dos" }))).not.toContain("covers-gpt-backup");
  });

  it("on a 4096-byte-sector GPT disk the backup is 5 logical sectors (40 VMDK sectors)", () => {
    expect(gptBackupSectors(512)).toBe(33n);
    expect(gptBackupSectors(4096)).toBe(40n);
    const gpt = disk({ tableType: "gpt", logicalSectorSize: 4096, partitions: [] });
    const ending = (end: bigint): Plan => plan([vm("a", [range(end - 20480n, 20480n)])], [gpt]);
    expect(codes(ending(DISK_SECTORS - 40n))).not.toContain("covers-gpt-backup");
    expect(codes(ending(DISK_SECTORS - 32n))).toContain("covers-gpt-backup");
  });

  it("warns about a partition covered only in part", () => {
    const p = plan([vm("a", [range(P1_START, P1_SECTORS - 2048n)])]);
    expectCodes(p, ["partial-partition"]);
    expect(checkPlan(p)[0]?.message).toContain(
      '"Disk #0, Partition #1" (125831168 +125829120) on "\\\\.\\PhysicalDrive0" is covered only in part, by VM "a" range 1 (125831168 +125827072)',
    );
    // A range reaching one sector into the next partition covers part of it.
    const spill = plan([vm("a", [range(P1_START, P1_SECTORS + 1n)])]);
    expect(only(spill, "partial-partition")[0]?.targets).toContainEqual({
      disk: "d0",
      partition: 2,
    });
  });

  it.each([
    [{ type: "EFI System" }, /EFI System partition/],
    [{ type: "GPT: System" }, /EFI System partition/],
    [{ type: "Microsoft reserved" }, /Microsoft reserved/],
    [{ type: "Linux swap" }, /swap/],
    [{ flags: ["boot"] }, /marked bootable/],
    [{ flags: ["boot-partition"] }, /boot partition/],
    // What the listing said the host does with it (Get-Partition, diskpart, lsblk, diskutil).
    [{ isBoot: true }, /operating system runs from it \(its boot volume\)/],
    [{ isSystem: true }, /the host's system partition/],
    [{ mountPoint: "C:" }, /drive letter C, so Windows has it mounted/],
    [{ mountPoint: "d:\\" }, /drive letter D, so Windows has it mounted/],
    [{ mountPoint: "/home, /var" }, /mounted at \/home, \/var/],
    [{ mountPoint: "[SWAP]" }, /uses it as swap/],
  ])("warns when a range covers a partition the host uses: %j", (more, reason) => {
    const d = disk({
      partitions: [partition(0, 2048n, 125829120n), partition(1, P1_START, P1_SECTORS, more)],
    });
    const [finding] = checkPlan(plan([vm("a", [range(P1_START, P1_SECTORS)])], [d]));
    expect(finding?.code).toBe("host-partition");
    expect(finding?.message).toMatch(reason);
  });

  it("does not warn for a partition the host has no special use for", () => {
    const d = disk({
      partitions: [
        partition(1, P1_START, P1_SECTORS, {
          type: "Linux filesystem",
          flags: ["primary"],
          isBoot: false,
          isSystem: false,
          mountPoint: " ",
        }),
      ],
    });
    expectCodes(plan([vm("a", [range(P1_START, P1_SECTORS)])], [d]), []);
  });

  it("treats the space between logical partitions of an extended one as boot records", () => {
    // Extended 1 GiB from sector 2048; logical partitions at 4096 +1024000 and 1030144 +1067008.
    const d = disk({
      partitions: [
        partition(0, 2048n, 2097152n, { flags: ["extended"] }),
        partition(4, 4096n, 1024000n, { flags: ["logical"] }),
        partition(5, 1030144n, 1069056n, { flags: ["logical"] }),
      ],
    });
    expectCodes(plan([vm("a", [range(4096n, 1024000n)])], [d]), []);
    const ebr = plan([vm("a", [range(1028096n, 2048n)])], [d]);
    expectCodes(ebr, ["covers-partition-table"]);
    expect(checkPlan(ebr)[0]?.message).toContain("boot records (EBRs)");
  });

  it("ranges on another spelling of a listed device cover its partitions all the same", () => {
    const listed = disk({
      device: "/dev/sda",
      partitions: [
        partition(0, 2048n, 204800n, { type: "EFI System" }),
        partition(1, 206848n, 2048000n, { mountPoint: "/", isBoot: true }),
      ],
    });
    const alias = disk({ id: "d1", device: "/dev//sda", partitions: [] });
    const on = (start: bigint, sectors: bigint): Plan =>
      plan([vm("a", [range(start, sectors, "RW", "d1")])], [listed, alias]);
    const efi = checkPlan(on(2048n, 204800n));
    const [host] = efi.filter((f) => f.code === "host-partition");
    expect(host?.message).toContain("EFI System partition");
    expect(host?.targets).toContainEqual({ disk: "d0", partition: 0 });
    expect(codes(on(206848n, 2048n))).toContain("partial-partition");
    expect(codes(on(206848n, 2048000n))).toContain("host-partition");
  });

  it("ranges on another spelling of a device whose listing was rounded need it confirmed", () => {
    const rounded = disk({
      device: "/dev/sda",
      partitions: [partition(0, 2048n, 204800n, { exact: false })],
    });
    const alias = disk({ id: "d1", device: "/dev//sda", partitions: [] });
    const p = plan([vm("a", [range(206848n, 2048n, "RW", "d1")])], [rounded, alias]);
    const [found] = only(p, "inexact-unconfirmed");
    expect(found?.message).toContain('as "/dev//sda"');
    expect(found?.targets).toContainEqual({ disk: "d0", field: "exactConfirmed" });
    const confirmed = plan(p.vms, [{ ...rounded, exactConfirmed: true }, alias]);
    expect(codes(confirmed)).not.toContain("inexact-unconfirmed");
  });

  it("logical partitions listed without their extended partition still have EBRs between them", () => {
    const d = disk({
      partitions: [
        partition(0, 2048n, 204800n),
        partition(4, 208896n, 1024000n, { flags: ["logical"] }),
        partition(5, 1234944n, 1069056n, { flags: ["logical"] }),
      ],
    });
    const at = (start: bigint, sectors: bigint): Plan =>
      plan([vm("a", [range(start, sectors)])], [d]);
    expectCodes(at(208896n, 1024000n), []);
    // Between the two logical partitions: the second one's EBR.
    const between = at(1232896n, 2048n);
    expectCodes(between, ["covers-partition-table"]);
    const [found] = checkPlan(between);
    expect(found?.message).toContain("boot records (EBRs)");
    expect(found?.message).toContain("(not listed, but its logical partitions are)");
    // Before the first logical partition, after the primary one: the first EBR.
    expectCodes(at(206848n, 2048n), ["covers-partition-table"]);
    // After the last logical partition: free space.
    expectCodes(at(2304000n, 2048n), []);
  });

  it("warns about a gap between partitions of a wmic GPT listing (maybe Microsoft reserved)", () => {
    const wmic = (gap: bigint): PlanDisk =>
      disk({
        sizeBytes: null,
        partitions: [
          partition(0, 2048n, 204800n, { type: "GPT: System" }),
          partition(1, 206848n + gap, 2048000n, { type: "GPT: Basic Data" }),
        ],
      });
    const on = (gap: bigint): string[] =>
      codes(plan([vm("a", [range(204800n, 2048000n)])], [wmic(gap)]));
    expect(on(32768n)).toContain("covers-unlisted-gap");
    expect(on(2047n)).not.toContain("covers-unlisted-gap");
  });
});

describe("alignment", () => {
  it("warns when the start or the size is not a multiple of 1 MiB", () => {
    expectCodes(plan([vm("a", [free(0n, 2048n)])]), []);
    const [start] = checkPlan(plan([vm("a", [free(8n, 2048n)])]));
    expect(start?.code).toBe("not-aligned-1mib");
    expect(start?.severity).toBe("warning");
    expect(start?.message).toContain(
      "its start is 8 sectors past a 1 MiB boundary (nearest: 286720000 or 286722048)",
    );
    const [size] = checkPlan(plan([vm("a", [free(0n, 2056n)])]));
    expect(size?.message).toContain(
      "its size is 8 sectors more than a whole number of MiB (2048 or 4096 would be)",
    );
  });

  it("on a 4096-byte-sector disk, warns when the guest sees a range off by a non-multiple of 8", () => {
    const fourK = disk({ logicalSectorSize: 4096, partitions: [], sizeBytes: null });
    const withHead = (sectors: number): string[] =>
      codes(plan([vm("a", [free()], { head: { ...DEFAULT_HEAD, sectors } })], [fourK]));
    expect(withHead(2048)).toEqual(["disk-end-unknown"]);
    expect(withHead(2056)).toEqual(["disk-end-unknown"]);
    expect(withHead(2049)).toEqual(["disk-end-unknown", "guest-misaligned-4k"]);
  });
});

describe("partitions the host likely uses, by type, in any listing the readers read", () => {
  const reason = (type: string) =>
    hostUseReason({ number: 1, label: "", startByte: bytes(0n), sizeBytes: bytes(1n), type });

  it("knows fdisk's MBR rows by their id as well as their name", () => {
    expect(reason("82 Linux swap / Solaris")).toMatch(/swap partition/);
    expect(reason("ef EFI (FAT-12/16/32)")).toMatch(/EFI System partition/);
    expect(reason("27 Hidden NTFS WinRE")).toMatch(/recovery partition/);
    expect(reason("82 Linux своп / Solaris")).toMatch(/swap partition/);
    expect(reason("83 Linux")).toBeNull();
    expect(reason("7 HPFS/NTFS/exFAT")).toBeNull();
  });

  it("knows the host's types by the names FreeBSD's gpart, macOS's diskutil and NetBSD's gpt give them", () => {
    const cases: [RegExp, string[]][] = [
      [/EFI System partition/, ["efi", "EFI"]],
      [/Microsoft reserved partition/, ["ms-reserved"]],
      [/recovery partition/, ["ms-recovery", "Windows Recovery"]],
      [/swap partition/, ["freebsd-swap", "linux-swap", "Linux_Swap", "NetBSD swap"]],
      [/BIOS boot/, ["bios-boot"]],
      [/FreeBSD boot partition/, ["freebsd-boot", "83bd6b9d-7f41-11dc-be0b-001560b84f0f"]],
      [
        /macOS partition/,
        [
          "Apple_APFS",
          "Apple_APFS_ISC",
          "Apple_APFS_Recovery",
          "Apple_HFS",
          "Apple_Boot",
          "Apple_CoreStorage",
          "apple-apfs",
          "7C3457EF-0000-11AA-AA11-00306543ECAC",
        ],
      ],
    ];
    for (const [why, names] of cases) {
      for (const name of names) expect(reason(name), name).toMatch(why);
    }
    expect(reason("freebsd-ufs")).toBeNull();
    expect(reason("ms-basic-data")).toBeNull();
  });

  it("knows the host's types by the names localized fdisk gives them", () => {
    const cases: [RegExp, string[]][] = [
      [
        /EFI System partition/,
        [
          "Sistema EFI",
          "Système EFI",
          "EFI-System",
          "System EFI",
          "EFI",
          "Система EFI",
          "EFI-systeem",
          "EFI 系统",
        ],
      ],
      [
        /Microsoft reserved partition/,
        [
          "Reservado para Microsoft",
          "Microsoft reservado",
          "Зарезервированный раздел Microsoft",
          "Microsoft - zarezerwowana",
          "Microsoft, зарезервований",
          "Microsoft gereserveerd",
          "Microsoft 保留",
        ],
      ],
      [
        /swap partition/,
        [
          "Linux своп",
          "Linux wisselgeheugen",
          "Partition d'échange Linux",
          "Linux - wymiany",
          "Linux Swap",
        ],
      ],
    ];
    for (const [why, names] of cases) {
      for (const name of names) expect(reason(name), name).toMatch(why);
    }
    expect(reason("Raíz de Linux (x86-64)")).toMatch(/Linux root or boot/);
    expect(reason("Entorno de recuperación de Windows")).toMatch(/recovery partition/);
    expect(reason("BIOS 启动")).toMatch(/BIOS boot/);
    expect(reason("Microsoft 基本数据")).toBeNull();
  });

  it("finds them in every localized fdisk fixture: the EFI System and swap partitions of workstation.img", () => {
    const dir = new URL("../../../test-fixtures/fdisk/", import.meta.url);
    const files = readdirSync(dir).filter((f) => /^localized-.*\.fdisk\.txt$/.test(f));
    expect(files.length).toBeGreaterThanOrEqual(12);
    for (const file of files) {
      const result = parseListing(new Uint8Array(readFileSync(new URL(file, dir))));
      if (!result.ok) throw new Error(`${file}: ${result.error}`);
      const workstation = result.disks.find((d) => d.device === "workstation.img");
      const used = (workstation?.partitions ?? []).map((p) =>
        hostUseReason({ ...p, startByte: bytes(0n), sizeBytes: bytes(1n) }) ? p.number : null,
      );
      // 1: EFI System, 2: Microsoft reserved, 5: Linux swap.
      expect(used, file).toEqual([1, 2, null, null, 5]);
    }
  });

  it("finds them by their flags in every localized parted fixture, in English or not", () => {
    const dir = new URL("../../../test-fixtures/", import.meta.url);
    const files = ["parted", "parted-machine"].flatMap((format) =>
      readdirSync(new URL(format, dir))
        .filter((f) => /^localized-.*\.txt$/.test(f))
        .map((f) => `${format}/${f}`),
    );
    expect(files.length).toBeGreaterThanOrEqual(42);
    files.push("parted/gpt-unit-s.txt", "parted/dos-free.txt");
    for (const file of files) {
      const result = parseListing(new Uint8Array(readFileSync(new URL(file, dir))));
      if (!result.ok) throw new Error(`${file}: ${result.error}`);
      const reasons = (device: string) =>
        result.disks
          .find((d) => d.device === device)
          ?.partitions.map((p) => {
            const why = hostUseReason({ ...p, startByte: bytes(0n), sizeBytes: bytes(1n) });
            return why === null ? null : `${p.number}: ${why.slice(0, why.indexOf(":"))}`;
          });
      // gpt.img: 1 boot+esp, 2 msftres, 3 none, 4 msftdata. dos.img: 1 boot, 6 swap.
      if (file !== "parted/dos-free.txt") {
        expect(reasons("/dev/sdb"), file).toEqual([
          "1: it is marked bootable",
          "2: it is flagged Microsoft reserved",
          null,
          null,
        ]);
      }
      if (file !== "parted/gpt-unit-s.txt") {
        expect(reasons("/dev/sdc"), file).toEqual([
          "1: it is marked bootable",
          null,
          null,
          null,
          "6: it is flagged as swap",
        ]);
      }
    }
  });

  it("still finds them by their flags when a copy collapsed parted's blanks (a web page)", () => {
    const dir = new URL("../../../test-fixtures/parted/", import.meta.url);
    const files = readdirSync(dir).filter((f) =>
      /^(localized-.*-unit-s|gpt-unit-s|dos-unit-s)\.txt$/.test(f),
    );
    expect(files.length).toBeGreaterThanOrEqual(16);
    for (const file of files) {
      const collapsed = collapseBlanks(readFileSync(new URL(file, dir), "utf8"));
      const result = parseListing(collapsed);
      if (!result.ok) throw new Error(`${file}: ${result.error}`);
      const found = result.disks.flatMap((d) =>
        d.partitions
          .filter((p) => hostUseReason({ ...p, startByte: bytes(0n), sizeBytes: bytes(1n) }))
          .map((p) => `${d.device ?? "?"} ${p.number}`),
      );
      const expected = {
        "/dev/sdb": ["/dev/sdb 1", "/dev/sdb 2"],
        "/dev/sdc": ["/dev/sdc 1", "/dev/sdc 6"],
      };
      const devices = result.disks.map((d) => d.device ?? "?");
      expect(found, file).toEqual(
        devices.flatMap((d) => expected[d as keyof typeof expected] ?? []),
      );
      expect(devices.length, file).toBeGreaterThan(0);
    }
  });
});

describe("a degraded copy of a listing keeps its host-partition warnings", () => {
  const root = new URL("../../../test-fixtures/", import.meta.url);
  const fixtures = readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) =>
      readdirSync(new URL(`${d.name}/`, root))
        .filter((f) => f.endsWith(".txt"))
        .map((f) => `${d.name}/${f}`),
    );
  /** "disk start" of each partition read exactly, and of those the host likely uses. */
  const read = (text: string) => {
    const result = parseListing(text);
    const exact = new Set<string>();
    const used = new Set<string>();
    if (result.ok) {
      result.disks.forEach((d, i) => {
        for (const p of d.partitions) {
          if (!p.exact) continue;
          exact.add(`${i} ${p.startByte}`);
          if (hostUseReason({ ...p, startByte: bytes(0n), sizeBytes: bytes(1n) }))
            used.add(`${i} ${p.startByte}`);
        }
      });
    }
    return { exact, used };
  };
  const copies: Record<string, (text: string) => string> = {
    "wrapped by an 80-column console": (t) => consoleWrap(t, 80),
    "with its blanks collapsed": collapseBlanks,
  };
  // Known gap: fdisk's custom columns `-o … Type Name` cannot be told apart once their blanks
  // are gone (`EFI System EFI system partition`).
  const knownGaps = new Set(["with its blanks collapsed fdisk-variants/gpt-o-no-size.txt"]);

  it.each(Object.keys(copies))(
    "%s: every partition still read exactly keeps its warning",
    (kind) => {
      let checked = 0;
      for (const file of fixtures) {
        const text = readFileSync(new URL(file, root), "utf8");
        const original = read(text);
        if (original.used.size === 0) continue;
        checked++;
        const copy = read((copies[kind] as (t: string) => string)(text));
        const lost = [...original.used].filter((k) => copy.exact.has(k) && !copy.used.has(k));
        if (knownGaps.has(`${kind} ${file}`)) expect(lost.length, file).toBeGreaterThan(0);
        else expect(lost, `${file}: read exactly, but no longer seen as the host's`).toEqual([]);
      }
      expect(checked).toBeGreaterThan(80);
    },
  );
});
