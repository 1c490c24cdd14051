/**
 * Per-VM scripts in the zip (docs/check-scripts.md):
 *
 *   check-disk.sh / check-disk.ps1   compare the live disk with what the plan was made from
 *                                    (size, identity, every partition a range touches) and
 *                                    refuse, saying what changed, with a non-zero exit
 *   register.sh / register.ps1       create or reuse the VM, add our controller, attach the
 *   register.cmd                     disk at the first free port (never over another disk),
 *                                    shareable; EFI firmware when the head holds a GPT; run
 *                                    the check first; running it twice changes nothing
 *
 * Every value from the plan enters a command quoted for that shell (shellQuote.ts).
 */
import type { Plan, PlanDisk, PlanPartition } from "../plan/types.ts";
import type { ReadmeDisk } from "./readme.ts";
import { hostOfDevice } from "./hostPreparation.ts";
import { psQuote, shQuote } from "./shellQuote.ts";
import { VMDK_SECTOR_BYTES } from "../units.ts";

/** The controller the scripts add and attach to: named by us, so it never holds another disk. */
export const CONTROLLER = "RawDiskPlanner";

/** What a check script compares for one device. */
export interface DiskFingerprint {
  device: string;
  sectorSize: number;
  sizeBytes: bigint | null;
  /** MBR signature (8 hex digits) or GPT disk GUID, lower case; null when the plan has none. */
  labelId: string | null;
  serial: string | null;
  /** Partitions a range of the VM touches: start and size in the disk's own sectors. */
  partitions: { label: string; start: bigint; sectors: bigint }[];
}

const overlaps = (p: PlanPartition, start: bigint, end: bigint): boolean =>
  p.startByte < end && start < p.startByte + p.sizeBytes;

/** The fingerprints of the devices one VM maps, from the plan's disks. */
export function fingerprints(plan: Plan, disk: ReadmeDisk): DiskFingerprint[] {
  const out = new Map<string, DiskFingerprint>();
  for (const extent of disk.layout.extents) {
    if (extent.source.kind !== "range") continue;
    const diskId = extent.source.disk;
    const planDisk = plan.disks.find((d) => d.id === diskId);
    if (!planDisk) continue;
    let fp = out.get(planDisk.device);
    if (!fp) {
      fp = {
        device: planDisk.device,
        sectorSize: planDisk.logicalSectorSize,
        sizeBytes: planDisk.sizeBytes,
        labelId: labelIdOf(planDisk),
        serial: planDisk.identity?.serial ?? null,
        partitions: [],
      };
      out.set(planDisk.device, fp);
    }
    const start = extent.offset * VMDK_SECTOR_BYTES;
    const end = start + extent.sectors * VMDK_SECTOR_BYTES;
    const unit = BigInt(planDisk.logicalSectorSize);
    for (const p of planDisk.partitions) {
      if (!overlaps(p, start, end) || p.flags?.includes("extended")) continue;
      if (fp.partitions.some((q) => q.start === p.startByte / unit)) continue;
      fp.partitions.push({
        label: p.label,
        start: p.startByte / unit,
        sectors: p.sizeBytes / unit,
      });
    }
  }
  return [...out.values()];
}

function labelIdOf(disk: PlanDisk): string | null {
  const id = disk.identity;
  const value = id?.diskGuid ?? id?.mbrSignature;
  return value ? value.toLowerCase().replace(/^0x/, "").replace(/[{}]/g, "") : null;
}

/**
 * check-disk.sh: Linux (full check), macOS and FreeBSD (size; partitions where gpt or fdisk can
 * tell).
 */
