import { describe, expect, it } from "vitest";
import { parseListing } from "../index.ts";

// Hand-written: this container cannot scan a loop device's partitions, so no real sysfs tree
// was at hand. The shapes are the commands' documented ones: grep given several files prints
// `FILE:LINE`, head prints `==> FILE <==` over each file, and the kernel prints each attribute
// as one decimal and a newline (block/partitions/core.c, part_start_show / part_size_show).
const read = (text: string) => {
  const result = parseListing(text);
  if (!result.ok) throw new Error(result.error);
  expect(result.format).toBe("sysfs");
  return result;
};
const numbers = (text: string) =>
  read(text).disks.map((d) => [
    d.device,
    d.partitions.map((p) => [p.number, p.label, p.startByte, p.sizeBytes, p.exact]),
  ]);

describe("/sys/block start and size files", () => {
  it("grep . …/start …/size: 512-byte units, exact bytes", () => {
    const text = `$ grep . /sys/block/sda/sda*/start /sys/block/sda/sda*/size
/sys/block/sda/sda1/start:2048
/sys/block/sda/sda2/start:1050624
/sys/block/sda/sda1/size:1048576
/sys/block/sda/sda2/size:975720448
`;
    expect(numbers(text)).toEqual([
      [
        "/dev/sda",
        [
          [1, "/dev/sda1", 1048576n, 536870912n, true],
          [2, "/dev/sda2", 537919488n, 499568869376n, true],
        ],
      ],
    ]);
  });

  it("a 4096-byte disk: still 512-byte units, with the disk's size and a note", () => {
    const text = `/sys/block/nvme0n1/queue/logical_block_size:4096
/sys/block/nvme0n1/size:3907029168
/sys/block/nvme0n1/nvme0n1p1/start:2048
/sys/block/nvme0n1/nvme0n1p1/size:1048576
`;
    const result = read(text);
    const disk = result.disks[0];
    expect(disk?.device).toBe("/dev/nvme0n1");
    expect(disk?.logicalSectorSize).toBe(4096);
    expect(disk?.sizeBytes).toBe(3907029168n * 512n);
    expect(disk?.partitions[0]?.startByte).toBe(1048576n);
    expect(disk?.partitions[0]?.number).toBe(1);
    expect(result.notes.map((n) => n.text).join(" ")).toMatch(/512-byte units on every disk/);
  });

  it("head and cat outputs, /sys/class/block paths named by the kernel's rule", () => {
    const text = `==> /sys/class/block/mmcblk0p1/start <==
8192

==> /sys/class/block/mmcblk0p1/size <==
524288
pi@raspberrypi:~ $ cat /sys/class/block/mmcblk0p2/start
532480
pi@raspberrypi:~ $ cat /sys/class/block/mmcblk0p2/size
61800448
`;
    expect(numbers(text)).toEqual([
      [
        "/dev/mmcblk0",
        [
          [1, "/dev/mmcblk0p1", 8192n * 512n, 524288n * 512n, true],
          [2, "/dev/mmcblk0p2", 532480n * 512n, 61800448n * 512n, true],
        ],
      ],
    ]);
  });

  it("a partition whose size is missing keeps its start, not exact, with a note", () => {
    const result = read(
      "/sys/block/sdb/sdb1/start:2048\n/sys/block/sdb/sdb2/start:4096\n/sys/block/sdb/sdb2/size:100\n",
    );
    const p = result.disks[0]?.partitions[0];
    expect([p?.startByte, p?.sizeBytes, p?.exact]).toEqual([1048576n, null, false]);
    expect(
      result.notes.some((n) => n.important && /size file is not in the paste/.test(n.text)),
    ).toBe(true);
  });

  it("a loop's `PATH N N` lines: read in the order its pasted command line gives", () => {
    const text = `$ for p in /sys/block/sda/sda*; do echo $p $(cat $p/size) $(cat $p/start); done
/sys/block/sda/sda1 1048576 2048
/sys/block/sda/sda2 975720448 1050624
`;
    expect(numbers(text)[0]?.[1]).toEqual([
      [1, "/dev/sda1", 1048576n, 536870912n, true],
      [2, "/dev/sda2", 537919488n, 499568869376n, true],
    ]);
  });

  it("a loop's lines without the command line: refused, naming the grep command", () => {
    const result = parseListing(
      "/sys/block/sda/sda1 2048 1048576\n/sys/block/sda/sda2 1050624 975720448\n",
    );
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/grep \. \/sys\/block\/sda\/sda\*\/start/);
  });

  it("one file with two values (two runs pasted together): refused", () => {
    const result = parseListing(
      "/sys/block/sda/sda1/start:2048\n/sys/block/sda/sda1/size:10\n/sys/block/sda/sda1/start:4096\n",
    );
    expect(result.ok).toBe(false);
  });
});
