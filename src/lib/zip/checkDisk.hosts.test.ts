/**
 * check-disk.sh on macOS and FreeBSD, against stand-in tools on PATH (uname says which system),
 * run under bash and under busybox sh. The stand-ins print what the real tools print, in the
 * formats their sources and documentation give:
 *
 * - FreeBSD `diskinfo DEV`: name, sector size, media size in bytes, in sectors, … tab-separated;
 *   `diskinfo -v DEV` ends with "<ident>\t# Disk ident." (usr.sbin/diskinfo/diskinfo.c).
 * - FreeBSD `gpart list GEOM`: "Geom name:", the table's settings, "Providers:", then per
 *   partition "N. Name: ada1p1" and indented "Mediasize:", "Sectorsize:", "Mode: r0w0e0" and its
 *   settings (sbin/geom/core/geom.c list_one_provider), which for a partition are start, end,
 *   index, type, offset, length and the scheme's own (sys/geom/part/g_part.c g_part_dumpconf;
 *   listed last-first, as libgeom keeps them); then "Consumers:" with the disk and its Mode.
 * - FreeBSD `mount` ("/dev/ada0p2 on / (ufs, local)"), `mount -p` (fstab lines), and
 *   `zpool status -P` (the pool's devices by full path).
 * - macOS `gpt -r show DEV`: columns start, size, index, contents; partitions are the rows with
 *   an index ("GPT part - <type GUID>"), as in the gpt(8) source and published outputs.
 * - macOS `diskutil info`: "Disk Size: … (N Bytes) …", and for / "Part of Whole:" and, on APFS,
 *   "APFS Physical Store: disk0s2"; `diskutil list`: "/dev/disk5 (synthesized):" with a
 *   "Physical Store disk4s2" line under an APFS container; `mount`: "/dev/disk4s1 on /Volumes/…".
 */
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { bytes, vmdkSectors } from "../units.ts";
import { DEFAULT_HEAD, PLAN_FORMAT, PLAN_VERSION, type Plan } from "../plan/types.ts";
import { planFiles } from "./files.ts";
import { shQuote } from "./shellQuote.ts";

const has = (tool: string) => spawnSync("sh", ["-c", `command -v ${tool}`]).status === 0;
const shells = [...(has("bash") ? [["bash"]] : []), ...(has("busybox") ? [["busybox", "sh"]] : [])];
for (const shell of ["bash", "busybox"].filter((s) => !has(s)))
  console.warn(
    `check-disk.sh host tests under ${shell} skipped: ${shell} is not installed (scripts/setup-tests.sh installs it)`,
  );