export function checkDiskSh(fps: readonly DiskFingerprint[]): string {
  const lines = [
    "#!/bin/sh",
    "# Made by Raw Disk Planner: checks that each disk this VM maps is still the disk the plan",
    "# was made from. It changes nothing. Exit 0: all as planned; exit 1: do not start the VM.",
    "# Run it as root (or with read access to the devices), before every start of the VM.",
    "# Paths are in single quotes on purpose (nothing in them may expand); some helpers are",
    "# unused when the plan knows no identifier for a disk.",
    "# shellcheck disable=SC2016,SC2317",
    "set -u",
    "status=0",
    'refuse() { printf "check-disk: %s\\n" "$*" >&2; status=1; }',
    "size_of() {",
    '  if command -v blockdev >/dev/null 2>&1; then blockdev --getsize64 "$1" 2>/dev/null',
    "  elif command -v diskutil >/dev/null 2>&1; then",
    "    diskutil info \"$1\" 2>/dev/null | sed -n 's/.*Disk Size:.*(\\([0-9]*\\) Bytes).*/\\1/p'",
    "  # FreeBSD: diskinfo prints the name, the sector size, then the size in bytes.",
    "  elif command -v diskinfo >/dev/null 2>&1; then diskinfo \"$1\" 2>/dev/null | awk '{ print $3 }'",
    "  fi",
    "}",
    "# Start and size of every partition, in the disk's sectors, one pair a line.",
    "partitions_of() {",
    "  if command -v sfdisk >/dev/null 2>&1; then",
    "    sfdisk -d \"$1\" 2>/dev/null | sed -n 's/.*start= *\\([0-9]*\\), *size= *\\([0-9]*\\).*/\\1 \\2/p'",
    "  fi",
    "}",
    "label_id_of() {",
    "  if command -v sfdisk >/dev/null 2>&1; then",
    "    sfdisk -d \"$1\" 2>/dev/null | sed -n 's/^label-id: *\\(0x\\)\\{0,1\\}//p' | tr 'A-F' 'a-f'",
    "  fi",
    "}",
  ];
  for (const fp of fps) {
    const dev = shQuote(fp.device);
    lines.push("", `dev=${dev}`);
    lines.push(
      'if [ ! -e "$dev" ]; then refuse "$dev does not exist (is the disk connected?)"; else',
    );
    if (fp.sizeBytes !== null) {
      lines.push(
        '  size=$(size_of "$dev")',
        `  if [ "$size" != ${shQuote(fp.sizeBytes.toString())} ]; then`,
        `    refuse "$dev is \${size:-of unknown size} bytes, the plan was made for ${fp.sizeBytes} bytes: another disk, or a disk that changed"`,
        "  fi",
      );
    }
    if (fp.labelId !== null) {
      lines.push(
        '  id=$(label_id_of "$dev")',
        `  if [ -n "$id" ] && [ "$id" != ${shQuote(fp.labelId)} ]; then`,
        `    refuse "$dev has the disk identifier $id, the plan was made for ${fp.labelId}: another disk"`,
        "  fi",
      );
    }
    if (fp.serial !== null) {
      lines.push(
        '  serial=$(lsblk -dno SERIAL "$dev" 2>/dev/null | tr -d " ")',
        `  if [ -n "$serial" ] && [ "$serial" != ${shQuote(fp.serial.replace(/\s/g, ""))} ]; then`,
        `    refuse "$dev has the serial $serial, the plan was made for ${fp.serial.replace(/["`$\\]/g, "")}: another disk"`,
        "  fi",
      );
    }
    if (fp.partitions.length > 0) {
      lines.push('  table=$(partitions_of "$dev")', '  if [ -z "$table" ]; then');
      lines.push(
        '    refuse "cannot read the partition table of $dev (sfdisk missing, or no table): partitions not checked"',
        "  else",
      );
      for (const p of fp.partitions) {
        const want = `${p.start} ${p.sectors}`;
        lines.push(
          `    if ! printf '%s\\n' "$table" | grep -qx ${shQuote(want)}; then`,
          `      refuse "$dev: partition ${p.label.replace(/["`$\\]/g, "")} is no longer at sector ${p.start} with ${p.sectors} sectors: the partition table changed since the plan was made"`,
          "    fi",
        );
      }
      lines.push("  fi");
    }
    lines.push("fi");
  }
  lines.push(
    "",
    'if [ "$status" -eq 0 ]; then echo "check-disk: every disk is as planned."; fi',
    'exit "$status"',
    "",
  );
  return lines.join("\n");
}

