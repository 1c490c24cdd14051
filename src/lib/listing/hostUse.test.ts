/**
 * Mixed pastes: `sudo fdisk -l` (or parted) with another tool's mount points or swap use.
 * The listing's numbers are the only ones read; the other tool's host use reaches its
 * partitions by device name (hostUse.ts).
 *
 * test-fixtures/mixed/: fdisk-l.txt and parted-unit-s.txt are real output (util-linux 2.38.1,
 * parted 3.5) of one image renamed /dev/sda; findmnt.txt and findmnt-l.txt are real findmnt
 * 2.38.1 output of mountinfo.source (`findmnt --tab-file`). Nothing can be mounted here, so
 * lsblk, df, mount, /proc/mounts, swapon and /proc/swaps are written in the column shapes those
 * tools print (util-linux 2.38's lsblk default, -f and -o columns and headers as printed on
 * this machine, coreutils df -h, mount's `DEV on DIR type FS (OPTS)`, the kernel's
 * /proc/mounts and /proc/swaps): see test-fixtures/mixed/README.md.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseListing } from "./index.ts";
import { FIXTURES_ROOT } from "./toolFixtures.testkit.ts";
import type { ListingDisk, ListingResult } from "./types.ts";
import { planFromListing } from "../plan/fromListing.ts";
import { hostUseReason } from "../check/hostAreas.ts";

const fixture = (name: string) => readFileSync(join(FIXTURES_ROOT, "mixed", name), "utf8");

/** The disks without what the host does with them (or the line they began at): the numbers. */
const numbersOnly = (result: ListingResult): Omit<ListingDisk, "line">[] => {
  if (!result.ok) throw new Error(result.error);
  return result.disks.map(({ line: _line, ...d }) => ({
    ...d,
    partitions: d.partitions.map(({ mountPoint: _m, isBoot: _b, ...rest }) => rest),
  }));
};

const mounts = (result: ListingResult) => {
  if (!result.ok) throw new Error(result.error);
  return result.disks.flatMap((d) =>
    d.partitions.map((p) => [p.label, p.mountPoint ?? null, p.isBoot ?? false]),
  );
};

const ALL = [
  ["/dev/sda1", "/boot/efi", true],
  ["/dev/sda2", "/", true],
  ["/dev/sda3", "[SWAP]", false],
  ["/dev/sda4", "/home", false],
];
const NO_SWAP = ALL.map((r) => (r[0] === "/dev/sda3" ? ["/dev/sda3", null, false] : r));
const SWAP_ONLY = ALL.map((r) => (r[0] === "/dev/sda3" ? r : [r[0], null, false]));

const CASES: [string, string, unknown[][]][] = [
  ["lsblk.txt", "lsblk", ALL],
  ["lsblk-f.txt", "lsblk", ALL],
  ["lsblk-o-name-mountpoint.txt", "lsblk", ALL],
  ["df-h.txt", "df", NO_SWAP],
  ["findmnt.txt", "findmnt", NO_SWAP],
  ["findmnt-l.txt", "findmnt", NO_SWAP],
  ["mount.txt", "mount", NO_SWAP],
  ["proc-mounts.txt", "/proc/mounts", NO_SWAP],
  ["swapon-show.txt", "swapon", SWAP_ONLY],
  ["proc-swaps.txt", "/proc/swaps", SWAP_ONLY],
];

