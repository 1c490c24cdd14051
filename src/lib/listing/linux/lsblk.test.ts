import { describe, expect, it } from "vitest";
import { parseListing } from "../index.ts";

const parse = (text: string) => {
  const result = parseListing(text);
  if (!result.ok) throw new Error(result.error);
  expect(result.format).toBe("lsblk");
  return result;
};
const summary = (text: string) =>
  parse(text).disks.map((d) => ({
    device: d.device,
    size: d.sizeBytes,
    parts: d.partitions.map((p) => [p.label, p.startByte, p.sizeBytes, p.name ?? null]),
  }));

describe("lsblk's output modes", () => {
  it("raw (-r): one space between values, empty values, spaces written \\x20", () => {
    const raw = [
      "NAME START SIZE LOG-SEC TYPE PARTLABEL",
      "nvme0n1  512110190592 512 disk ",
      "nvme0n1p1 2048 104857600 512 part EFI\\x20system\\x20partition",
      "nvme0n1p2 206848 16777216 512 part ",
    ].join("\n");
    expect(summary(raw)).toEqual([
      {
        device: "/dev/nvme0n1",
        size: 512110190592n,
        parts: [
          ["/dev/nvme0n1p1", 1048576n, 104857600n, "EFI system partition"],
          ["/dev/nvme0n1p2", 105906176n, 16777216n, null],
        ],
      },
    ]);
  });

  it("pairs (-P): an LVM volume or a crypt mapping on a partition is neither disk nor partition", () => {
    const pairs = [
      'NAME="sda" START="" SIZE="500107862016" LOG-SEC="512" TYPE="disk"',
      'NAME="sda1" START="2048" SIZE="536870912" LOG-SEC="512" TYPE="part"',
      'NAME="sda2" START="1050624" SIZE="499569819648" LOG-SEC="512" TYPE="part"',
      'NAME="sda2_crypt" START="" SIZE="499553042432" LOG-SEC="512" TYPE="crypt"',
      'NAME="vg-root" START="" SIZE="499553042432" LOG-SEC="512" TYPE="lvm"',
      'NAME="sdb" START="" SIZE="8589934592" LOG-SEC="4096" TYPE="disk"',
    ].join("\n");
    const disks = parse(pairs).disks;
    expect(disks.map((d) => [d.device, d.logicalSectorSize, d.partitions.length])).toEqual([
      ["/dev/sda", 512, 2],
      ["/dev/sdb", 4096, 0],
    ]);
  });

  it("list (-l) without TYPE: a partition is told by its disk's name", () => {
    const list = [
      "NAME      START         SIZE LOG-SEC",
      "nvme0n1             512110190592     512",
      "nvme0n1p1  2048    104857600     512",
      "sda                  8589934592     512",
    ].join("\n");
    expect(summary(list).map((d) => [d.device, d.parts.length])).toEqual([
      ["/dev/nvme0n1", 1],
      ["/dev/sda", 0],
    ]);
  });

  it("JSON (-J): partitions nested in children, numbers past 2^53 exact, mount points as a list", () => {
    const json = JSON.stringify(
      {
        blockdevices: [
          {
            name: "sdz",
            start: null,
            size: 0,
            "log-sec": 512,
            type: "disk",
            children: [
              {
                name: "sdz1",
                start: 2048,
                size: 0,
                "log-sec": 512,
                type: "part",
                mountpoints: [null, "/boot/efi"],
              },
            ],
          },
        ],
      },
      null,
      3,
    )
      // 2^53 + 1 bytes and more: JSON.parse alone would round them.
      .replace('"size": 0', '"size": 18014398509481984')
      .replace('"size": 0', '"size": 9007199254740993');
    const disk = parse(json).disks[0];
    expect(disk?.sizeBytes).toBe(18014398509481984n);
    expect(disk?.partitions[0]?.sizeBytes).toBe(9007199254740993n);
    expect(disk?.partitions[0]?.mountPoint).toBe("/boot/efi");
    expect(parse(json).notes).toEqual([]);
  });
});