/** check-disk.ps1: Windows, through Get-Disk and Get-Partition. */
export function checkDiskPs1(fps: readonly DiskFingerprint[]): string {
  const lines = [
    "# Made by Raw Disk Planner: checks that each disk this VM maps is still the disk the plan",
    "# was made from. It changes nothing. Exit 0: all as planned; exit 1: do not start the VM.",
    "$ErrorActionPreference = 'Stop'",
    "$failed = $false",
    'function Refuse([string]$why) { Write-Host "check-disk: $why" -ForegroundColor Red; $script:failed = $true }',
  ];
  for (const fp of fps) {
    const number = /^\\\\[.?]\\PhysicalDrive(\d+)$/i.exec(fp.device)?.[1];
    if (number === undefined) {
      lines.push(
        `Refuse ${psQuote(`${fp.device} is not a \\\\.\\PhysicalDriveN path: check it by hand`)}`,
      );
      continue;
    }
    lines.push(
      "",
      `$disk = Get-Disk -Number ${number} -ErrorAction SilentlyContinue`,
      `if (-not $disk) { Refuse ${psQuote(`disk ${number} does not exist (is the disk connected?)`)} } else {`,
    );
    if (fp.sizeBytes !== null) {
      lines.push(
        `  if ([string]$disk.Size -ne ${psQuote(fp.sizeBytes.toString())}) { Refuse (${psQuote(`disk ${number} is `)} + $disk.Size + ${psQuote(` bytes, the plan was made for ${fp.sizeBytes} bytes: another disk, or a disk that changed`)}) }`,
      );
    }
    if (fp.serial !== null) {
      lines.push(
        `  if ($disk.SerialNumber -and $disk.SerialNumber.Trim() -ne ${psQuote(fp.serial)}) { Refuse (${psQuote(`disk ${number} has the serial `)} + $disk.SerialNumber + ${psQuote(`, the plan was made for ${fp.serial}: another disk`)}) }`,
      );
    }
    if (fp.partitions.length > 0) {
      lines.push(`  $parts = Get-Partition -DiskNumber ${number} -ErrorAction SilentlyContinue`);
      const unit = BigInt(fp.sectorSize);
      for (const p of fp.partitions) {
        const offset = (p.start * unit).toString();
        const size = (p.sectors * unit).toString();
        lines.push(
          `  if (-not ($parts | Where-Object { [string]$_.Offset -eq ${psQuote(offset)} -and [string]$_.Size -eq ${psQuote(size)} })) { Refuse ${psQuote(`disk ${number}: no partition at offset ${offset} with ${size} bytes (${p.label}): the partition table changed since the plan was made`)} }`,
        );
      }
    }
    lines.push("}");
  }
  lines.push(
    "",
    "if ($failed) { exit 1 }",
    "Write-Host 'check-disk: every disk is as planned.'",
    "exit 0",
    "",
  );
  return lines.join("\r\n");
}

/** register.sh: Linux and macOS. */
export function registerSh(disk: ReadmeDisk): string {
  const vm = shQuote(disk.vm.name);
  const efi = disk.layout.guest.table === "gpt";
  return [
    "#!/bin/sh",
    "# Made by Raw Disk Planner: registers this folder's disk with a VirtualBox VM.",
    "# Creates the VM if it does not exist, adds the controller RawDiskPlanner, and attaches the",
    "# disk at the first free port of that controller (never over another disk), shareable.",
    "# Running it again changes nothing. Usage: sh register.sh [VM name]",
    "# shellcheck disable=SC2016",
    "set -eu",
    `vm=\${1:-${vm}}`,
    'here=$(cd "$(dirname "$0")" && pwd)',
    `medium="$here"/${shQuote(disk.descriptorFile)}`,
    'sh "$here/check-disk.sh" || { echo "register: check-disk refused; nothing was changed." >&2; exit 1; }',
    'if ! VBoxManage showvminfo "$vm" >/dev/null 2>&1; then',
    '  VBoxManage createvm --name "$vm" --register',
    "fi",
    'info=$(VBoxManage showvminfo "$vm" --machinereadable)',
    `if ! printf '%s\\n' "$info" | grep -q '^storagecontrollername[0-9]*="${CONTROLLER}"$'; then`,
    `  VBoxManage storagectl "$vm" --name ${CONTROLLER} --add sata --portcount 30`,
    '  info=$(VBoxManage showvminfo "$vm" --machinereadable)',
    "fi",
    'if printf \'%s\\n\' "$info" | grep -qF "\\"$medium\\""; then',
    '  echo "register: $medium is already attached to $vm: nothing to do."',
    "  exit 0",
    "fi",
    "port=0",
    `while printf '%s\\n' "$info" | grep -q "^\\"${CONTROLLER}-$port-0\\"=\\"[^n]"; do port=$((port + 1)); done`,
    `VBoxManage storageattach "$vm" --storagectl ${CONTROLLER} --port "$port" --device 0 --type hdd --medium "$medium" --mtype shareable`,
    ...(efi ? ['VBoxManage modifyvm "$vm" --firmware efi'] : []),
    `echo "register: attached $medium to $vm (controller ${CONTROLLER}, port $port), shareable."`,
    "",
  ].join("\n");
}

