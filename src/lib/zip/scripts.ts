/**
 * Per-VM scripts in the zip (docs/check-scripts.md):
 *
 *   check-disk.sh / check-disk.ps1   compare the live disk with what the plan was made from
 *                                    (size, identity, every partition a range touches and
 *                                    that it is not mounted; on macOS, FreeBSD and Windows
 *                                    also the boot disk) and
 *                                    refuse, saying what changed, with a non-zero exit; what
 *                                    a system cannot tell is printed as "not checked"
 *   register.sh / register.ps1       create or reuse the VM, add our controller, attach the
 *   register.cmd                     disk at the first free port (never over another disk),
 *                                    shareable; EFI firmware when the head holds a GPT; run
 *                                    the check first; running it twice changes nothing
 *
 * Every value from the plan enters a command quoted for that shell (shellQuote.ts).
 */
import type { Plan, PlanDisk, PlanPartition } from "../plan/types.ts";
import type { ReadmeDisk } from "./readme.ts";
import { hostAreas, partitionSpans } from "../check/hostAreas.ts";
import { hostOfDevice, windowsDevice, type WindowsDevice } from "./hostPreparation.ts";
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
  /** A range maps bytes outside every partition (the partition table, or free space). */
  outsidePartitions: boolean;
  /**
   * A range maps space the host's partitioning keeps for itself: the partition table before
   * the first partition, EBRs, GPT's backup table, a gap wmic leaves unlisted (the same areas
   * the plan's checks warn about: check/hostAreas.ts).
   */
  hostArea: boolean;
  /** A range maps the whole disk, from its first byte to its last (size known). */
  wholeDisk: boolean;
  /** Each range of the VM on this disk, in the disk's own sectors: [from, to). */
  ranges: { from: bigint; to: bigint }[];
  /**
   * Every partition the plan knows on this disk (extended ones too), in the disk's sectors: a
   * live partition in a mapped range that is none of these was created since the plan was made,
   * or left out of the listing, and the VM would write over it.
   */
  known: { start: bigint; sectors: bigint }[];
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
    const unit = BigInt(planDisk.logicalSectorSize);
    let fp = out.get(planDisk.device);
    if (!fp) {
      fp = {
        device: planDisk.device,
        sectorSize: planDisk.logicalSectorSize,
        sizeBytes: planDisk.sizeBytes,
        labelId: labelIdOf(planDisk),
        serial: planDisk.identity?.serial ?? null,
        partitions: [],
        outsidePartitions: false,
        hostArea: false,
        wholeDisk: false,
        ranges: [],
        known: planDisk.partitions.map((p) => ({
          start: p.startByte / unit,
          sectors: p.sizeBytes / unit,
        })),
      };
      out.set(planDisk.device, fp);
    }
    const start = extent.offset * VMDK_SECTOR_BYTES;
    const end = start + extent.sectors * VMDK_SECTOR_BYTES;
    fp.ranges.push({ from: start / unit, to: (end + unit - 1n) / unit });
    if (uncovered(planDisk, start, end)) fp.outsidePartitions = true;
    const [from, to] = [extent.offset, extent.offset + extent.sectors];
    const kept = hostAreas(
      { disk: planDisk, sizeBytes: planDisk.sizeBytes },
      partitionSpans(planDisk),
    );
    if (kept.some((a) => a.start < to && from < a.end)) fp.hostArea = true;
    if (start === 0n && planDisk.sizeBytes !== null && end >= planDisk.sizeBytes)
      fp.wholeDisk = true;
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

/** True when some byte of [start, end) lies in no partition (an extended one's EBRs count as outside). */
function uncovered(disk: PlanDisk, start: bigint, end: bigint): boolean {
  const parts = disk.partitions
    .filter((p) => !p.flags?.includes("extended"))
    .sort((a, b) => (a.startByte < b.startByte ? -1 : a.startByte > b.startByte ? 1 : 0));
  let at = start;
  for (const p of parts) {
    if (at >= end) break;
    if (p.startByte > at) return true;
    if (p.startByte + p.sizeBytes > at) at = p.startByte + p.sizeBytes;
  }
  return at < end;
}

function labelIdOf(disk: PlanDisk): string | null {
  const id = disk.identity;
  const value = id?.diskGuid ?? id?.mbrSignature;
  return value ? value.toLowerCase().replace(/^0x/, "").replace(/[{}]/g, "") : null;
}

/**
 * A serial number as both check scripts compare it: without any blank, and ASCII letters in
 * lower case (the sh script lowers the live serial with tr '[:upper:]' '[:lower:]', check-disk.ps1 with
 * ToLowerInvariant; ATA and NVMe serials are ASCII). Case and blanks are spelling: tools report
 * one serial in different case (an FTDI driver returned DAE003fz for a board labelled DAE003FZ,
 * github.com/petersbingham/dae-py-relay-controller/pull/3; machine serials seen in both cases,
 * github.com/es128/serial-number/pull/13), wmic pads serials with blanks, lsblk's tr removes
 * them, and the plan's own identity check ignores both (identityValueKey,
 * docs/device-identity.md). Two different disks whose serials differ only in case or blanks are
 * not a case anyone has reported, while a false "another disk" teaches users to skip the check.
 *
 * @example serialKey(" WD-WX11A ") // "wd-wx11a"
 */