const work = mkdtempSync(join(tmpdir(), "rdp-hosts-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A 1 GiB GPT disk with partitions at sectors 2048 (204800 sectors) and 206848 (409600). */
function plan(device: string, opts: { serial?: string; onSecond?: boolean } = {}): Plan {
  return {
    format: PLAN_FORMAT,
    version: PLAN_VERSION,
    name: "lab",
    disks: [
      {
        id: "d0",
        device,
        logicalSectorSize: 512,
        sizeBytes: bytes(1073741824n),
        tableType: "gpt",
        ...(opts.serial ? { identity: { serial: opts.serial } } : {}),
        partitions: [
          { number: 1, label: "one", startByte: bytes(1048576n), sizeBytes: bytes(104857600n) },
          { number: 2, label: "two", startByte: bytes(105906176n), sizeBytes: bytes(209715200n) },
        ],
      },
    ],
    vms: [
      {
        name: "web",
        adapterType: "ide",
        uuid: null,
        head: { ...DEFAULT_HEAD },
        ranges: [
          opts.onSecond
            ? {
                disk: "d0",
                startSector: vmdkSectors(206848n),
                sectors: vmdkSectors(409600n),
                access: "RW",
              }
            : {
                disk: "d0",
                startSector: vmdkSectors(2048n),
                sectors: vmdkSectors(204800n),
                access: "RW",
              },
        ],
      },
    ],
  };
}

function script(p: Plan): string {
  const r = planFiles(p, { newUuid: () => "00000000-0000-4000-8000-000000000001" });
  if (!r.ok) throw new Error(r.findings.map((f) => f.message).join("; "));
  const file = r.files.find((f) => f.path === "web/check-disk.sh");
  if (!file || typeof file.data !== "string") throw new Error("no check-disk.sh");
  return file.data;
}

let runs = 0;
/** Runs the plan's check-disk.sh with only the given stand-ins (and /usr/bin, /bin) on PATH. */
function run(
  shell: string[],
  p: Plan,
  tools: Record<string, string>,
): { status: number | null; out: string; err: string } {
  const dir = join(work, `run${++runs}`);
  const bin = join(dir, "bin");
  execFileSync("mkdir", ["-p", bin]);
  for (const [name, body] of Object.entries(tools)) {
    writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  }
  const file = join(dir, "check-disk.sh");
  writeFileSync(file, script(p));
  const [cmd, ...args] = shell as [string, ...string[]];
  const r = spawnSync(cmd, [...args, file], {
    encoding: "utf8",
    env: { PATH: `${bin}:/usr/bin:/bin` },
  });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

/** Prints `text` (a here-document, nothing in it expands). */
const prints = (text: string) => `cat <<'EOF'\n${text}\nEOF`;

/** `sfdisk -d` of a GPT disk with the plan's two partitions (plan() above). */
const twoPartitionTable = (device: string) =>
  [
    "label: gpt",
    "label-id: 0F7A3C1E-0000-4000-8000-000000000001",
    `device: ${device}`,
    "unit: sectors",
    "",
    `${device}1 : start=        2048, size=      204800, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4`,
    `${device}2 : start=      206848, size=      409600, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4`,
  ].join("\n");

describe.each(shells)("check-disk.sh on FreeBSD (%s)", (...shell) => {
  const device = join(work, "ada1");
  writeFileSync(device, "");
  const geom = device; // not under /dev/, so gpart's geom name is the path itself
  interface Bsd {
    start1?: number;
    mode1?: string;
    diskMode?: string;
    mounts?: string;
    fstab?: string;
    zpool?: string;
    ident?: string | null;
  }
  const provider = (n: number, start: number, sectors: number, mode: string) =>
    [
      `${n}. Name: ${geom}p${n}`,
      `   Mediasize: ${sectors * 512} (${sectors / 2048}M)`,
      "   Sectorsize: 512",
      "   Stripesize: 0",
      `   Stripeoffset: ${start * 512}`,
      `   Mode: ${mode}`,
      `   efimedia: HD(${n},GPT,6a3b0f1e-0000-11ee-8000-00000000000${n},0x${start.toString(16)},0x${sectors.toString(16)})`,
      `   rawuuid: 6a3b0f1e-0000-11ee-8000-00000000000${n}`,
      "   rawtype: 516e7cb6-6ecf-11d6-8ff8-00022d09712b",
      "   label: (null)",
      `   length: ${sectors * 512}`,
      `   offset: ${start * 512}`,
      "   type: freebsd-ufs",
      `   index: ${n}`,
      `   end: ${start + sectors - 1}`,
      `   start: ${start}`,
    ].join("\n");
  const tools = (o: Bsd = {}) => ({
    uname: "echo FreeBSD",
    diskinfo: [
      'if [ "$1" = -v ]; then',
      `  printf '%s\\n\\t512         \\t# sectorsize\\n\\t1073741824  \\t# mediasize in bytes (1.0G)\\n\\t2097152     \\t# mediasize in sectors\\n' "$2"`,
      o.ident === null
        ? ""
        : `  printf '\\t%-12s\\t# Disk ident.\\n' ${shQuote(o.ident ?? "WD-WCC4N1234567")}`,
      "else",
      "  printf '%s\\t512\\t1073741824\\t2097152\\t0\\t0\\t2080\\t16\\t63\\n' \"$1\"",
      "fi",
    ].join("\n"),
    gpart: [
      `[ "$1" = list ] && [ "$2" = ${shQuote(geom)} ] || exit 1`,
      prints(
        [
          `Geom name: ${geom}`,
          "modified: false",
          "state: OK",
          "fwheads: 16",
          "fwsectors: 63",
          "last: 2097118",
          "first: 40",
          "entries: 128",
          "scheme: GPT",
          "Providers:",
          provider(1, o.start1 ?? 2048, 204800, o.mode1 ?? "r0w0e0"),
          provider(2, 206848, 409600, "r0w0e0"),
          "Consumers:",
          `1. Name: ${geom}`,
          "   Mediasize: 1073741824 (1.0G)",
          "   Sectorsize: 512",
          `   Mode: ${o.diskMode ?? "r0w0e0"}`,
          "",
        ].join("\n"),
      ),
    ].join("\n"),
    mount: [
      'if [ "$1" = -p ]; then',
      prints(o.fstab ?? "/dev/ada0p2\t\t/\t\tufs\trw\t1 1\ndevfs\t\t\t/dev\t\tdevfs\trw\t0 0"),
      "else",
      prints(o.mounts ?? "/dev/ada0p2 on / (ufs, local, soft-updates)\ndevfs on /dev (devfs)"),
      "fi",
    ].join("\n"),
    zpool: o.zpool ? prints(o.zpool) : "exit 1",
  });

  it("passes the planned disk, serial and partitions compared", () => {
    const r = run(shell, plan(device, { serial: "WD-WCC4N1234567" }), tools());
    expect(r.err).toBe("");
    expect(r.out).toBe("check-disk: every disk is as planned.\n");
    expect(r.status).toBe(0);
  });

  it("refuses a partition that moved by one sector", () => {
    const r = run(shell, plan(device), tools({ start1: 2049 }));
    expect(r.status).toBe(1);
    expect(r.err).toContain("partition one is no longer at sector 2048 with 204800 sectors");
  });

  it("refuses a mapped partition that is mounted, or open in GEOM (swap, ZFS)", () => {
    const mounted = run(
      shell,
      plan(device),
      tools({
        mounts: `${"/dev/" + geom}p1 on /data (ufs, local)`,
        mode1: "r1w1e1",
        diskMode: "r1w1e1",
      }),
    );
    expect(mounted.status).toBe(1);
    expect(mounted.err).toContain(`partition one (/dev/${geom}p1) is mounted`);
    const inPool = run(shell, plan(device), tools({ mode1: "r1w1e1", diskMode: "r1w1e1" }));
    expect(inPool.status).toBe(1);
    expect(inPool.err).toContain(`partition one (${geom}p1) is in use (GEOM mode r1w1e1)`);
  });

  it("refuses a disk any of whose partitions is open: GEOM would refuse VirtualBox's writes", () => {
    const r = run(shell, plan(device), tools({ diskMode: "r1w1e2" }));
    expect(r.status).toBe(1);
    expect(r.err).toContain(`a partition of ${device} is in use (GEOM mode r1w1e2)`);
  });

  it("refuses the disk FreeBSD runs from, UFS or ZFS", () => {
    const ufs = run(shell, plan(device), tools({ fstab: `/dev/${geom}p2\t/\tufs\trw\t1 1` }));
    expect(ufs.status).toBe(1);
    expect(ufs.err).toContain(`${device} is the disk FreeBSD runs from (/ is /dev/${geom}p2)`);
    const zfs = run(
      shell,
      plan(device),
      tools({
        fstab: "zroot/ROOT/default\t/\tzfs\trw\t0 0",
        zpool: [
          "  pool: zroot",
          " state: ONLINE",
          "config:",
          "",
          "\tNAME          STATE     READ WRITE CKSUM",
          "\tzroot         ONLINE       0     0     0",
          `\t  /dev/${geom}p2  ONLINE       0     0     0`,
          "",
          "errors: No known data errors",
        ].join("\n"),
      }),
    );
    expect(zfs.status).toBe(1);
    expect(zfs.err).toContain(`${device} is the disk FreeBSD runs from (/ is zroot/ROOT/default`);
  });

  it("says the boot disk was not checked when zpool is denied access to the root pool", () => {
    const r = run(shell, plan(device), {
      ...tools({ fstab: "zroot/ROOT/default\t/\tzfs\trw\t0 0" }),
      zpool: "echo \"zpool: cannot open 'zroot': permission denied\" >&2; exit 1",
    });
    expect(r.status).toBe(0);
    expect(r.err).toBe(
      `check-disk: not checked: whether ${device} is the disk the host runs from: a tool was denied access (run check-disk.sh as root)\n`,
    );
  });

  it("refuses another serial, and says so when the disk reports none", () => {
    const other = run(shell, plan(device, { serial: "WD-OTHER" }), tools());
    expect(other.status).toBe(1);
    expect(other.err).toContain("has the serial WD-WCC4N1234567, the plan was made for WD-OTHER");
    const none = run(shell, plan(device, { serial: "WD-OTHER" }), tools({ ident: null }));
    expect(none.status).toBe(0);
    expect(none.err).toContain("not checked: the serial of");
    expect(none.out).toContain("1 check(s) could not be made here");
  });

  it("reads the disk's size from diskinfo", () => {
    const p = plan(device);
    const r = run(
      shell,
      { ...p, disks: p.disks.map((d) => ({ ...d, sizeBytes: bytes(1073745920n) })) },
      tools(),
    );
    expect(r.status).toBe(1);
    expect(r.err).toContain("is 1073741824 bytes, the plan was made for 1073745920 bytes");
  });
});

describe.each(shells)("check-disk.sh on macOS (%s)", (...shell) => {
  const device = join(work, "disk4");
  writeFileSync(device, "");
  interface Mac {
    start1?: number;
    mounts?: string;
    rootStore?: string;
  }
  const tools = (o: Mac = {}) => ({
    uname: "echo Darwin",
    diskutil: [
      'case "$1 $2" in',
      '  "info /")',
      prints(
        [
          "   Device Identifier:         disk3s1s1",
          "   Device Node:               /dev/disk3s1s1",
          "   Whole:                     No",
          "   Part of Whole:             disk3",
          "   APFS Container:            disk3",
          `   APFS Physical Store:       ${o.rootStore ?? "disk0s2"}`,
        ].join("\n"),
      ),
      "  ;;",
      '  "info "*)',
      prints(
        [
          "   Device Identifier:         disk4",
          "   Part of Whole:             disk4",
          "   Disk Size:                 1.1 GB (1073741824 Bytes) (exactly 2097152 512-Byte-Units)",
          "   Device Block Size:         512 Bytes",
        ].join("\n"),
      ),
      "  ;;",
      '  "list "*)',
      prints(
        [
          "/dev/disk4 (external, physical):",
          "   #:                       TYPE NAME                    SIZE       IDENTIFIER",
          "   0:      GUID_partition_scheme                        *1.1 GB     disk4",
          "   1:                  Apple_HFS Data                    104.9 MB   disk4s1",
          "   2:                 Apple_APFS Container disk5         209.7 MB   disk4s2",
          "",
          "/dev/disk5 (synthesized):",
          "   #:                       TYPE NAME                    SIZE       IDENTIFIER",
          "   0:      APFS Container Scheme -                      +209.7 MB   disk5",
          "                                 Physical Store disk4s2",
          "   1:                APFS Volume Scratch                 1.0 MB     disk5s1",
        ].join("\n"),
      ),
      "  ;;",
      "esac",
    ].join("\n"),
    gpt: prints(
      [
        "      start       size  index  contents",
        "          0          1         PMBR",
        "          1          1         Pri GPT header",
        "          2         32         Pri GPT table",
        `         34       ${(o.start1 ?? 2048) - 34}         `,
        `       ${o.start1 ?? 2048}     204800      1  GPT part - 48465300-0000-11AA-AA11-00306543ECAC`,
        "     206848     409600      2  GPT part - 7C3457EF-0000-11AA-AA11-00306543ECAC",
        "     616448    1480671         ",
        "    2097119         32         Sec GPT table",
        "    2097151          1         Sec GPT header",
      ].join("\n"),
    ),
    mount: prints(
      o.mounts ??
        "/dev/disk3s1s1 on / (apfs, sealed, local, read-only, journaled)\ndevfs on /dev (devfs, local, nobrowse)",
    ),
  });

  it("passes the planned disk, and says the serial cannot be compared", () => {
    const plain = run(shell, plan(device), tools());
    expect(plain.err).toBe("");
    expect(plain.out).toBe("check-disk: every disk is as planned.\n");
    const serial = run(shell, plan(device, { serial: "S3Z9NB0K123456" }), tools());
    expect(serial.status).toBe(0);
    expect(serial.err).toContain("not checked: the serial of");
    expect(serial.out).toContain("could not be made here");
  });

  it("refuses a partition that moved by one sector", () => {
    const r = run(shell, plan(device), tools({ start1: 2049 }));
    expect(r.status).toBe(1);
    expect(r.err).toContain("partition one is no longer at sector 2048 with 204800 sectors");
  });

  it("refuses a mapped partition that is mounted, or an APFS container with mounted volumes", () => {
    const hfs = run(
      shell,
      plan(device),
      tools({ mounts: "/dev/disk4s1 on /Volumes/Data (hfs, local, nodev, nosuid, journaled)" }),
    );
    expect(hfs.status).toBe(1);
    expect(hfs.err).toContain("partition one (/dev/disk4s1) is mounted");
    const apfs = run(
      shell,
      plan(device, { onSecond: true }),
      tools({ mounts: "/dev/disk5s1 on /Volumes/Scratch (apfs, local, nodev, nosuid, journaled)" }),
    );
    expect(apfs.status).toBe(1);
    expect(apfs.err).toContain("partition two (disk4s2) holds the APFS container /dev/disk5");
    const other = run(
      shell,
      plan(device, { onSecond: true }),
      tools({ mounts: "/dev/disk50s1 on /Volumes/Other (apfs, local)" }),
    );
    expect(other.status).toBe(0);
  });

  it("refuses the disk macOS runs from", () => {
    const r = run(shell, plan(device), tools({ rootStore: "disk4s2" }));
    expect(r.status).toBe(1);
    expect(r.err).toContain(`${device} is the disk macOS runs from (/ is on disk4)`);
  });
});

describe.each(shells)("check-disk.sh on Linux, identifiers (%s)", (...shell) => {
  const device = join(work, "sdb");
  writeFileSync(device, "");
  writeFileSync(`${device}1`, "");
  // sfdisk -d: "label-id: <GUID>" in the header, then "<dev>1 : start=…, size=…, type=…".
  // lsblk -nro MOUNTPOINT: one line per device (the partition, then what is built on it), empty
  // when not mounted, "[SWAP]" for swap.
  const tools = (serial: string, mountpoints = "\n") => ({
    uname: "echo Linux",
    blockdev: "echo 1073741824",
    sfdisk: prints(twoPartitionTable(device)),
    lsblk: [
      'case "$1" in',
      `  -dno) echo ${shQuote(serial)} ;;`,
      `  -nro) printf '%s' ${shQuote(mountpoints)} ;;`,
      "esac",
    ].join("\n"),
  });
  const identified = (serial: string): Plan => {
    const p = plan(device);
    return {
      ...p,
      disks: p.disks.map((d) => ({
        ...d,
        identity: { serial, diskGuid: "0F7A3C1E-0000-4000-8000-000000000001" },
      })),
    };
  };

  it("compares serial and disk GUID, and says so when lsblk shows no serial", () => {
    const same = run(shell, identified("S1"), tools("S1"));
    expect(same.err).toBe("");
    expect(same.out).toBe("check-disk: every disk is as planned.\n");
    const other = run(shell, identified("S2"), tools("S1"));
    expect(other.status).toBe(1);
    expect(other.err).toContain("has the serial S1, the plan was made for S2");
    const none = run(shell, identified("S1"), tools(""));
    expect(none.status).toBe(0);
    expect(none.err).toContain("not checked: the serial of");
  });

  it("compares the serial without case or blanks, as check-disk.ps1 does", () => {
    for (const [planned, shown] of [
      ["wd-wcc4n1234567", "WD-WCC4N1234567"],
      ["WD-WCC4N1234567", "wd-wcc4n1234567"],
      [" WD-WCC4N 1234567 ", "WD-WCC4N1234567"],
    ] as const) {
      const r = run(shell, identified(planned), tools(shown));
      expect(r.err, planned).toBe("");
      expect(r.status).toBe(0);
    }
    const other = run(shell, identified("WD-WCC4N1234568"), tools("wd-wcc4n1234567"));
    expect(other.status).toBe(1);
    expect(other.err).toContain(
      "has the serial wd-wcc4n1234567, the plan was made for WD-WCC4N1234568",
    );
  });

  it("refuses a mapped partition that is mounted, swapped on, or under a mounted device", () => {
    for (const mountpoints of ["/data\n", "[SWAP]\n", "\n/home\n"]) {
      const r = run(shell, identified("S1"), tools("S1", mountpoints));
      expect(r.status, mountpoints).toBe(1);
      expect(r.err).toContain(`partition one (${device}1) is mounted, swapped on, or holds`);
    }
  });

  it("says so when the partition's device node is not there to ask lsblk about", () => {
    const p = identified("S1");
    const second = plan(device, { onSecond: true }).vms;
    const r = run(shell, { ...p, vms: second }, tools("S1"));
    expect(r.status).toBe(0);
    expect(r.err).toContain(
      `not checked: whether partition two is mounted (${device}2 is not a device here`,
    );
  });
});

describe.each(shells)("check-disk.sh on Linux, free space a VM maps (%s)", (...shell) => {
  const device = join(work, "sdf");
  writeFileSync(device, "");
  /** The plan's disk (two partitions, up to sector 616447); the VM maps sectors 616448–1640447. */
  const freePlan = (): Plan => {
    const p = plan(device);
    return {
      ...p,
      vms: p.vms.map((v) => ({
        ...v,
        ranges: [
          {
            disk: "d0",
            startSector: vmdkSectors(616448n),
            sectors: vmdkSectors(1024000n),
            access: "RW" as const,
          },
        ],
      })),
    };
  };
  /** wipefs -p: the signatures on the whole disk (here the empty GPT's own, by default). */
  const tools = (table: string, signatures = "0x200,,,gpt\n0x3ffffe00,,,gpt\n0x1fe,,,PMBR") => ({
    uname: "echo Linux",
    blockdev: "echo 1073741824",
    sfdisk: prints(table),
    lsblk: "true",
    wipefs: prints(signatures),
  });
  const row = (
    n: number,
    start: number,
    size: number,
    type = "0FC63DAF-8483-4772-8E79-3D69D8477DE4",
  ) =>
    `${device}${n} : start=${String(start).padStart(12)}, size=${String(size).padStart(12)}, type=${type}`;

  it("passes when the space is still free, whatever lies beside it", () => {
    const r = run(
      shell,
      freePlan(),
      tools(`${twoPartitionTable(device)}\n${row(3, 1640448, 4096)}`),
    );
    expect(r.err).toBe("");
    expect(r.out).toBe("check-disk: every disk is as planned.\n");
  });

  it("refuses a partition made in that space since the plan, or left out of the listing", () => {
    for (const [start, size] of [
      [616448, 204800], // at its start
      [1000000, 2048], // inside it
      [1640447, 8], // its last sector
    ] as const) {
      const r = run(
        shell,
        freePlan(),
        tools(`${twoPartitionTable(device)}\n${row(3, start, size)}`),
      );
      expect(r.status, `${start}`).toBe(1);
      expect(r.err).toContain(
        `${device}: the partition ${device}3 (sector ${start}, ${size} sectors) lies in space this VM maps, and the plan does not know it`,
      );
    }
  });

  it("a disk the plan found empty: passes while it stays empty, refuses a partition made since", () => {
    const p = freePlan();
    const [disk] = p.disks;
    if (!disk) throw new Error("plan() has a disk");
    const empty: Plan = { ...p, disks: [{ ...disk, partitions: [] }] };
    const header = ["label: gpt", `device: ${device}`, "unit: sectors", ""].join("\n");
    const still = run(shell, empty, tools(header));
    expect(still.err).toBe("");
    expect(still.out).toBe("check-disk: every disk is as planned.\n");
    const made = run(shell, empty, tools(`${header}\n${row(1, 2048, 2097152 - 4096)}`));
    expect(made.status).toBe(1);
    expect(made.err).toContain(
      `the partition ${device}1 (sector 2048, 2093056 sectors) lies in space this VM maps`,
    );
  });

  it("a disk the plan found empty: refuses a file system or LVM made on the whole disk since", () => {
    const p = freePlan();
    const [disk] = p.disks;
    if (!disk) throw new Error("plan() has a disk");
    const empty: Plan = { ...p, disks: [{ ...disk, partitions: [] }] };
    // wipefs -p of an image after mkfs.ext4, and of an LVM physical volume (util-linux 2.38).
    for (const [signatures, found] of [
      ["0x438,a09bd3bd-9af2-4090-b88b-016c17ae0cf0,,ext4", "ext4"],
      ["0x218,Zq1k2C-abcd-efgh-ijkl-mnop-qrst-uvwxyz,,LVM2_member", "LVM2_member"],
    ] as const) {
      const r = run(shell, empty, tools("", signatures));
      expect(r.status, found).toBe(1);
      expect(r.err).toBe(
        `check-disk: ${device} has no partition, as when the plan was made, but wipefs finds ${found} on it: a file system, LVM, RAID or encryption made on the whole disk; the VM would write over it\n`,
      );
    }
    // Without wipefs the check is named, not passed.
    const { wipefs: _, ...withoutWipefs } = tools("");
    const missing = run(shell, empty, withoutWipefs);
    expect(missing.err).toContain("not checked: whether");
    expect(missing.err).toContain("wipefs (util-linux) is not installed");
  });

  it("lets an extended partition that holds known logical ones be, and checks what is inside it", () => {
    // An MBR disk: extended from sector 2048 holding one logical partition; the VM maps the
    // free space after the logical one, inside the extended one. The plan has the extended
    // partition as lsblk lists it (1 KiB), so only its holding partition five tells it apart.
    const base = plan(device);
    const [baseDisk] = base.disks;
    const [baseVm] = base.vms;
    if (!baseDisk || !baseVm) throw new Error("plan() has a disk and a VM");
    const mbr: Plan = {
      ...base,
      disks: [
        {
          ...baseDisk,
          tableType: "dos",
          partitions: [
            {
              number: 1,
              label: "ext",
              startByte: bytes(1048576n),
              sizeBytes: bytes(1024n),
              flags: ["extended"],
            },
            { number: 5, label: "five", startByte: bytes(2097152n), sizeBytes: bytes(104857600n) },
          ],
        },
      ],
      vms: [
        {
          ...baseVm,
          ranges: [
            {
              disk: "d0",
              startSector: vmdkSectors(210944n),
              sectors: vmdkSectors(204800n),
              access: "RW",
            },
          ],
        },
      ],
    };
    const dos = ["label: dos", `device: ${device}`, "unit: sectors", ""];
    const extended = row(1, 2048, 2095104, "5");
    const logical = row(5, 4096, 204800, "83");
    const ok = run(shell, mbr, tools([...dos, extended, logical].join("\n")));
    expect(ok.err).toBe("");
    expect(ok.status).toBe(0);
    const added = run(
      shell,
      mbr,
      tools([...dos, extended, logical, row(6, 212992, 8192, "83")].join("\n")),
    );
    expect(added.status).toBe(1);
    expect(added.err).toContain(
      `the partition ${device}6 (sector 212992, 8192 sectors) lies in space this VM maps`,
    );
  });
});

describe.each(shells)("check-disk.sh as a user other than root (%s)", (...shell) => {
  // The tests run as root, so a stand-in id says uid 1000, and a stand-in dd stands for a device
  // the user may not open. A tool denied access prints what the real ones print and nothing on
  // stdout (sfdisk: "cannot open …: Permission denied"; blockdev: "…: Permission denied").
  const device = join(work, "sdc");
  writeFileSync(device, "");
  writeFileSync(`${device}1`, "");
  const denied = (tool: string) => `echo "${tool}: cannot open $2: Permission denied" >&2; exit 1`;
  const table = prints(twoPartitionTable(device));
  const user = {
    uname: "echo Linux",
    id: 'if [ "$1" = -un ]; then echo alice; else echo 1000; fi',
  };
  const identified = (): Plan => {
    const p = plan(device);
    return {
      ...p,
      disks: p.disks.map((d) => ({
        ...d,
        identity: { serial: "S1", diskGuid: "0F7A3C1E-0000-4000-8000-000000000001" },
      })),
    };
  };

  it("stops at the start, saying it needs root, when the user cannot read the disk", () => {
    const r = run(shell, identified(), {
      ...user,
      dd: `echo "dd: can't open '${device}': Permission denied" >&2; exit 1`,
      blockdev: "echo 1073741824",
      sfdisk: table,
      lsblk: 'case "$1" in -dno) echo S1 ;; esac',
    });
    expect(r.status).toBe(1);
    expect(r.err).toBe(
      `check-disk: needs root: user alice cannot read ${device}, so its size and partition table cannot be checked; run it as root (sudo sh check-disk.sh)\n`,
    );
    expect(r.out).toBe("");
  });

  it("goes on when the user can read the disk (its group), and passes as root would", () => {
    const r = run(shell, identified(), {
      ...user,
      blockdev: "echo 1073741824",
      sfdisk: table,
      lsblk: 'case "$1" in -dno) echo S1 ;; esac',
    });
    expect(r.err).toBe("");
    expect(r.out).toBe("check-disk: every disk is as planned.\n");
  });

  it("never passes a check whose tool was denied access", () => {
    const all = run(shell, identified(), {
      ...user,
      blockdev: denied("blockdev"),
      sfdisk: denied("sfdisk"),
      lsblk: denied("lsblk"),
    });
    expect(all.status).toBe(1);
    expect(all.err).toContain(`cannot read the size of ${device}: permission denied`);
    expect(all.err).toContain(`not checked: the disk identifier of ${device}`);
    expect(all.err).toContain(
      `not checked: the serial of ${device} (the plan has S1): permission denied`,
    );
    expect(all.err).toContain(`cannot read the partition table of ${device}: permission denied`);
    expect(all.err).not.toContain("another disk");
    // lsblk denied for the mount check alone: it printed no mount point, which is no pass.
    const mounts = run(shell, identified(), {
      ...user,
      blockdev: "echo 1073741824",
      sfdisk: table,
      lsblk: ['case "$1" in', "  -dno) echo S1 ;;", `  -nro) ${denied("lsblk")} ;;`, "esac"].join(
        "\n",
      ),
    });
    expect(mounts.status).toBe(0);
    expect(mounts.err).toBe(
      "check-disk: not checked: whether partition one is mounted or in use: a tool was denied access (run check-disk.sh as root)\n",
    );
    expect(mounts.out).toContain("1 check(s) could not be made here");
  });
});