/** register.ps1: Windows, with VBoxManage from its install folder. */
export function registerPs1(disk: ReadmeDisk): string {
  const efi = disk.layout.guest.table === "gpt";
  return [
    "# Made by Raw Disk Planner: registers this folder's disk with a VirtualBox VM.",
    "# Creates the VM if it does not exist, adds the controller RawDiskPlanner, and attaches the",
    "# disk at the first free port of that controller (never over another disk), shareable.",
    "# Running it again changes nothing. Run as Administrator: register.cmd [VM name]",
    `param([string]$Vm = ${psQuote(disk.vm.name)})`,
    "$ErrorActionPreference = 'Stop'",
    "$vbox = Join-Path $env:ProgramFiles 'Oracle\\VirtualBox\\VBoxManage.exe'",
    "if (-not (Test-Path -LiteralPath $vbox)) { $vbox = 'VBoxManage.exe' }",
    `$medium = Join-Path $PSScriptRoot ${psQuote(disk.descriptorFile)}`,
    "& powershell -NoProfile -ExecutionPolicy Bypass -File (Join-Path $PSScriptRoot 'check-disk.ps1')",
    "if ($LASTEXITCODE -ne 0) { Write-Host 'register: check-disk refused; nothing was changed.'; exit 1 }",
    "& $vbox showvminfo $Vm *> $null",
    "if ($LASTEXITCODE -ne 0) { & $vbox createvm --name $Vm --register; if ($LASTEXITCODE -ne 0) { exit 1 } }",
    "$info = & $vbox showvminfo $Vm --machinereadable",
    `if (-not ($info -match '^storagecontrollername\\d+="${CONTROLLER}"$')) {`,
    `  & $vbox storagectl $Vm --name ${CONTROLLER} --add sata --portcount 30`,
    "  $info = & $vbox showvminfo $Vm --machinereadable",
    "}",
    "if ($info | Where-Object { $_.Contains('\"' + $medium + '\"') }) { Write-Host \"register: $medium is already attached to ${Vm}: nothing to do.\"; exit 0 }",
    "$port = 0",
    `while ($info -match ('^"${CONTROLLER}-' + $port + '-0"="[^n]')) { $port++ }`,
    `& $vbox storageattach $Vm --storagectl ${CONTROLLER} --port $port --device 0 --type hdd --medium $medium --mtype shareable`,
    "if ($LASTEXITCODE -ne 0) { exit 1 }",
    ...(efi ? ["& $vbox modifyvm $Vm --firmware efi"] : []),
    `Write-Host "register: attached $medium to $Vm (controller ${CONTROLLER}, port $port), shareable."`,
    "",
  ].join("\r\n");
}

/** register.cmd: double-click or cmd.exe entry point for register.ps1. */
export function registerCmd(): string {
  return [
    "@echo off",
    "rem Made by Raw Disk Planner: runs register.ps1 (run as Administrator).",
    'powershell -NoProfile -ExecutionPolicy Bypass -File "%~dp0register.ps1" %*',
    "",
  ].join("\r\n");
}

/** The script files of one VM folder, by the host its devices belong to (all when mixed). */
export function vmScripts(plan: Plan, disk: ReadmeDisk): { name: string; text: string }[] {
  const fps = fingerprints(plan, disk);
  const hosts = new Set(fps.map((f) => hostOfDevice(f.device)));
  const windows = hosts.has("windows");
  const unix = hosts.has("linux") || hosts.has("macos") || hosts.has("unknown");
  const out: { name: string; text: string }[] = [];
  if (unix || !windows) {
    out.push({ name: "check-disk.sh", text: checkDiskSh(fps) });
    out.push({ name: "register.sh", text: registerSh(disk) });
  }
  if (windows) {
    out.push({ name: "check-disk.ps1", text: checkDiskPs1(fps) });
    out.push({ name: "register.ps1", text: registerPs1(disk) });
    out.push({ name: "register.cmd", text: registerCmd() });
  }
  return out;
}