// util-linux 2.37+ MOUNTPOINTS: a btrfs partition mounted at `/home` and `/` (Fedora's default)
// shows its second mount point on a line of its own, an array in -J, `\x0a` in -P and -r. The
// root mount must not be lost: it tells the host check that the partition is the running system.
describe("a partition mounted in several places (MOUNTPOINTS)", () => {
  const root = (text: string) =>
    parse(text).disks.flatMap((d) =>
      d.partitions.map((p) => [p.label, p.mountPoint ?? null, p.isBoot ?? false]),
    );
  const expected = [
    ["/dev/nvme0n1p1", "/boot/efi", true],
    ["/dev/nvme0n1p3", "/home, /", true],
  ];

  it("tree: the further mount point on its own line, under the column", () => {
    const tree = [
      "NAME        START         SIZE TYPE MOUNTPOINTS",
      "nvme0n1           512110190592 disk ",
      "├─nvme0n1p1  2048    629145600 part /boot/efi",
      "└─nvme0n1p3 3328000 510405672960 part /home",
      "                                    /",
    ].join("\n");
    expect(root(tree)).toEqual(expected);
    expect(parse(tree).notes).toEqual([]);
  });

  it("JSON: every entry of the mountpoints array", () => {
    const json = JSON.stringify({
      blockdevices: [
        {
          name: "nvme0n1",
          start: null,
          size: 512110190592,
          type: "disk",
          mountpoints: [null],
          children: [
            {
              name: "nvme0n1p1",
              start: 2048,
              size: 629145600,
              type: "part",
              mountpoints: ["/boot/efi"],
            },
            {
              name: "nvme0n1p3",
              start: 3328000,
              size: 510405672960,
              type: "part",
              mountpoints: ["/home", "/"],
            },
          ],
        },
      ],
    });
    expect(root(json)).toEqual(expected);
  });

  it("pairs: the mount points joined by an escaped newline", () => {
    const pairs = [
      'NAME="nvme0n1" START="" SIZE="512110190592" TYPE="disk" MOUNTPOINTS=""',
      'NAME="nvme0n1p1" START="2048" SIZE="629145600" TYPE="part" MOUNTPOINTS="/boot/efi"',
      'NAME="nvme0n1p3" START="3328000" SIZE="510405672960" TYPE="part" MOUNTPOINTS="/home\\x0a/"',
    ].join("\n");
    expect(root(pairs)).toEqual(expected);
  });
});

// The host uses a partition where it mounts what lies on it: an LVM volume, a crypt mapping.
describe("mount points of the devices on a partition count as the partition's", () => {
  const mounts = (text: string) =>
    parse(text).disks.flatMap((d) =>
      d.partitions.map((p) => [p.label, p.mountPoint ?? null, p.isBoot ?? false]),
    );

  it("tree: LVM volumes under sda2 on /, swap and /home; the next disk's partition has none", () => {
    const tree = [
      "NAME                START          SIZE LOG-SEC TYPE FSTYPE      MOUNTPOINT",
      "sda                        500107862016     512 disk",
      "├─sda1               2048    1073741824     512 part xfs         /boot",
      "└─sda2            2099200  499033071616     512 part LVM2_member",
      "  ├─centos-root             53687091200     512 lvm  xfs         /",
      "  ├─centos-swap              8455716864     512 lvm  swap        [SWAP]",
      "  └─centos-home            436888764416     512 lvm  xfs         /home",
      "sdb                       2000398934016     512 disk",
      "└─sdb1               2048 2000397868544     512 part ntfs",
    ].join("\n");
    expect(mounts(tree)).toEqual([
      ["/dev/sda1", "/boot", true],
      ["/dev/sda2", "/ (centos-root), [SWAP] (centos-swap), /home (centos-home)", true],
      ["/dev/sdb1", null, false],
    ]);
  });

  it("pairs: a crypt mapping and the LVM volume in it, listed after their partition", () => {
    const pairs = [
      'NAME="sda" START="" SIZE="500107862016" TYPE="disk" MOUNTPOINT=""',
      'NAME="sda1" START="2048" SIZE="536870912" TYPE="part" MOUNTPOINT="/boot/efi"',
      'NAME="sda2" START="1050624" SIZE="499569819648" TYPE="part" MOUNTPOINT=""',
      'NAME="sda2_crypt" START="" SIZE="499553042432" TYPE="crypt" MOUNTPOINT=""',
      'NAME="vg-home" START="" SIZE="499553042432" TYPE="lvm" MOUNTPOINT="/home"',
      'NAME="sdb" START="" SIZE="8589934592" TYPE="disk" MOUNTPOINT=""',
      'NAME="vg2-data" START="" SIZE="8589934592" TYPE="lvm" MOUNTPOINT="/data"',
    ].join("\n");
    // /home is not where the host runs from; sdb is a physical volume without partitions.
    expect(mounts(pairs)).toEqual([
      ["/dev/sda1", "/boot/efi", true],
      ["/dev/sda2", "/home (vg-home)", false],
    ]);
  });
});

