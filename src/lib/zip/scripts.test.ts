/**
 * The per-VM scripts: quoting that holds against hostile paths, scripts that bash and
 * ShellCheck accept, registration that never attaches over a disk and changes nothing the
 * second time (against a stand-in VBoxManage), and the PowerShell scripts' exact commands.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { bytes, vmdkSectors } from "../units.ts";
import { DEFAULT_HEAD, PLAN_FORMAT, PLAN_VERSION, type Plan } from "../plan/types.ts";
import { splitPlan } from "../vmdk/plans.testkit.ts";
import { planFiles } from "./files.ts";
import { checkDiskPs1, serialKey, type DiskFingerprint } from "./scripts.ts";
import { cmdQuote, psQuote, shQuote } from "./shellQuote.ts";
import { checkDiskSh } from "./scripts.ts";

const dir = mkdtempSync(join(tmpdir(), "rdp-scripts-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const uuids = () => {
  let n = 0;
  return () => `00000000-0000-4000-8000-${(++n).toString(16).padStart(12, "0")}`;
};
const has = (tool: string) => spawnSync("sh", ["-c", `command -v ${tool}`]).status === 0;

/** A Linux plan: one VM on partition 1 of `device` (a 1 GiB GPT disk). */
export function linuxPlan(device: string, name = "web", sizeBytes = 1073741824n): Plan {
  return {
    format: PLAN_FORMAT,
    version: PLAN_VERSION,
    name: "lab",
    disks: [
      {
        id: "d0",
        device,
        logicalSectorSize: 512,
        sizeBytes: bytes(sizeBytes),
        tableType: "gpt",
        partitions: [
          {
            number: 1,
            label: `${device}1`,
            startByte: bytes(1048576n),
            sizeBytes: bytes(104857600n),
            exact: true,
          },
          {
            number: 2,
            label: `${device}2`,
            startByte: bytes(105906176n),
            sizeBytes: bytes(209715200n),
            exact: true,
          },
        ],
      },
    ],
    vms: [
      {
        name,
        adapterType: "ide",
        uuid: null,
        head: { ...DEFAULT_HEAD },
        ranges: [
          {
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

function filesOf(plan: Plan): Map<string, string> {
  const r = planFiles(plan, { newUuid: uuids() });
  if (!r.ok) throw new Error(r.findings.map((f) => f.message).join("; "));
  return new Map(
    r.files
      .filter((f) => typeof f.data === "string")
      .map((f) => [f.path, f.data as string] as const),
  );
}

const HOSTILE = "/dev/disk/by-id/usb-My Disk;echo $HOME'`x`";

describe("shell quoting", () => {
  it.each(["plain", "a b", "it's", "$HOME", "`id`", "a;b|c&d", '"q"', "'", "", "*?[]"])(
    "sh keeps %j one literal word",
    (text) => {
      const out = execFileSync("sh", ["-c", `printf '%s' ${shQuote(text)}`], { encoding: "utf8" });
      expect(out).toBe(text);
    },
  );

  it("PowerShell doubles single quotes; cmd refuses what it cannot quote", () => {
    expect(psQuote("it's $x")).toBe("'it''s $x'");
    expect(cmdQuote("web server")).toBe('"web server"');
    expect(cmdQuote("100%")).toBeNull();
    expect(cmdQuote('a"b')).toBeNull();
  });
});

describe("README.txt and the scripts with a hostile device path", () => {
  const files = filesOf(linuxPlan(HOSTILE));
  const readme = files.get("README.txt") ?? "";

  it("quotes the path in every command, and says why", () => {
    const quoted = shQuote(HOSTILE);
    const commandLines = readme
      .split("\r\n")
      .filter((l) => l.includes("usb-My Disk") && /umount|lsblk|chown|diskutil/.test(l));
    expect(commandLines.length).toBeGreaterThan(0);
    for (const line of commandLines) expect(line).toContain(shQuote(`${HOSTILE}1`).slice(0, 10));
    expect(readme).toContain(`sudo umount ${shQuote(`${HOSTILE}1`)}`);
    expect(files.get("web/check-disk.sh")).toContain(`dev=${quoted}`);
    expect(readme).toContain("holds characters a shell would interpret");
  });

  it.runIf(has("bash"))("bash -n accepts every generated shell script", () => {
    for (const [path, text] of files) {
      if (!path.endsWith(".sh")) continue;
      const file = join(dir, path.replace(/\//g, "_"));
      writeFileSync(file, text);
      expect(spawnSync("bash", ["-n", file]).status, path).toBe(0);
    }
  });

  it.runIf(has("shellcheck"))("ShellCheck finds nothing in them", () => {
    const identified = linuxPlan("/dev/sdb");
    identified.disks = identified.disks.map((d) => ({
      ...d,
      identity: { serial: "WD-1 $x", diskGuid: "{0F7A3C1E-0000-4000-8000-000000000001}" },
    }));
    for (const plan of [linuxPlan(HOSTILE), linuxPlan("/dev/sda"), identified, splitPlan()]) {
      for (const [path, text] of filesOf(plan)) {
        if (!path.endsWith(".sh")) continue;
        const file = join(dir, path.replace(/\//g, "_"));
        writeFileSync(file, text);
        const run = spawnSync("shellcheck", ["-s", "sh", file], { encoding: "utf8" });
        expect(run.stdout, path).toBe("");
      }
    }
  });
});

describe("register.sh against a stand-in VBoxManage", () => {
  /** A fake VBoxManage that keeps the VM's attachments in a state file and logs every call. */
  function fakeVBox(work: string, occupied: string[]): string {
    const bin = join(work, "bin");
    execFileSync("mkdir", ["-p", bin]);
    const state = join(work, "state");
    writeFileSync(state, occupied.join("\n") + (occupied.length ? "\n" : ""));
    writeFileSync(
      join(bin, "VBoxManage"),
      [
        "#!/bin/sh",
        `state=${shQuote(state)}`,
        `echo "$*" >> ${shQuote(join(work, "calls"))}`,
        'case "$1" in',
        "  showvminfo)",
        '    if [ "$3" = "--machinereadable" ]; then',
        "      echo 'storagecontrollername0=\"RawDiskPlanner\"'",
        '      p=0; while [ $p -lt 4 ]; do line=$(grep "^\\"RawDiskPlanner-$p-0\\"=" "$state"); if [ -n "$line" ]; then echo "$line"; else echo "\\"RawDiskPlanner-$p-0\\"=\\"none\\""; fi; p=$((p+1)); done',
        "    fi; exit 0 ;;",
        '  storageattach) port=$6; medium=${12}; echo "\\"RawDiskPlanner-$port-0\\"=\\"$medium\\"" >> "$state"; exit 0 ;;',
        "  *) exit 0 ;;",
        "esac",
        "",
      ].join("\n"),
    );
    chmodSync(join(bin, "VBoxManage"), 0o755);
    return bin;
  }

  it("attaches at the first free port, never over a disk, and changes nothing the second time", () => {
    const work = mkdtempSync(join(dir, "reg-"));
    const files = filesOf(linuxPlan("/dev/sda"));
    const folder = join(work, "web");
    execFileSync("mkdir", ["-p", folder]);
    writeFileSync(join(folder, "register.sh"), files.get("web/register.sh") ?? "");
    writeFileSync(join(folder, "check-disk.sh"), "exit 0\n"); // the disk check has its own test
    const bin = fakeVBox(work, ['"RawDiskPlanner-0-0"="/vms/system.vdi"']);
    const env = { ...process.env, PATH: `${bin}:${process.env.PATH ?? ""}` };
    const first = spawnSync("sh", [join(folder, "register.sh"), "lab vm"], {
      env,
      encoding: "utf8",
    });
    expect(first.status, first.stderr).toBe(0);
    const state = readFileSync(join(work, "state"), "utf8");
    expect(state).toContain('"RawDiskPlanner-0-0"="/vms/system.vdi"');
    expect(state).toContain(`"RawDiskPlanner-1-0"="${join(folder, "web.vmdk")}"`);
    const calls = () => readFileSync(join(work, "calls"), "utf8");
    expect(calls()).toMatch(
      /storageattach lab vm --storagectl RawDiskPlanner --port 1 .*--mtype shareable/,
    );
    const before = calls();
    const second = spawnSync("sh", [join(folder, "register.sh"), "lab vm"], {
      env,
      encoding: "utf8",
    });
    expect(second.status).toBe(0);
    expect(second.stdout).toContain("nothing to do");
    expect(calls().slice(before.length)).not.toContain("storageattach");
  });
});

describe("the Windows scripts", () => {
  const files = filesOf(splitPlan());

  it("check-disk.ps1 compares size and each touched partition by offset and size", () => {
    const ps = files.get("db/check-disk.ps1") ?? "";
    expect(ps).toContain("$disk = Get-Disk -Number 0 -ErrorAction SilentlyContinue");
    expect(ps).toContain("$parts = @(Get-Partition -DiskNumber 0 -ErrorAction SilentlyContinue)");
    expect(ps).toContain(
      "[string]$_.Offset -eq '64425558016' -and [string]$_.Size -eq '64424509440'",
    );
    expect(ps).toContain("if ($failed) { exit 1 }");
  });

  it("register.ps1 uses VBoxManage's install path, a free port, shareable, after the check", () => {
    const ps = files.get("web/register.ps1") ?? "";
    expect(ps).toContain(
      "$vbox = Join-Path $env:ProgramFiles 'Oracle\\VirtualBox\\VBoxManage.exe'",
    );
    expect(ps).toContain("(Join-Path $PSScriptRoot 'check-disk.ps1')");
    expect(ps).toContain(
      "& $vbox storageattach $Vm --storagectl RawDiskPlanner --port $port --device 0 --type hdd --medium $medium --mtype shareable",
    );
    expect(ps).toContain("param([string]$Vm = 'web')");
    expect(ps).not.toContain("--firmware efi");
    expect(files.get("web/register.cmd")).toContain('-File "%~dp0register.ps1" %*');
  });

  it("sets EFI firmware when the guest head holds a GPT", () => {
    const plan = splitPlan();
    plan.vms = plan.vms.map((v) => ({ ...v, partitionTable: "gpt" as const }));
    expect(filesOf(plan).get("web/register.ps1")).toContain("& $vbox modifyvm $Vm --firmware efi");
  });
});

describe("check-disk.sh with hostile identifiers from a crafted plan", () => {
  it.skipIf(!has("sh"))("runs nothing that a disk GUID, serial or label spells", () => {
    const work = mkdtempSync(join(tmpdir(), "rdp-hostile-id-"));
    try {
      const bin = join(work, "bin");
      execFileSync("mkdir", ["-p", bin]);
      // A stand-in sfdisk: another disk identifier, one partition elsewhere; and lsblk's serial.
      writeFileSync(
        join(bin, "sfdisk"),
        '#!/bin/sh\nprintf "label-id: 0x11111111\\n/dev/x1 : start= 4096, size= 8, type=83\\n"\n',
      );
      writeFileSync(join(bin, "lsblk"), "#!/bin/sh\necho OTHER\n");
      for (const tool of ["sfdisk", "lsblk"]) chmodSync(join(bin, tool), 0o755);
      const device = join(work, "sdz");
      writeFileSync(device, "");
      const marker = (n: number) => join(work, `ran${n}`);
      const script = join(work, "check-disk.sh");
      writeFileSync(
        script,
        checkDiskSh([
          {
            device,
            sectorSize: 512,
            sizeBytes: null,
            labelId: `$(touch ${marker(1)})\`touch ${marker(2)}\`\\"`,
            serial: `$(touch ${marker(3)})`,
            partitions: [
              { label: `$(touch ${marker(4)})\n\`touch ${marker(5)}\``, start: 2048n, sectors: 8n },
            ],
            outsidePartitions: false,
            hostArea: false,
            wholeDisk: false,
            ranges: [{ from: 2048n, to: 2056n }],
            known: [{ start: 2048n, sectors: 8n }],
          },
        ]),
      );
      const run = spawnSync("sh", [script], {
        encoding: "utf8",
        env: { PATH: `${bin}:/usr/bin:/bin` },
      });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain("has the disk identifier 11111111");
      expect(run.stderr).toContain("has the serial OTHER");
      expect(run.stderr).toContain("is no longer at sector 2048");
      for (const n of [1, 2, 3, 4, 5]) {
        expect(spawnSync("test", ["-e", marker(n)]).status, `marker ${n}`).not.toBe(0);
      }
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});

/** linuxPlan's 1 GiB GPT disk as Windows' disk 1, with the VM's one range moved or grown. */
function windowsPlan(range: { startSector: bigint; sectors: bigint }): Plan {
  const plan = linuxPlan("\\\\.\\PhysicalDrive1");
  plan.vms = plan.vms.map((v) => ({
    ...v,
    ranges: [
      {
        disk: "d0",
        startSector: vmdkSectors(range.startSector),
        sectors: vmdkSectors(range.sectors),
        access: "RW" as const,
      },
    ],
  }));
  return plan;
}
const ps1Of = (plan: Plan): string => filesOf(plan).get("web/check-disk.ps1") ?? "";
/** Partition 1 of windowsPlan's disk, exactly. */
const PART_1 = { startSector: 2048n, sectors: 204800n };

describe("check-disk.ps1 and the disk Windows runs from", () => {
  const BOOT = "  if ($disk.IsBoot -or $disk.IsSystem) {";

  it.each([
    ["partition 1", PART_1],
    // Partitions 1 and 2 are adjacent: a range across both is still only partitions.
    ["both partitions", { startSector: 2048n, sectors: 204800n + 409600n }],
  ])(
    "lets a VM have only partitions of it (%s), and says why, like check-disk.sh on Linux",
    (_what, range) => {
      const ps = ps1Of(windowsPlan(range));
      const at = ps.indexOf(BOOT);
      expect(at).toBeGreaterThan(-1);
      const next = ps.slice(at).split("\r\n")[1] ?? "";
      expect(next).toMatch(/^ {4}Note '/);
      expect(next).toContain(
        "disk 1 holds the partition Windows boots from or its system partition",
      );
      expect(next).toContain("maps nothing but partitions of it, each checked below");
    },
  );

  it.each([
    [
      "free space after the last partition",
      { startSector: 1000000n, sectors: 2048n },
      "nothing but free space on it",
    ],
    // Partition 2 (sectors 206848 to 616447) and the free space right after it.
    [
      "a partition and the gap after it",
      { startSector: 206848n, sectors: 409600n + 2048n },
      "nothing but partitions of it, each checked below to be unused by Windows, and free space between them",
    ],
  ])(
    "lets a VM have free space on it (%s), as README.txt and check-disk.sh on Linux do",
    (_what, range, maps) => {
      const ps = ps1Of(windowsPlan(range));
      const next = ps.slice(ps.indexOf(BOOT)).split("\r\n")[1] ?? "";
      expect(next).toMatch(/^ {4}Note '/);
      expect(next).toContain(`allowed only because this VM maps ${maps} (as check-disk.sh`);
    },
  );

  it.each([
    [
      "the partition table (sector 0)",
      { startSector: 0n, sectors: 4096n },
      "space its partitioning keeps",
    ],
    // The disk has 2097152 sectors and a GPT: its backup table is in the last 33.
    [
      "GPT's backup table",
      { startSector: 2097152n - 2048n, sectors: 2048n },
      "space its partitioning keeps",
    ],
    ["the whole disk", { startSector: 0n, sectors: 2097152n }, "the whole disk"],
  ])("refuses it when the VM maps %s", (_what, range, what) => {
    const ps = ps1Of(windowsPlan(range));
    const next = ps.slice(ps.indexOf(BOOT)).split("\r\n")[1] ?? "";
    expect(next).toMatch(/^ {4}Refuse '/);
    expect(next).toContain(`this VM maps ${what}`);
    expect(next).toContain("never give that to a VM");
  });
});

describe("check-disk.ps1 and partitions the plan does not know", () => {
  it("lists the VM's ranges and every known partition in bytes, and refuses any other partition there", () => {
    const ps = ps1Of(windowsPlan({ startSector: 1000000n, sectors: 2048n }));
    const lines = ps.split("\r\n");
    const at = lines.indexOf("  $ranges = @()");
    expect(at).toBeGreaterThan(lines.findIndex((l) => l.includes("$parts = @(Get-Partition")));
    expect(lines.slice(at, at + 5)).toEqual([
      "  $ranges = @()",
      "  $ranges += ,@([decimal]'512000000', [decimal]'513048576')",
      "  $known = @()",
      "  $known += ,@([decimal]'1048576', [decimal]'104857600')",
      "  $known += ,@([decimal]'105906176', [decimal]'209715200')",
    ]);
    expect(ps).toContain(
      "  if ($parts.Count -eq 0) { Refuse 'disk 1: Get-Partition shows no partition, the plan knows 2:",
    );
    expect(ps).toContain("lies in space this VM maps, and the plan does not know it");
    // Each partition is compared once: a known one (or one holding a known one) is let be.
    expect(ps).toContain(
      "    foreach ($k in $known) { if (($k[0] -eq $o -and $k[1] -eq $n) -or ($k[0] -ge $o -and ($k[0] + $k[1]) -le ($o + $n))) { $let = $true } }",
    );
  });
});

describe("check-disk.ps1 and mapped partitions Windows uses", () => {
  const ps = ps1Of(windowsPlan(PART_1));
  const start = ps.indexOf("function CheckUnused(");
  const fn = ps.slice(start, ps.indexOf("\r\n}\r\n", start) + 3);

  it("checks every mapped partition it finds, by offset and size", () => {
    expect(ps).toContain(
      "  $part = @($parts | Where-Object { [string]$_.Offset -eq '1048576' -and [string]$_.Size -eq '104857600' })[0]",
    );
    expect(ps).toContain(
      "} else { CheckUnused $part 'partition \\\\.\\PhysicalDrive11 (disk 1, offset 1048576)' $false; CheckEncryption $part 'partition \\\\.\\PhysicalDrive11 (disk 1, offset 1048576)' }",
    );
  });

  it("refuses the boot and the system partition", () => {
    expect(fn).toContain(
      "  if ($part.IsBoot) { Refuse ($what + ' is the partition Windows runs from",
    );
    expect(fn).toContain("  if ($part.IsSystem) { Refuse ($what + ' is the system partition");
  });

  it("counts drive letters and mounted folders, not the volume GUID path every volume has", () => {
    expect(fn).toContain(
      "$paths = @($part.AccessPaths | Where-Object { $_ -and -not ([string]$_).StartsWith('\\\\?\\Volume{', [StringComparison]::OrdinalIgnoreCase) })",
    );
    expect(fn).toContain("$letter = [string]$part.DriveLetter");
    expect(fn).toContain("if ($paths.Count -eq 0) { return }");
    expect(fn).toContain("Refuse ($what + ' is mounted at ' + ($paths -join ', ')");
  });

  it("names a page file on it, from Win32_PageFileUsage", () => {
    expect(ps).toContain(
      "try { $pageFiles = @(Get-CimInstance -ClassName Win32_PageFileUsage | ForEach-Object { [string]$_.Name }) } catch { }",
    );
    expect(fn).toContain("' holds the page file ' + ($held -join ', ')");
  });

  it("says how to take it offline, and the whole disk only when the whole disk is mapped", () => {
    expect(fn).toContain("| Set-Partition -IsOffline $true)");
    expect(fn).toContain(
      "Remove-PartitionAccessPath -DiskNumber ' + $part.DiskNumber + ' -PartitionNumber ' + $part.PartitionNumber + ' -AccessPath <path>",
    );
    expect(fn).toContain("mountvol <path> /p");
    expect(fn).toContain(
      "if ($whole) { $how += '; or, as this VM maps the whole disk, take the disk offline (Set-Disk -Number ' + $part.DiskNumber + ' -IsOffline $true)' }",
    );
    const whole = ps1Of(windowsPlan({ startSector: 0n, sectors: 2097152n }));
    expect(whole).toMatch(
      /CheckUnused \$part 'partition [^']*1 \(disk 1, offset 1048576\)' \$true/,
    );
    expect(whole).toMatch(
      /CheckUnused \$part 'partition [^']*2 \(disk 1, offset 105906176\)' \$true/,
    );
  });
});

describe("check-disk.ps1 and Administrator rights", () => {
  it("refuses before reading any disk unless it runs elevated, and says how", () => {
    const ps = ps1Of(windowsPlan(PART_1));
    const test =
      "if (-not ([Security.Principal.WindowsPrincipal][Security.Principal.WindowsIdentity]::GetCurrent()).IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) {\r\n";
    const at = ps.indexOf(test);
    expect(at).toBeGreaterThan(-1);
    // First: before the page file query, Get-Disk and Get-Partition.
    for (const later of [
      "Get-CimInstance",
      "Get-PhysicalDisk",
      "Get-Disk",
      "Get-Partition",
      "function Refuse",
    ]) {
      expect(ps.indexOf(later)).toBeGreaterThan(at);
    }
    const block = ps
      .slice(at + test.length)
      .split("\r\n")
      .slice(0, 3);
    expect(block[0]).toMatch(
      /^ {2}Write-Host 'check-disk: not run as Administrator: nothing was checked\. .*Run as administrator/,
    );
    expect(block[1]).toBe("  exit 1");
    expect(block[2]).toBe("}");
    expect(psTokens(ps).code).toContain("exit 1");
  });
});

describe("check-disk.ps1 and disks it cannot reason about", () => {
  const ps = ps1Of(windowsPlan(PART_1));
  const fnOf = (name: string): string => {
    const start = ps.indexOf(`function ${name}(`);
    expect(start).toBeGreaterThan(-1);
    return ps.slice(start, ps.indexOf("\r\n}\r\n", start) + 3);
  };

  it("refuses a member of a Storage Spaces pool, and says 'not checked' without Get-PhysicalDisk", () => {
    expect(ps).toContain(
      "$physical = $null\r\ntry { $physical = @(Get-PhysicalDisk -ErrorAction Stop) } catch { }\r\n",
    );
    const fn = fnOf("CheckPool");
    expect(fn).toContain(
      "  if ($null -eq $physical) { NotChecked ('whether disk ' + $number + ' belongs to a Storage Spaces pool: Get-PhysicalDisk is not available here'); return }",
    );
    expect(fn).toContain("    if ([string]$p.DeviceId -ne $number) { continue }");
    expect(fn).toContain(
      "    if ($reasons -contains '2' -or $reasons -contains 'In a Pool') { Refuse ('disk ' + $number + ' is a member of a Storage Spaces pool",
    );
    // Before Get-Disk, which does not list a pooled disk.
    expect(ps).toContain(
      "\r\nCheckPool '1'\r\n$disk = Get-Disk -Number 1 -ErrorAction SilentlyContinue\r\n",
    );
  });

  it("refuses a dynamic disk by its LDM partitions, GPT or MBR", () => {
    const fn = fnOf("CheckDynamic");
    expect(fn).toContain(
      "$ldm = @($parts | Where-Object { $_.MbrType -eq 66 -or @('5808c8aa-7e8f-42e0-85d2-e1e90434cfb3', 'af9b60a0-1431-4f62-bc68-3311714a69ad') -contains ([string]$_.GptType).Trim('{}') })",
    );
    expect(fn).toContain(
      "if ($ldm.Count -gt 0) { Refuse ('disk ' + $number + ' is a dynamic disk (Logical Disk Manager partitions)",
    );
    // For every disk, also one whose VM maps only free space (no partition is compared).
    const free = ps1Of(windowsPlan({ startSector: 1000000n, sectors: 2048n }));
    expect(free).toContain(
      "  $parts = @(Get-Partition -DiskNumber 1 -ErrorAction SilentlyContinue)\r\n  CheckDynamic $parts '1'\r\n",
    );
    expect(ps).toContain("  CheckDynamic $parts '1'\r\n");
  });
});

describe("check-disk.ps1 and the spellings of a disk's path", () => {
  /** windowsPlan(PART_1) with the disk under another spelling of its path. */
  const spelled = (device: string): Plan => {
    const plan = windowsPlan(PART_1);
    plan.disks = plan.disks.map((d) => ({ ...d, device }));
    return plan;
  };

  // Every spelling the plan counts as disk 1 (docs/device-identity.md), which README.txt's host
  // preparation also reads as disk 1: the check compares Get-Disk -Number 1 for each.
  it.each([
    "\\\\.\\PhysicalDrive1",
    "\\\\?\\PhysicalDrive1",
    "\\\\.\\physicaldrive1",
    "\\??\\PHYSICALDRIVE1",
    "//./PhysicalDrive1",
    "\\\\.\\PhysicalDrive1.",
    "\\\\.\\Harddisk1Partition0",
    "\\\\.\\GLOBALROOT\\Device\\Harddisk1\\DR0",
    "\\\\?\\GLOBALROOT\\Device\\Harddisk1\\Partition0",
  ])("%s is disk 1, in check-disk.ps1 as in README.txt", (device) => {
    const files = filesOf(spelled(device));
    const ps = files.get("web/check-disk.ps1") ?? "";
    expect(ps).toContain("$disk = Get-Disk -Number 1 -ErrorAction SilentlyContinue");
    expect(ps).not.toMatch(/^Refuse /m);
    expect(files.get("README.txt")).toContain("(Windows, disk 1):");
    expect(files.get("README.txt")).toContain("Get-Partition -DiskNumber 1 | Where-Object Offset");
  });

  it.each([
    ["\\\\.\\Harddisk1Partition2", "names partition 2 of disk 1, not a whole disk"],
    ["\\\\?\\Volume{0f7a3c1e-0000-4000-8000-000000000001}", "names a volume, not a disk"],
    ["\\\\.\\E:", "names a volume, not a disk"],
    ["\\\\.\\PhysicalDrive01", "is not a Windows disk path this script knows"],
  ])("%s is refused, saying why", (device, why) => {
    const ps = ps1Of(spelled(device));
    expect(ps).not.toContain("Get-Disk -Number");
    expect(ps).toContain(`\r\nRefuse '${device} ${why}`);
  });
});

describe("check-disk.ps1 and BitLocker on a mapped partition", () => {
  const ps = ps1Of(windowsPlan(PART_1));
  const start = ps.indexOf("function CheckEncryption(");
  const fn = ps.slice(start, ps.indexOf("\r\n}\r\n", start) + 3);

  it("reads Get-BitLockerVolume once, and without it every mapped partition is 'not checked'", () => {
    expect(ps).toContain(
      "$bitLocker = $null\r\ntry { $bitLocker = @(Get-BitLockerVolume -ErrorAction Stop) } catch { }\r\n",
    );
    expect(fn).toContain(
      "  if ($null -eq $bitLocker) { NotChecked ('whether ' + $what + ' is BitLocker-encrypted: Get-BitLockerVolume is not available here",
    );
  });

  it("finds the partition's volume by its access paths, and a partition without one is 'not checked'", () => {
    expect(fn).toContain(
      "$paths = @($part.AccessPaths | Where-Object { $_ } | ForEach-Object { ([string]$_).TrimEnd('\\') })",
    );
    expect(fn).toContain(
      "$volume = @($bitLocker | Where-Object { $_.MountPoint -and ($paths -contains ([string]$_.MountPoint).TrimEnd('\\')) })[0]",
    );
    expect(fn).toContain(
      "  if (-not $volume) { NotChecked ('whether ' + $what + ' is BitLocker-encrypted: Get-BitLockerVolume shows no volume of it",
    );
  });

  it("refuses an encrypted or half-converted volume, saying the VM would read ciphertext", () => {
    expect(fn).toContain(
      "  if ([string]$volume.VolumeStatus -ne 'FullyDecrypted') { Refuse ($what + ' is BitLocker-encrypted (VolumeStatus ' + $volume.VolumeStatus + '): the VM would read ciphertext;",
    );
  });

  it("README.txt says to look for BitLocker before taking a mapped partition offline", () => {
    const readme = filesOf(windowsPlan(PART_1)).get("README.txt") ?? "";
    expect(readme).toContain("- BitLocker: the VM would read an encrypted partition's ciphertext.");
    expect(readme).toContain("(manage-bde -status)");
    expect(readme).toContain("(manage-bde -off <drive letter>)");
    const free = filesOf(windowsPlan({ startSector: 1000000n, sectors: 2048n })).get("README.txt");
    expect(free).not.toContain("BitLocker");
  });

  it("checks each mapped partition it finds", () => {
    const both = ps1Of(windowsPlan({ startSector: 2048n, sectors: 204800n + 409600n }));
    expect(both.match(/; CheckEncryption \$part 'partition [^']*' \}/g)).toHaveLength(2);
  });
});

/** windowsPlan(PART_1) with the disk's identity as a listing gives it. */
function identifiedPlan(identity: { serial?: string; diskGuid?: string; mbrSignature?: string }) {
  const plan = windowsPlan(PART_1);
  plan.disks = plan.disks.map((d) => ({ ...d, identity }));
  return plan;
}

describe("check-disk.ps1 and the disk's identity", () => {
  it("compares the GPT disk GUID from Get-Disk, and says so when the disk shows none", () => {
    const ps = ps1Of(identifiedPlan({ diskGuid: "{0F7A3C1E-0000-4000-8000-00000000000A}" }));
    expect(ps).toContain("  $guid = ([string]$disk.Guid).Trim().Trim('{}').ToLowerInvariant()\r\n");
    expect(ps).toContain(
      "  if (-not $guid) { NotChecked 'the disk GUID of disk 1 (the plan has 0f7a3c1e-0000-4000-8000-00000000000a): Get-Disk shows none (only a GPT disk has one); compare it by hand' } elseif ($guid -ne '0f7a3c1e-0000-4000-8000-00000000000a') { Refuse ('disk 1 has the disk GUID ' + $guid + ', the plan was made for 0f7a3c1e-0000-4000-8000-00000000000a: another disk') }\r\n",
    );
  });

  it("compares an MBR signature with Get-Disk's Signature as 8 hex digits", () => {
    const ps = ps1Of(identifiedPlan({ mbrSignature: "0x1A2B3C" }));
    expect(ps).toContain(
      "  if ($null -ne $disk.Signature) { $signature = '{0:x8}' -f [uint32]$disk.Signature }\r\n",
    );
    expect(ps).toContain("NotChecked 'the MBR signature of disk 1 (the plan has 001a2b3c)");
    expect(ps).toContain("elseif ($signature -ne '001a2b3c') { Refuse (");
  });

  it("compares the serial without blanks or case, as check-disk.sh does, and a serial Windows does not show is not checked, not passed", () => {
    const ps = ps1Of(identifiedPlan({ serial: "  WD-WX 11A  " }));
    expect(ps).toContain("  $serial = ([string]$disk.SerialNumber).Trim()\r\n");
    expect(ps).toContain(
      "  if (-not $serial) { NotChecked 'the serial of disk 1 (the plan has WD-WX 11A): Get-Disk shows none here; compare it by hand' } elseif (($serial -replace '\\s', '').ToLowerInvariant() -cne 'wd-wx11a') { Refuse (",
    );
    expect(ps).toContain("' + $serial + ', the plan was made for WD-WX 11A: another disk')");
    expect(ps).not.toContain("$disk.SerialNumber -and");
  });

  it("counts what it could not check and says so at the end instead of 'as planned'", () => {
    const ps = ps1Of(identifiedPlan({ serial: "WD-1" }));
    expect(ps).toContain(
      `function NotChecked([string]$what) { Write-Host "check-disk: not checked: $what" -ForegroundColor Yellow; $script:unchecked++ }`,
    );
    expect(ps).toMatch(
      /if \(\$failed\) \{ exit 1 \}\r\nif \(\$unchecked -gt 0\) \{\r\n {2}Write-Host "check-disk: every disk is as planned in all that could be checked; \$unchecked check\(s\) could not be made here/,
    );
  });
});

/**
 * A minimal model of PowerShell's tokenizer, enough for these scripts: `#` comments to the end
 * of the line, "…" strings (backtick escapes), and '…' strings, which any of the five single
 * quotes PowerShell knows (' ‘ ’ ‚ ‛) opens or closes, and two of them in a row stand for one.
 * Returns the code outside every string and comment, and the values of the '…' strings.
 */
function psTokens(text: string): { code: string; literals: string[] } {
  const quote = /['\u2018\u2019\u201a\u201b]/;
  let code = "";
  const literals: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (c === "#") {
      while (i < text.length && text.charAt(i) !== "\n") i++;
      code += "\n";
    } else if (c === '"') {
      for (i++; i < text.length && text.charAt(i) !== '"'; i++) if (text.charAt(i) === "`") i++;
      code += '""';
    } else if (quote.test(c)) {
      let value = "";
      for (i++; i < text.length; i++) {
        const d = text.charAt(i);
        if (!quote.test(d)) value += d;
        else if (quote.test(text.charAt(i + 1))) value += text.charAt(++i);
        else break;
      }
      literals.push(value);
      code += "''";
    } else code += c;
  }
  return { code, literals };
}

describe("check-disk.ps1 with crafted values in the plan", () => {
  const CRAFTED = [
    "x' ; Write-Host PWNED1 ; '",
    "x\u2019; Write-Host PWNED2; \u2018",
    'x`"$(Write-Host PWNED3)"',
    "a\r\n# PWNED4\r\nWrite-Host PWNED5 $env:PATH",
    "x''; Write-Host PWNED6 #",
  ];
  const fp = (value: string, labelId: string | null): DiskFingerprint => ({
    device: "\\\\.\\PhysicalDrive3",
    sectorSize: 512,
    sizeBytes: 1073741824n,
    labelId,
    serial: value,
    partitions: [{ label: value, start: 2048n, sectors: 204800n }],
    outsidePartitions: false,
    hostArea: false,
    wholeDisk: false,
    ranges: [{ from: 2048n, to: 206848n }],
    known: [{ start: 2048n, sectors: 204800n }],
  });

  it("the minimal tokenizer itself sees code outside quotes", () => {
    expect(psTokens("Write-Host 'a''b' # c").code).toBe("Write-Host '' \n");
    expect(psTokens("Write-Host 'a''b' # c").literals).toEqual(["a'b"]);
  });

  it.each(CRAFTED)("%j stays inside quoted strings, whole", (value) => {
    for (const labelId of [value, "0f7a3c1e-0000-4000-8000-000000000001", "1a2b3c4d"]) {
      const ps = checkDiskPs1([fp(value, labelId)]);
      const { code, literals } = psTokens(ps);
      expect(code).not.toMatch(/PWNED/);
      // Every place the value is used, it is there whole: the serial compared (as serialKey
      // spells it), and the label and serial in the messages.
      expect(literals).toContain(serialKey(value));
      expect(literals.some((l) => l.includes(`partition ${value} (disk 3, offset 1048576)`))).toBe(
        true,
      );
      expect(literals.some((l) => l.includes(`(the plan has ${value.trim()})`))).toBe(true);
    }
  });

  it("an identifier that is neither a GUID nor a signature is not checked, quoted", () => {
    const ps = checkDiskPs1([fp("WD-1", CRAFTED[0] ?? "")]);
    expect(psTokens(ps).code).not.toMatch(/PWNED/);
    expect(ps).toContain(
      "  NotChecked 'the disk identifier of disk 3: the plan''s x'' ; Write-Host",
    );
  });
});