describe("fdisk -l pasted with another tool's mount points", () => {
  const alone = parseListing(fixture("fdisk-l.txt"));
  it("fdisk alone knows no mount point", () => {
    expect(mounts(alone).every(([, m]) => m === null)).toBe(true);
  });

  for (const [file, tool, expected] of CASES) {
    for (const order of ["after", "before"] as const) {
      it(`${file} ${order} fdisk: mount points by device name, numbers fdisk's alone`, () => {
        const text =
          order === "after"
            ? `${fixture("fdisk-l.txt")}\n${fixture(file)}`
            : `${fixture(file)}\n${fixture("fdisk-l.txt")}`;
        const result = parseListing(text);
        if (!result.ok) throw new Error(result.error);
        expect(result.format).toBe("fdisk");
        expect(numbersOnly(result)).toEqual(numbersOnly(alone));
        expect(mounts(result)).toEqual(expected);
        const note = result.notes.find((n) => /^Mount points and swap use/.test(n.text));
        expect(note?.text).toContain(`from the ${tool} output`);
        expect(note?.text).toContain("matched to the fdisk partitions by device name");
      });
    }
  }

  it("parted's partitions get them too (named by disk and number)", () => {
    const result = parseListing(`${fixture("parted-unit-s.txt")}\n${fixture("df-h.txt")}`);
    if (!result.ok) throw new Error(result.error);
    expect(result.format).toBe("parted");
    expect(mounts(result)).toEqual(NO_SWAP);
  });

  it("a volume on a partition (LVM under lsblk's tree) marks the partition", () => {
    const lsblk = [
      "NAME           MAJ:MIN RM  SIZE RO TYPE MOUNTPOINTS",
      "sda              8:0    0    1G  0 disk ",
      "├─sda1           8:1    0  512M  0 part /boot/efi",
      "├─sda2           8:2    0  410M  0 part ",
      "│ └─vg0-root   253:0    0  400M  0 lvm  /",
      "├─sda3           8:3    0   64M  0 part [SWAP]",
      "└─sda4           8:4    0 36.6M  0 part ",
    ].join("\n");
    const result = parseListing(`${fixture("fdisk-l.txt")}\n${lsblk}\n`);
    expect(mounts(result)).toEqual([
      ["/dev/sda1", "/boot/efi", true],
      ["/dev/sda2", "/", true],
      ["/dev/sda3", "[SWAP]", false],
      ["/dev/sda4", null, false],
    ]);
  });

  it("a mounted partition of a listed disk that the listing lacks: an important note", () => {
    const df = `${fixture("df-h.txt")}/dev/sda5        20G  1.0G   18G   6% /srv\n`;
    const result = parseListing(`${fixture("fdisk-l.txt")}\n${df}`);
    if (!result.ok) throw new Error(result.error);
    const note = result.notes.find((n) => /no such partition/.test(n.text));
    expect(note?.important).toBe(true);
    expect(note?.text).toContain("/dev/sda5 (/srv)");
  });

  it("a partition's own mount point (lsblk with START) is kept", () => {
    const lsblk = [
      "NAME   START      SIZE TYPE MOUNTPOINT",
      "sda           1073741824 disk ",
      "└─sda1  2048  536870912 part /data",
    ].join("\n");
    const result = parseListing(`${lsblk}\n\n/dev/sda1 on /other type ext4 (rw)\n`);
    if (!result.ok) throw new Error(result.error);
    expect(result.format).toBe("lsblk");
    expect(mounts(result)).toEqual([["/dev/sda1", "/data", false]]);
  });

  it("the host check now says /dev/sda4 is mounted, where fdisk alone gave no reason", () => {
    const reason = (text: string) => {
      const planned = planFromListing(parseListing(text), "host");
      if (!planned.ok) throw new Error(planned.error);
      const p = planned.plan.disks[0]?.partitions.find((x) => x.label === "/dev/sda4");
      if (!p) throw new Error("no /dev/sda4");
      return hostUseReason(p);
    };
    expect(reason(fixture("fdisk-l.txt"))).toBeNull();
    expect(reason(`${fixture("fdisk-l.txt")}\n${fixture("lsblk.txt")}`)).toContain("/home");
  });

  it("mount lines: a directory with blanks, and the BSD/macOS form without `type`", () => {
    const mount = [
      "/dev/sda4 on /mnt/my data type ext4 (rw,relatime)",
      "/dev/sda1 on /boot/efi (msdos, local, noowners)",
    ].join("\n");
    const result = parseListing(`${fixture("fdisk-l.txt")}\n${mount}\n`);
    expect(mounts(result)).toEqual([
      ["/dev/sda1", "/boot/efi", true],
      ["/dev/sda2", null, false],
      ["/dev/sda3", null, false],
      ["/dev/sda4", "/mnt/my data", false],
    ]);
  });
});

describe("a disk listed without partitions that another tool shows in use as a whole", () => {
  // fdisk -l of two disks, the second with a file system made on all of it (fdisk prints only
  // its disk lines), then df (coreutils 9.1's shape, our numbers).
  const listing = `Disk /dev/sda: 300 MiB, 314572800 bytes, 614400 sectors
Units: sectors of 1 * 512 = 512 bytes
Sector size (logical/physical): 512 bytes / 512 bytes
I/O size (minimum/optimal): 512 bytes / 512 bytes
Disklabel type: dos
Disk identifier: 0x1a2b3c4d

Device     Boot Start    End Sectors  Size Id Type
/dev/sda1        2048 614399  612352  299M 83 Linux

Disk /dev/sdc: 64 MiB, 67108864 bytes, 131072 sectors
Units: sectors of 1 * 512 = 512 bytes
Sector size (logical/physical): 512 bytes / 512 bytes
I/O size (minimum/optimal): 512 bytes / 512 bytes

$ df -h
Filesystem      Size  Used Avail Use% Mounted on
/dev/sda1       290M   14K  270M   1% /
/dev/sdc         58M   14K   53M   1% /mnt/data
`;

  it("is not shown: none of it is free", () => {
    const result = parseListing(listing);
    if (!result.ok) throw new Error(result.error);
    expect(result.disks.map((d) => d.device)).toEqual(["/dev/sda"]);
    expect(result.notes.find((n) => n.important)).toEqual({
      line: 19,
      important: true,
      text: "Not shown: /dev/sdc has no partition, but the df output in this paste shows it in use as a whole (on /mnt/data): none of it is free.",
    });
    expect(result.disks[0]?.partitions[0]?.mountPoint).toBe("/");
  });
});