describe("the tree drawn without UTF-8 (`|-` and `` `- ``)", () => {
  it("leaves no tree character in a partition's name", () => {
    const ascii = [
      "NAME         START          SIZE TYPE",
      "sdb                   8589934592 disk",
      "`-sdb1        2048    8588886016 part",
      "nvme0n1             512110190592 disk",
      "|-nvme0n1p1   2048     536870912 part",
      "`-nvme0n1p2 1050624 511571132416 part",
    ].join("\n");
    expect(
      parse(ascii).disks.map((d) => [d.device, d.partitions.map((p) => [p.label, p.number])]),
    ).toEqual([
      ["/dev/sdb", [["/dev/sdb1", 1]]],
      [
        "/dev/nvme0n1",
        [
          ["/dev/nvme0n1p1", 1],
          ["/dev/nvme0n1p2", 2],
        ],
      ],
    ]);
  });
});

// A disk used whole, with no partition table: an LVM physical volume whose volume is mounted,
// a file system made on the whole disk. lsblk shows it on the disk's own row (FSTYPE) or as a
// device right under the disk (our numbers, lsblk 2.38's column layout; FSTYPE comes from
// udev, so it is empty where udev does not run).
describe("lsblk: a disk used whole, without partitions", () => {
  const listing = [
    "NAME     START         SIZE FSTYPE      TYPE MOUNTPOINTS",
    "sda            500107862016             disk ",
    "├─sda1    2048    536870912 vfat        part /boot/efi",
    "└─sda2 1050624 499569311744 ext4        part /",
    "sdb              8589934592 LVM2_member disk ",
    "└─vg1-data       8585740288 xfs         lvm  /data",
    "sdc             16000000000 ext4        disk ",
    "sdd             16000000000             disk ",
  ].join("\n");

  it("is not shown: none of it is free; a disk with nothing on it stays, with a note", () => {
    const result = parseListing(listing);
    if (!result.ok) throw new Error(result.error);
    expect(result.disks.map((d) => d.device)).toEqual(["/dev/sda", "/dev/sdd"]);
    expect(result.notes.filter((n) => n.important).map((n) => [n.line, n.text])).toEqual([
      [
        5,
        "Not shown: /dev/sdb has no partition, but lsblk shows LVM2_member, lvm vg1-data on the whole disk, mounted at /data: none of it is free.",
      ],
      [
        7,
        "Not shown: /dev/sdc has no partition, but lsblk shows ext4 on the whole disk: none of it is free.",
      ],
      [8, expect.stringMatching(/^\/dev\/sdd: no partition and no partition table are listed\./)],
    ]);
  });
});