export function serialKey(serial: string): string {
  return serial.replace(/\s/g, "").replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/** Words for a value inside a double-quoted sh string: no quote, backquote, dollar or backslash. */
const inDq = (text: string): string =>
  // eslint-disable-next-line no-control-regex
  text.replace(/["`$\\]/g, "").replace(/[\u0000-\u001f\u007f]/g, " ");

/**
 * check-disk.sh for Linux, macOS and FreeBSD (by `uname -s`): the disk's size, its partition
 * table (every partition a range touches, at its start with its length), its identifier and
 * serial where the system shows them; that no touched partition is mounted or in use; and on
 * macOS and FreeBSD that the disk is not the one the host runs from. A check the system
 * cannot make is named ("not checked: …"), never passed in silence.
 */
export function checkDiskSh(fps: readonly DiskFingerprint[]): string {
  const lines = [
    "#!/bin/sh",
    "# Made by Raw Disk Planner: checks that each disk this VM maps is still the disk the plan",
    "# was made from. It changes nothing. Exit 0: all as planned; exit 1: do not start the VM.",
    "# Run it as root (or with read access to the devices), before every start of the VM.",
    "# Linux, macOS and FreeBSD; what a system cannot tell is printed as 'not checked'.",
    "# Paths are in single quotes on purpose (nothing in them may expand); some helpers are",
    "# unused when the plan knows no identifier for a disk.",
    "# shellcheck disable=SC2016,SC2317",
    "set -u",
    "status=0",
    "unchecked=0",
    "said=0",
    'refuse() { printf "check-disk: %s\\n" "$*" >&2; status=1; said=$((said + 1)); }',
    'not_checked() { printf "check-disk: not checked: %s\\n" "$*" >&2; unchecked=$((unchecked + 1)); said=$((said + 1)); }',
    "os=$(uname -s 2>/dev/null)",
    "# The tools' error output goes to $errlog, so that a tool denied access is told apart from",
    "# a disk that shows nothing: a check whose tool was denied did not pass.",
    "errs=$(mktemp 2>/dev/null) || errs=''",
    "errlog=${errs:-/dev/null}",
    '[ -z "$errs" ] || trap \'rm -f "$errs"\' EXIT',
    'forget() { [ -z "$errs" ] || : >"$errs"; }',
    "# Did a tool since the last call say it may not read? Empties the log either way.",
    "denied() {",
    '  [ -n "$errs" ] || return 1',
    "  if grep -qi -e 'permission denied' -e 'not permitted' \"$errs\"; then d=0; else d=1; fi",
    "  forget",
    '  return "$d"',
    "}",
    "# After a check that said nothing (said as before it, in $1): a denied tool means it was not made.",
    "unless_denied() {",
    '  if denied && [ "$said" = "$1" ]; then not_checked "$2: a tool was denied access (run check-disk.sh as root)"; fi',
    "}",
    "# The disk's own name: diskN for diskutil (from /dev/diskN or /dev/rdiskN), ada0 for gpart.",
    "disk_name() {",
    '  case "$os" in',
    "    Darwin) d=${1##*/}; d=${d#r}; printf '%s\\n' \"${d%%s[0-9]*}\" ;;",
    "    *) printf '%s\\n' \"${1#/dev/}\" ;;",
    "  esac",
    "}",
    "size_of() {",
    '  case "$os" in',
    '    Linux) blockdev --getsize64 "$1" 2>>"$errlog" ;;',
    '    Darwin) diskutil info "$1" 2>>"$errlog" | sed -n \'s/.*Disk Size:.*(\\([0-9]*\\) Bytes).*/\\1/p\' ;;',
    "    # FreeBSD: diskinfo prints the name, the sector size, then the size in bytes.",
    '    FreeBSD) diskinfo "$1" 2>>"$errlog" | awk \'{ print $3 }\' ;;',
    "    *)",
    '      if command -v blockdev >/dev/null 2>&1; then blockdev --getsize64 "$1" 2>>"$errlog"',
    '      elif command -v diskinfo >/dev/null 2>&1; then diskinfo "$1" 2>>"$errlog" | awk \'{ print $3 }\'',
    "      fi ;;",
    "  esac",
    "}",
    "# Every partition, one a line: its start and size in the disk's sectors, its GEOM access",
    "# mode on FreeBSD (r0w0e0: nobody has it open; elsewhere '-'), then its device name.",
    "partitions_of() {",
    '  case "$os" in',
    "    Darwin)",
    "      # gpt -r show: start, size, index, contents; the rows with an index are partitions.",
    '      name=$(disk_name "$1")',
    '      gpt -r show "$1" 2>>"$errlog" | awk -v d="$name" \'$1 ~ /^[0-9]+$/ && $2 ~ /^[0-9]+$/ && $3 ~ /^[0-9]+$/ { print $1, $2, "-", d "s" $3 }\' ;;',
    "    FreeBSD)",
    "      # gpart list: per provider its Name, Mode, start and end sector, in no fixed order.",
    '      gpart list "$(disk_name "$1")" 2>>"$errlog" | awk \'',
    '        function flush() { if (n != "" && s != "" && e != "") print s, e, (m == "" ? "-" : m), n; n = ""; s = ""; e = ""; m = "" }',
    "        /^Consumers:/ { flush(); c = 1 }",
    "        /^[0-9]+\\. Name: / { flush(); if (!c) n = $3 }",
    '        $1 == "Mode:" { m = $2 }',
    '        $1 == "start:" { s = $2 }',
    '        $1 == "end:" { e = $2 }',
    '        END { flush() }\' | while read -r s e m n; do echo "$s $((e - s + 1)) $m $n"; done ;;',
    "    *)",
    "      if command -v sfdisk >/dev/null 2>&1; then",
    "        # sfdisk -d: '<partition node> : start=…, size=…, type=…'.",
    '        sfdisk -d "$1" 2>>"$errlog" | sed -n \'s/^\\(.*[^ ]\\) *: *start= *\\([0-9]*\\), *size= *\\([0-9]*\\).*/\\2 \\3 - \\1/p\'',
    "      fi ;;",
    "  esac",
    "}",
    "# Linux: the signatures wipefs finds on a disk, partition tables left out: a file system,",
    "# LVM, RAID or encryption made on the whole disk, which no partition table shows.",
    "whole_disk_signatures() {",
    '  wipefs -p "$1" 2>>"$errlog" | awk -F, \'!/^#/ && NF >= 4 && $NF != "gpt" && $NF != "PMBR" && $NF != "dos" { printf "%s%s", (n++ ? ", " : ""), $NF }\'',
    "}",
    "label_id_of() {",
    '  if [ "$os" != Darwin ] && [ "$os" != FreeBSD ] && command -v sfdisk >/dev/null 2>&1; then',
    "    sfdisk -d \"$1\" 2>>\"$errlog\" | sed -n 's/^label-id: *\\(0x\\)\\{0,1\\}//p' | tr 'A-F' 'a-f'",
    "  fi",
    "}",
    "serial_of() {",
    '  case "$os" in',
    '    Linux) lsblk -dno SERIAL "$1" 2>>"$errlog" | tr -d \' \' ;;',
    "    # FreeBSD: diskinfo -v shows the disk's ident (its serial number) as '<ident>  # Disk ident.'",
    '    FreeBSD) diskinfo -v "$1" 2>>"$errlog" | awk \'/# Disk ident\\./ { print $1 }\' ;;',
    "  esac",
    "}",
    "# Is a partition (name, GEOM mode, words) mounted or otherwise in use?",
    "check_unused() {",
    '  case "$os" in',
    "    Darwin)",
    "      if mount | awk -v p=\"/dev/$1\" '$1 == p { f = 1 } END { exit !f }'; then",
    '        refuse "$3 (/dev/$1) is mounted: unmount it (diskutil unmount $1) before the VM starts"',
    "      fi",
    "      # An APFS container: its volumes are mounted from a synthesized disk whose physical",
    "      # store is this partition (diskutil list: '/dev/disk3 (synthesized):' … 'Physical Store disk0s2').",
    '      for v in $(diskutil list 2>>"$errlog" | awk -v p="$1" \'/^\\/dev\\/disk[0-9]+ .*synthesized/ { d = $1 } $1 == "Physical" && $2 == "Store" && $3 == p { print d }\'); do',
    "        if mount | awk -v d=\"$v\" 'index($1, d) == 1 && substr($1, length(d) + 1) ~ /^(s[0-9]+)*$/ { f = 1 } END { exit !f }'; then",
    '          refuse "$3 ($1) holds the APFS container $v, whose volumes are mounted: unmount them (diskutil unmountDisk $v)"',
    "        fi",
    "      done ;;",
    "    FreeBSD)",
    "      if mount | awk -v p=\"/dev/$1\" '$1 == p { f = 1 } END { exit !f }'; then",
    '        refuse "$3 (/dev/$1) is mounted: unmount it before the VM starts"',
    '      elif [ -n "$2" ] && [ "$2" != r0w0e0 ]; then',
    '        refuse "$3 ($1) is in use (GEOM mode $2): mounted, swapped on, or in a ZFS pool or another GEOM"',
    "      fi ;;",
    "    Linux)",
    "      # lsblk lists the partition and what is built on it (dm-crypt, LVM) with their mount points.",
    '      if [ ! -e "$1" ] || ! command -v lsblk >/dev/null 2>&1; then',
    '        not_checked "whether $3 is mounted ($1 is not a device here, or lsblk is missing)"',
    '      elif lsblk -nro MOUNTPOINT "$1" 2>>"$errlog" | grep -q .; then',
    '        refuse "$3 ($1) is mounted, swapped on, or holds a mounted device: unmount it before the VM starts"',
    "      fi ;;",
    '    *) not_checked "whether $3 is mounted: this script does not know how on ${os:-this system}" ;;',
    "  esac",
    "}",
    "# FreeBSD: how the partition table holds the disk (r0w0e0 when none of its partitions is open).",
    "disk_mode() {",
    '  gpart list "$(disk_name "$1")" 2>>"$errlog" | awk \'/^Consumers:/ { c = 1 } c && $1 == "Mode:" { print $2; exit }\'',
    "}",
    "# Is this the disk the running system was started from?",
    "check_not_boot() {",
    '  name=$(disk_name "$1")',
    '  case "$os" in',
    "    Darwin)",
    "      # diskutil info /: an APFS volume names its container's physical store, others their disk.",
    '      info=$(diskutil info / 2>>"$errlog")',
    "      root=$(printf '%s\\n' \"$info\" | sed -n 's/^ *APFS Physical Store: *//p')",
    "      [ -n \"$root\" ] || root=$(printf '%s\\n' \"$info\" | sed -n 's/^ *Part of Whole: *//p')",
    "      root=${root%%s[0-9]*}",
    '      if [ -z "$root" ]; then not_checked "whether $1 is the disk macOS runs from (diskutil info / named no disk)"',
    '      elif [ "$root" = "$name" ]; then refuse "$1 is the disk macOS runs from (/ is on $root): never give it to a VM"',
    "      fi ;;",
    "    FreeBSD)",
    '      root=$(mount -p 2>>"$errlog" | awk \'$2 == "/" { print $1; exit }\')',
    '      case "$root" in',
    '        "") not_checked "whether $1 is the disk FreeBSD runs from (mount -p shows no /)" ;;',
    "        /dev/*)",
    '          case "${root#/dev/}" in',
    '            "$name" | "$name"[ps][0-9]*) refuse "$1 is the disk FreeBSD runs from (/ is $root): never give it to a VM" ;;',
    "          esac ;;",
    "        *)",
    "          # ZFS: / is a dataset; the disks are the devices of its pool.",
    '          for v in $(zpool status -P "${root%%/*}" 2>>"$errlog" | awk \'$1 ~ /^\\/dev\\// { print $1 }\'); do',
    '            case "${v#/dev/}" in',
    '              "$name" | "$name"[ps][0-9]*) refuse "$1 is the disk FreeBSD runs from (/ is $root, in a pool on $v): never give it to a VM" ;;',
    "            esac",
    "          done ;;",
    "      esac",
    "      # GEOM lets nobody write to a disk while any of its partitions is open.",
    '      mode=$(disk_mode "$1")',
    '      if [ -n "$mode" ] && [ "$mode" != r0w0e0 ]; then',
    '        refuse "a partition of $1 is in use (GEOM mode $mode): FreeBSD lets VirtualBox write to the disk only when none of its partitions is mounted, swapped on or in a ZFS pool"',
    '      elif [ -z "$mode" ]; then',
    '        not_checked "whether a partition of $1 is in use (gpart list shows no mode)"',
    "      fi ;;",
    "    Linux) ;;",
    '    *) not_checked "whether $1 is the disk the host runs from: this script does not know how on ${os:-this system}" ;;',
    "  esac",
    "}",
  ];
  // Root, or a user whose group may read the disks (README.txt's host preparation gives one
  // that); anyone else stops here, before tools that cannot open the disk say nothing useful.
  lines.push(
    "",
    "# Reading a disk's size and partition table opens the device: root can, and a user the",
    "# device's group lets read (disk on Linux, operator on FreeBSD). Anyone else stops here.",
    "can_read() {",
    '  if [ -e "$1" ] && ! dd if="$1" of=/dev/null bs=4096 count=1 2>/dev/null; then',
    '    refuse "needs root: user $(id -un 2>/dev/null) cannot read $1, so its size and partition table cannot be checked; run it as root (sudo sh check-disk.sh)"',
    "  fi",
    "}",
    'if [ "$(id -u 2>/dev/null)" != 0 ]; then',
    ...fps.map((fp) => `  can_read ${shQuote(fp.device)}`),
    '  [ "$status" -eq 0 ] || exit 1',
    "fi",
  );
  for (const fp of fps) {
    const dev = shQuote(fp.device);
    lines.push("", `dev=${dev}`);
    lines.push(
      'if [ ! -e "$dev" ]; then refuse "$dev does not exist (is the disk connected?)"; else',
      "  forget",
    );
    if (fp.sizeBytes !== null) {
      lines.push(
        '  size=$(size_of "$dev")',
        '  if [ -z "$size" ] && denied; then',
        '    refuse "cannot read the size of $dev: permission denied; run check-disk.sh as root"',
        `  elif [ "$size" != ${shQuote(fp.sizeBytes.toString())} ]; then`,
        `    refuse "$dev is \${size:-of unknown size} bytes, the plan was made for ${fp.sizeBytes} bytes: another disk, or a disk that changed"`,
        "  fi",
      );
    }
    if (fp.labelId !== null) {
      lines.push(
        '  id=$(label_id_of "$dev")',
        '  if [ -z "$id" ] && denied; then',
        `    not_checked "the disk identifier of $dev (the plan has ${inDq(fp.labelId)}): permission denied; run check-disk.sh as root"`,
        '  elif [ -z "$id" ]; then',
        `    not_checked "the disk identifier of $dev (the plan has ${inDq(fp.labelId)}): not readable on \${os:-this system}"`,
        `  elif [ "$id" != ${shQuote(fp.labelId)} ]; then`,
        `    refuse "$dev has the disk identifier $id, the plan was made for ${inDq(fp.labelId)}: another disk"`,
        "  fi",
      );
    }
    if (fp.serial !== null) {
      lines.push(
        '  serial=$(serial_of "$dev")',
        '  if [ -z "$serial" ] && denied; then',
        `    not_checked "the serial of $dev (the plan has ${inDq(fp.serial)}): permission denied; run check-disk.sh as root"`,
        '  elif [ -z "$serial" ]; then',
        `    not_checked "the serial of $dev (the plan has ${inDq(fp.serial)}): \${os:-this system} does not report it here; compare it by hand"`,
        `  elif [ "$(printf '%s' "$serial" | tr -d '[:space:]' | tr '[:upper:]' '[:lower:]')" != ${shQuote(serialKey(fp.serial))} ]; then`,
        `    refuse "$dev has the serial $serial, the plan was made for ${inDq(fp.serial)}: another disk"`,
        "  fi",
      );
    }
    lines.push(
      "  forget; before=$said",
      '  check_not_boot "$dev"',
      '  unless_denied "$before" "whether $dev is the disk the host runs from"',
    );
    lines.push(
      "  forget",
      '  table=$(partitions_of "$dev")',
      '  if [ -z "$table" ] && denied; then',
      '    refuse "cannot read the partition table of $dev: permission denied; run check-disk.sh as root"',
      '  elif [ -z "$table" ]; then',
    );
    lines.push(
      fp.partitions.length > 0
        ? '    refuse "cannot read the partition table of $dev (sfdisk on Linux, gpt on macOS, gpart on FreeBSD; or no table): partitions not checked"'
        : fp.known.length > 0
          ? '    refuse "cannot read the partition table of $dev (sfdisk on Linux, gpt on macOS, gpart on FreeBSD; or no table): whether the free space this VM maps is still free is unknown"'
          : "    : # no partition there, as when the plan was made",
    );
    // A disk the plan found empty: on Linux, no file system (LVM, RAID…) on the whole of it
    // either (docs/check-scripts.md); elsewhere there is no tool for it in the base system.
    if (fp.partitions.length === 0 && fp.known.length === 0) lines.push(...wholeDiskCheck());
    lines.push("  else");
    for (const p of fp.partitions) {
      const words = inDq(p.label);
      lines.push(
        `    part=$(printf '%s\\n' "$table" | awk -v s=${shQuote(p.start.toString())} -v n=${shQuote(p.sectors.toString())} '$1 == s && $2 == n { print; exit }')`,
        '    if [ -z "$part" ]; then',
        `      refuse "$dev: partition ${words} is no longer at sector ${p.start} with ${p.sectors} sectors: the partition table changed since the plan was made"`,
        "    else",
        "      forget; before=$said",
        `      check_unused "$(printf '%s\\n' "$part" | sed 's/^[^ ]* [^ ]* [^ ]* //')" "$(printf '%s\\n' "$part" | awk '{ print $3 }')" ${shQuote(`partition ${words}`)}`,
        `      unless_denied "$before" ${shQuote(`whether partition ${words} is mounted or in use`)}`,
        "    fi",
      );
    }
    lines.push(...strayPartitionCheck(fp), "  fi");
    lines.push("fi");
  }
  lines.push(
    "",
    'if [ "$status" -eq 0 ]; then',
    '  if [ "$unchecked" -gt 0 ]; then',
    '    echo "check-disk: every disk is as planned in all that could be checked; $unchecked check(s) could not be made here (see above): make them by hand."',
    "  else",
    '    echo "check-disk: every disk is as planned."',
    "  fi",
    "fi",
    'exit "$status"',
    "",
  );
  return lines.join("\n");
}

/**
 * check-disk.sh's lines, for a disk the plan found without partitions and that still has none,
 * that refuse one holding a file system, LVM, RAID or encryption made on the whole disk: no
 * partition table shows those, and the VM would write over them. Linux only (wipefs, in
 * util-linux); a wipefs denied access, or missing, is "not checked".
 */
function wholeDiskCheck(): string[] {
  return [
    '    if [ "$os" = Linux ]; then',
    "      if command -v wipefs >/dev/null 2>&1; then",
    "        forget",
    '        sig=$(whole_disk_signatures "$dev")',
    '        if [ -n "$sig" ]; then',
    '          refuse "$dev has no partition, as when the plan was made, but wipefs finds $sig on it: a file system, LVM, RAID or encryption made on the whole disk; the VM would write over it"',
    "        elif denied; then",
    '          not_checked "whether $dev holds a file system made on the whole disk: wipefs was denied access (run check-disk.sh as root)"',
    "        fi",
    "      else",
    '        not_checked "whether $dev holds a file system made on the whole disk: wipefs (util-linux) is not installed"',
    "      fi",
    "    fi",
  ];
}

/**
 * check-disk.sh's lines that refuse a live partition lying in a range this VM maps which the
 * plan does not know (by start and size): one created since the plan was made, or one the
 * listing left out (a trimmed paste, rows pasted alone, a gap wmic did not list). A live
 * partition that holds a known one whole is a container (an extended partition; lsblk lists
 * those as 1 KiB) and is let be. The table's lines are `start size mode name` in the disk's
 * sectors (partitions_of); awk's numbers are exact to 2^53 sectors.
 */
function strayPartitionCheck(fp: DiskFingerprint): string[] {
  const ranges = fp.ranges.map((r) => `${r.from}:${r.to}`).join(" ");
  const known = fp.known.map((k) => `${k.start}:${k.sectors}`).join(" ");
  return [
    `    stray=$(printf '%s\\n' "$table" | awk -v r=${shQuote(ranges)} -v k=${shQuote(known)} '`,
    '      BEGIN { nr = split(r, R, " "); nk = split(k, K, " "); for (i = 1; i <= nk; i++) { known[K[i]] = 1; split(K[i], x, ":"); ks[i] = x[1] + 0; kn[i] = x[2] + 0 } }',
    '      $2 + 0 > 0 && !(($1 ":" $2) in known) {',
    "        for (i = 1; i <= nk; i++) if (ks[i] >= $1 + 0 && ks[i] + kn[i] <= $1 + $2 && !(ks[i] == $1 + 0 && kn[i] == $2 + 0)) next",
    '        for (i = 1; i <= nr; i++) { split(R[i], x, ":"); if ($1 + 0 < x[2] + 0 && x[1] + 0 < $1 + $2) { print $4 " (sector " $1 ", " $2 " sectors)"; exit } }',
    "      }')",
    '    if [ -n "$stray" ]; then',
    '      refuse "$dev: the partition $stray lies in space this VM maps, and the plan does not know it: it was made since the plan was, or the listing left it out; the VM would write over it"',
    "    fi",
  ];
}

/**
 * check-disk.ps1's lines that refuse a partition Get-Partition shows in a range this VM maps
 * which the plan does not know (by offset and size), as check-disk.sh does (strayPartitionCheck):
 * one made since the plan was made, or one the listing left out, such as the Microsoft reserved
 * partition in a gap wmic did not list. One that holds a known partition whole (an extended
 * partition) is let be. Offsets and sizes are compared as [decimal], exact at any disk size.
 */
function psStrayPartitionCheck(fp: DiskFingerprint, number: string): string[] {
  const unit = BigInt(fp.sectorSize);
  const pair = (a: bigint, b: bigint) => `,@([decimal]'${a * unit}', [decimal]'${b * unit}')`;
  return [
    "  # Partitions in the space this VM maps must be ones the plan knows: [from, to) and [offset, size] in bytes.",
    "  $ranges = @()",
    ...fp.ranges.map((r) => `  $ranges += ${pair(r.from, r.to)}`),
    "  $known = @()",
    ...fp.known.map((k) => `  $known += ${pair(k.start, k.sectors)}`),
    ...(fp.known.length > 0
      ? [
          `  if ($parts.Count -eq 0) { Refuse ${psQuote(`disk ${number}: Get-Partition shows no partition, the plan knows ${fp.known.length}: the partition table changed since the plan was made, or cannot be read`)} }`,
        ]
      : []),
    "  foreach ($q in $parts) {",
    "    $o = [decimal]$q.Offset; $n = [decimal]$q.Size",
    "    if ($n -le 0) { continue }",
    "    $let = $false",
    "    foreach ($k in $known) { if (($k[0] -eq $o -and $k[1] -eq $n) -or ($k[0] -ge $o -and ($k[0] + $k[1]) -le ($o + $n))) { $let = $true } }",
    "    if ($let) { continue }",
    "    foreach ($r in $ranges) {",
    "      if ($o -lt $r[1] -and $r[0] -lt ($o + $n)) {",
    `        Refuse (${psQuote(`disk ${number}: partition `)} + $q.PartitionNumber + ' (offset ' + $o + ', ' + $n + ${psQuote(" bytes, type ")} + $q.Type + ${psQuote(") lies in space this VM maps, and the plan does not know it: it was made since the plan was, or the listing left it out (wmic does not list the Microsoft reserved partition); the VM would write over it")})`,
    "        break",
    "      }",
    "    }",
    "  }",
  ];
}

/**
 * The lines of check-disk.ps1 that compare a disk's identifier with the plan's: Get-Disk's Guid
 * ("{…}", GPT disks only) for a GUID, its Signature (UInt32, MBR disks only) for an MBR
 * signature. A disk that shows none is "not checked", as in check-disk.sh.
 */
function psDiskId(number: string, labelId: string): string[] {
  if (/^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/.test(labelId)) {
    return [
      "  $guid = ([string]$disk.Guid).Trim().Trim('{}').ToLowerInvariant()",
      `  if (-not $guid) { NotChecked ${psQuote(`the disk GUID of disk ${number} (the plan has ${labelId}): Get-Disk shows none (only a GPT disk has one); compare it by hand`)} }` +
        ` elseif ($guid -ne ${psQuote(labelId)}) { Refuse (${psQuote(`disk ${number} has the disk GUID `)} + $guid + ${psQuote(`, the plan was made for ${labelId}: another disk`)}) }`,
    ];
  }
  if (/^[0-9a-f]{1,8}$/.test(labelId)) {
    const signature = labelId.padStart(8, "0");
    return [
      "  $signature = ''",
      "  if ($null -ne $disk.Signature) { $signature = '{0:x8}' -f [uint32]$disk.Signature }",
      `  if (-not $signature) { NotChecked ${psQuote(`the MBR signature of disk ${number} (the plan has ${signature}): Get-Disk shows none (only an MBR disk has one); compare it by hand`)} }` +
        ` elseif ($signature -ne ${psQuote(signature)}) { Refuse (${psQuote(`disk ${number} has the MBR signature `)} + $signature + ${psQuote(`, the plan was made for ${signature}: another disk`)}) }`,
    ];
  }
  return [
    `  NotChecked ${psQuote(`the disk identifier of disk ${number}: the plan's ${labelId} is neither a GPT disk GUID nor an MBR signature`)}`,
  ];
}

/**
 * The first thing check-disk.ps1 does: refuse unless it runs elevated. VirtualBox opens a raw
 * disk on Windows only as Administrator (VBoxManage prints VERR_ACCESS_DENIED otherwise:
 * docs/listings.md, and e.g. gist.github.com/erm3nda/2b2f43d03e4c458ac2ab5b54a604cc39), so an
 * unelevated run checks a start that would fail anyway, and reads Windows' disks with fewer rights
 * than the VM gets. The test is .NET's WindowsPrincipal.IsInRole(WindowsBuiltInRole.Administrator)
 * (learn.microsoft.com/dotnet/api/system.security.principal.windowsprincipal.isinrole), the
 * usual elevation test of PowerShell modules (e.g. Test-IsElevated helpers on the PowerShell
 * Gallery). Under UAC an administrator's unelevated token is filtered: it holds the
 * Administrators group only for deny (SE_GROUP_USE_FOR_DENY_ONLY), and Windows counts only
 * enabled group SIDs as membership (CheckTokenMembership, learn.microsoft.com/windows/win32/api/
 * securitybaseapi/nf-securitybaseapi-checktokenmembership). Not verified on a live Windows here.
 */
const ELEVATION_CHECK = [
  "# Administrator rights first: without them VirtualBox cannot open the raw disk, and this check",
  "# would see Windows' disks with fewer rights than the VM gets.",
  "if (-not ([Security.Principal.WindowsPrincipal][Security.Principal.WindowsIdentity]::GetCurrent()).IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) {",
  "  Write-Host 'check-disk: not run as Administrator: nothing was checked. Start PowerShell with \"Run as administrator\" and run this script again (VirtualBox needs the same rights to open the raw disk).' -ForegroundColor Red",
  "  exit 1",
  "}",
];

/**
 * Disks check-disk.ps1 cannot reason about, refused by kind (each check runs per disk):
 *
 * - A member of a Storage Spaces pool: the pool spreads its own data over its disks and Windows
 *   has them in use, whatever their partition table says. MSFT_PhysicalDisk
 *   (learn.microsoft.com/windows-hardware/drivers/storage/msft-physicaldisk): CannotPoolReason
 *   UInt16[], "In a Pool" (2). Get-PhysicalDisk's DeviceId is matched to the disk number as
 *   scripts commonly do (the page says only "an address or other identifier"); PowerShell may
 *   show the reason by its name, so both are compared. Without Get-PhysicalDisk: not checked.
 * - A dynamic disk (Logical Disk Manager): its volumes live in LDM's own database, not in the
 *   partitions this script compares, so what Windows mounts there cannot be told. MSFT_Partition
 *   (…/storage/msft-partition): GptType "LDM Metadata" 5808c8aa-7e8f-42e0-85d2-e1e90434cfb3 and
 *   "LDM Data" af9b60a0-1431-4f62-bc68-3311714a69ad "on a dynamic disk"; on MBR the partition type
 *   PARTITION_LDM 0x42 (learn.microsoft.com/windows/win32/api/vds/ns-vds-create_partition_parameters).
 *
 * Neither was run on a live Windows here: the tests check the text.
 */
const DISK_KINDS = [
  "# Storage Spaces: a disk in a pool (Get-PhysicalDisk CannotPoolReason 2, 'In a Pool') belongs to",
  "# the pool, whatever its partition table says.",
  "$physical = $null",
  "try { $physical = @(Get-PhysicalDisk -ErrorAction Stop) } catch { }",
  "function CheckPool([string]$number) {",
  "  if ($null -eq $physical) { NotChecked ('whether disk ' + $number + ' belongs to a Storage Spaces pool: Get-PhysicalDisk is not available here'); return }",
  "  foreach ($p in $physical) {",
  "    if ([string]$p.DeviceId -ne $number) { continue }",
  "    $reasons = @($p.CannotPoolReason | ForEach-Object { [string]$_ })",
  "    if ($reasons -contains '2' -or $reasons -contains 'In a Pool') { Refuse ('disk ' + $number + ' is a member of a Storage Spaces pool (Get-PhysicalDisk: In a Pool): the pool keeps its own data across its disks and Windows has it in use; never give it to a VM') }",
  "  }",
  "}",
  "# Dynamic disks: Logical Disk Manager partitions (GPT types LDM metadata and LDM data, MBR type",
  "# 0x42) hold volumes this script cannot see through the partition table.",
  "function CheckDynamic($parts, [string]$number) {",
  "  $ldm = @($parts | Where-Object { $_.MbrType -eq 66 -or @('5808c8aa-7e8f-42e0-85d2-e1e90434cfb3', 'af9b60a0-1431-4f62-bc68-3311714a69ad') -contains ([string]$_.GptType).Trim('{}') })",
  "  if ($ldm.Count -gt 0) { Refuse ('disk ' + $number + ' is a dynamic disk (Logical Disk Manager partitions): its volumes are kept in LDM''s own database, not in the partition table this script checks, so it cannot tell what Windows uses there; never give it to a VM') }",
  "}",
];

/**
 * BitLocker on a mapped partition: the guest would read the ciphertext, and a guest that finds
 * no file system may offer to format it. Get-BitLockerVolume (learn.microsoft.com/powershell/
 * module/bitlocker/get-bitlockervolume) lists the volumes BitLocker can protect, each with its
 * MountPoint and VolumeStatus ("whether BitLocker currently protects some, all, or none of the
 * data on the volume"; FullyDecrypted is none, the conversion states of Win32_EncryptableVolume's
 * GetConversionStatus). A volume is matched to the partition by the partition's AccessPaths
 * (drive letters, mounted folders and the volume GUID path). Anything not "FullyDecrypted" is
 * refused. "Not checked", counted: without the BitLocker module (Windows editions without
 * BitLocker), and for a partition with no volume it can match, such as one taken offline as
 * README.txt says (which is why README.txt says to look before that).
 */
const ENCRYPTION_CHECK = [
  "# BitLocker: the VM would read the encrypted bytes of a mapped partition. Get-BitLockerVolume is",
  "# missing where Windows has no BitLocker: then this is 'not checked'.",
  "$bitLocker = $null",
  "try { $bitLocker = @(Get-BitLockerVolume -ErrorAction Stop) } catch { }",
  "function CheckEncryption($part, [string]$what) {",
  "  if ($null -eq $bitLocker) { NotChecked ('whether ' + $what + ' is BitLocker-encrypted: Get-BitLockerVolume is not available here; look with manage-bde -status'); return }",
  "  $paths = @($part.AccessPaths | Where-Object { $_ } | ForEach-Object { ([string]$_).TrimEnd('\\') })",
  "  $volume = @($bitLocker | Where-Object { $_.MountPoint -and ($paths -contains ([string]$_.MountPoint).TrimEnd('\\')) })[0]",
  "  if (-not $volume) { NotChecked ('whether ' + $what + ' is BitLocker-encrypted: Get-BitLockerVolume shows no volume of it (an offline partition has none); look with manage-bde -status while it is online'); return }",
  "  if ([string]$volume.VolumeStatus -ne 'FullyDecrypted') { Refuse ($what + ' is BitLocker-encrypted (VolumeStatus ' + $volume.VolumeStatus + '): the VM would read ciphertext; decrypt it first (Disable-BitLocker -MountPoint ' + $volume.MountPoint + ', or manage-bde -off), then take it offline') }",
  "}",
];

/** Why check-disk.ps1 cannot check a device path that names no whole disk. */
function unnamedDisk(named: Exclude<WindowsDevice, { kind: "disk" }>): string {
  if (named.kind === "partition") {
    return `names partition ${named.partition} of disk ${named.disk}, not a whole disk: this script compares whole disks (\\\\.\\PhysicalDriveN) only; check it by hand before the VM starts (its size, and that Windows has it offline)`;
  }
  if (named.kind === "volume") {
    return "names a volume, not a disk: no path text says which disk holds it, so this script cannot check it; map the disk (\\\\.\\PhysicalDriveN) instead, or check it by hand";
  }
  return "is not a Windows disk path this script knows (\\\\.\\PhysicalDriveN, in any spelling Windows accepts for it): check it by hand";
}

/**
 * check-disk.ps1: Windows, through Get-Disk and Get-Partition (the Storage module's MSFT_Disk
 * and MSFT_Partition). Facts it relies on, and where they are written down:
 *
 * - MSFT_Disk (learn.microsoft.com/windows-hardware/drivers/storage/msft-disk): Size UInt64 in
 *   bytes; IsBoot "the disk contains the boot partition"; IsSystem "contains the system
 *   partition"; SerialNumber String; Guid String, the disk GUID when PartitionStyle is GPT, NULL
 *   otherwise; Signature UInt32, the MBR signature when PartitionStyle is MBR, NULL otherwise.
 * - MSFT_Partition (…/storage/msft-partition): Size UInt64 in bytes; DriveLetter Char16, NULL
 *   without a letter; AccessPaths String[] "includes drive letters, in addition to mounted
 *   folders"; IsBoot "the current boot partition"; IsSystem "a system partition". Offset is not
 *   in that page's syntax block but is what Get-Partition shows: bytes from the disk's start
 *   (Microsoft's DAX page, learn.microsoft.com/windows-server/storage/storage-spaces/
 *   persistent-memory-direct-access, prints a partition with "Offset : 16777216" and
 *   "AccessPaths : {S:\, \\?\Volume{cf468ffa-…}\}" — the volume GUID path is one of them).
 */
export function checkDiskPs1(fps: readonly DiskFingerprint[]): string {
  const lines = [
    "# Made by Raw Disk Planner: checks that each disk this VM maps is still the disk the plan",
    "# was made from. It changes nothing. Exit 0: all as planned; exit 1: do not start the VM.",
    "# Run it in PowerShell as Administrator, before every start of the VM. What Windows does not",
    "# show is printed as 'not checked', counted at the end, and left to compare by hand.",
    "$ErrorActionPreference = 'Stop'",
    ...ELEVATION_CHECK,
    "$failed = $false",
    'function Refuse([string]$why) { Write-Host "check-disk: $why" -ForegroundColor Red; $script:failed = $true }',
    "$unchecked = 0",
    'function NotChecked([string]$what) { Write-Host "check-disk: not checked: $what" -ForegroundColor Yellow; $script:unchecked++ }',
    'function Note([string]$what) { Write-Host "check-disk: $what" }',
    "# Page files by path, e.g. C:\\pagefile.sys (Win32_PageFileUsage's Name: learn.microsoft.com/",
    "# windows/win32/cimwin32prov/win32-pagefileusage).",
    "$pageFiles = @()",
    "try { $pageFiles = @(Get-CimInstance -ClassName Win32_PageFileUsage | ForEach-Object { [string]$_.Name }) } catch { }",
    "# Refuses a mapped partition Windows uses: the one it boots from (IsBoot), its system partition",
    "# (IsSystem), or one it has mounted: a drive letter or a folder in AccessPaths. AccessPaths also",
    "# holds the volume GUID path (\\\\?\\Volume{...}\\) of every partition with a volume, which mounts",
    "# nothing and cannot be removed (MSFT_Partition RemoveAccessPath: 'Cannot remove a volume GUID",
    "# path'), so it is left out. A page file on it is named: Windows will not remove its letter.",
    "function CheckUnused($part, [string]$what, [bool]$whole) {",
    "  if ($part.IsBoot) { Refuse ($what + ' is the partition Windows runs from (Get-Partition IsBoot): never give it to a VM'); return }",
    "  if ($part.IsSystem) { Refuse ($what + ' is the system partition Windows starts from (Get-Partition IsSystem: EFI or System Reserved): never give it to a VM'); return }",
    "  $paths = @($part.AccessPaths | Where-Object { $_ -and -not ([string]$_).StartsWith('\\\\?\\Volume{', [StringComparison]::OrdinalIgnoreCase) })",
    "  $letter = [string]$part.DriveLetter",
    "  if ($letter -match '^[A-Za-z]$' -and -not ($paths -contains ($letter + ':\\'))) { $paths = @($letter + ':\\') + $paths }",
    "  if ($paths.Count -eq 0) { return }",
    "  $held = @(foreach ($f in $pageFiles) { foreach ($p in $paths) { if ($f.StartsWith([string]$p, [StringComparison]::OrdinalIgnoreCase)) { $f } } })",
    "  if ($held.Count -gt 0) { Refuse ($what + ' holds the page file ' + ($held -join ', ') + ': move it to another drive (System Properties, Advanced, Performance, Virtual memory) and restart Windows before the VM starts'); return }",
    "  $how = 'take it offline (Get-Partition -DiskNumber ' + $part.DiskNumber + ' | Where-Object Offset -eq ' + $part.Offset + ' | Set-Partition -IsOffline $true), or remove each path (Remove-PartitionAccessPath -DiskNumber ' + $part.DiskNumber + ' -PartitionNumber ' + $part.PartitionNumber + ' -AccessPath <path>, or mountvol <path> /p)'",
    "  if ($whole) { $how += '; or, as this VM maps the whole disk, take the disk offline (Set-Disk -Number ' + $part.DiskNumber + ' -IsOffline $true)' }",
    "  Refuse ($what + ' is mounted at ' + ($paths -join ', ') + ': VirtualBox can write to it only when Windows has dismounted it; ' + $how)",
    "}",
    ...DISK_KINDS,
    ...ENCRYPTION_CHECK,
  ];
  for (const fp of fps) {
    // The disk number, from every spelling of a whole disk the plan accepts (README.txt reads
    // the same one); a partition or volume path is refused, saying why, since Get-Disk and the
    // partition checks below compare whole disks.
    const named = windowsDevice(fp.device);
    if (named.kind !== "disk") {
      lines.push("", `Refuse ${psQuote(`${fp.device} ${unnamedDisk(named)}`)}`);
      continue;
    }
    const number = named.disk;
    lines.push(
      "",
      `CheckPool ${psQuote(number)}`,
      `$disk = Get-Disk -Number ${number} -ErrorAction SilentlyContinue`,
      `if (-not $disk) { Refuse ${psQuote(`disk ${number} does not exist (is the disk connected?)`)} } else {`,
    );
    if (fp.sizeBytes !== null) {
      lines.push(
        `  if ([string]$disk.Size -ne ${psQuote(fp.sizeBytes.toString())}) { Refuse (${psQuote(`disk ${number} is `)} + $disk.Size + ${psQuote(` bytes, the plan was made for ${fp.sizeBytes} bytes: another disk, or a disk that changed`)}) }`,
      );
    }
    if (fp.labelId !== null) lines.push(...psDiskId(number, fp.labelId));
    if (fp.serial !== null) {
      const serial = fp.serial.trim();
      lines.push(
        "  $serial = ([string]$disk.SerialNumber).Trim()",
        `  if (-not $serial) { NotChecked ${psQuote(`the serial of disk ${number} (the plan has ${serial}): Get-Disk shows none here; compare it by hand`)} }` +
          ` elseif (($serial -replace '\\s', '').ToLowerInvariant() -cne ${psQuote(serialKey(fp.serial))}) { Refuse (${psQuote(`disk ${number} has the serial `)} + $serial + ${psQuote(`, the plan was made for ${serial}: another disk`)}) }`,
      );
    }
    // The disk Windows runs from: like check-disk.sh on Linux, which lets a VM have partitions
    // of the host's own disk as long as the host does not use them (each is checked below),
    // and free space between them (README.txt: Windows mounts nothing there), but never what
    // its partitioning keeps (the partition table, EBRs, GPT's backup) or the whole disk.
    const runsFrom = `disk ${number} holds the partition Windows boots from or its system partition (Get-Disk IsBoot or IsSystem)`;
    const maps =
      fp.partitions.length === 0
        ? "nothing but free space on it"
        : fp.outsidePartitions
          ? "nothing but partitions of it, each checked below to be unused by Windows, and free space between them"
          : "nothing but partitions of it, each checked below to be unused by Windows";
    lines.push(
      "  if ($disk.IsBoot -or $disk.IsSystem) {",
      fp.wholeDisk || fp.hostArea
        ? `    Refuse ${psQuote(`${runsFrom}, and this VM maps ${fp.wholeDisk ? "the whole disk" : "space its partitioning keeps for itself (the partition table, GPT's backup table, the boot records of logical partitions, or a gap wmic did not list)"}: never give that to a VM`)}`
        : `    Note ${psQuote(`${runsFrom}: allowed only because this VM maps ${maps} (as check-disk.sh does on Linux)`)}`,
      "  }",
    );
    lines.push(
      `  $parts = @(Get-Partition -DiskNumber ${number} -ErrorAction SilentlyContinue)`,
      `  CheckDynamic $parts ${psQuote(number)}`,
      ...psStrayPartitionCheck(fp, number),
    );
    if (fp.partitions.length > 0) {
      const unit = BigInt(fp.sectorSize);
      for (const p of fp.partitions) {
        const offset = (p.start * unit).toString();
        const size = (p.sectors * unit).toString();
        const what = psQuote(`partition ${p.label} (disk ${number}, offset ${offset})`);
        lines.push(
          `  $part = @($parts | Where-Object { [string]$_.Offset -eq ${psQuote(offset)} -and [string]$_.Size -eq ${psQuote(size)} })[0]`,
          `  if (-not $part) { Refuse ${psQuote(`disk ${number}: no partition at offset ${offset} with ${size} bytes (${p.label}): the partition table changed since the plan was made`)} } else { CheckUnused $part ${what} ${fp.wholeDisk ? "$true" : "$false"}; CheckEncryption $part ${what} }`,
        );
      }
    }
    lines.push("}");
  }
  lines.push(
    "",
    "if ($failed) { exit 1 }",
    "if ($unchecked -gt 0) {",
    '  Write-Host "check-disk: every disk is as planned in all that could be checked; $unchecked check(s) could not be made here (see above): make them by hand."',
    "} else {",
    "  Write-Host 'check-disk: every disk is as planned.'",
    "}",
    "exit 0",
    "",
  );
  return lines.join("\r\n");
}

/** register.sh: Linux, macOS and FreeBSD. */
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
  const unix =
    hosts.has("linux") || hosts.has("macos") || hosts.has("freebsd") || hosts.has("unknown");
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
