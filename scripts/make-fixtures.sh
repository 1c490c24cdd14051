#!/usr/bin/env bash
# Makes test-fixtures/fdisk/: real `fdisk -l` listings, and for the same disk images the numbers
# `sfdisk --json` gives, so the parser is checked against the tools themselves.
#
# Tool versions used for the committed fixtures (Debian 12, run as root):
#   util-linux 2.38.1 (fdisk, sfdisk, losetup, unshare, script), GNU parted 3.5,
#   GPT fdisk (sgdisk) 1.0.9, util-linux-locales 2.38.1-5+deb12u3 (its de/fr/es/pt_BR/ru/pl/
#   uk/nl/it/zh_CN/cs/ja catalogues only: fetched with `apt-get download` and bind-mounted for one command,
#   never installed), glibc localedef (those languages' locales, UTF-8, compiled into the temp
#   dir).
#
# For each case it writes:
#   <case>.fdisk.txt     what the listing command printed (stdout and stderr, as a terminal shows)
#   <case>.sfdisk.json   a JSON array, one item per disk of the listing, in listing order: the
#                        verbatim `sfdisk --json` output for that disk, or null when sfdisk finds no
#                        partition table on it
#   <case>.bytes.json    a JSON array of decimal strings, one per disk: its size in bytes
#                        (stat / blockdev --getsize64). Not .txt: every *.txt here is a listing.
#   README.md            each case and the command that made it
#
# Deterministic: fixed disk identifiers and partition UUIDs, LC_ALL=C, fixed relative image names;
# loop devices are reached through a symlink with a fixed name, so their varying number never shows.
# Run it twice and `git diff --exit-code test-fixtures/fdisk` stays clean.
#
# Needs root: loop devices with 4096-byte sectors (losetup -b 4096), and a private mount namespace
# (unshare -m) to show fdisk the catalogues of other languages. The work dir is on tmpfs
# (/dev/shm) because ext4 refuses files over 16 TiB and one case is an 18 TiB sparse disk.
set -euo pipefail
export LC_ALL=C TZ=UTC TERM=dumb

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT="$ROOT/test-fixtures/fdisk"
HELPERS="$ROOT/scripts/fixtures"

if [ "$(id -u)" -ne 0 ]; then
  echo "make-fixtures.sh: run as root (loop devices, unshare -m)" >&2
  exit 1
fi
for tool in fdisk sfdisk sgdisk parted losetup unshare script jq truncate; do
  command -v "$tool" >/dev/null || {
    echo "make-fixtures.sh: missing $tool" >&2
    exit 1
  }
done

SHM=/dev/shm
[ -d "$SHM" ] && [ -w "$SHM" ] || SHM=/tmp
WORK=$(mktemp -d "$SHM/rdp-fixtures.XXXXXX")
LOOPS=()
cleanup() {
  for l in "${LOOPS[@]}"; do losetup -d "$l" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

STAGE="$WORK/out"
mkdir -p "$STAGE" "$WORK/disks"
cd "$WORK/disks"
INDEX="$WORK/index.md"
: >"$INDEX"

# Attaches IMAGE as a loop device with 4096-byte logical sectors, reachable as ./LINK.
attach_4k() { # IMAGE LINK
  local dev
  dev=$(losetup -f --show -b 4096 "$1")
  LOOPS+=("$dev")
  ln -sfn "$dev" "$2"
}

# Records a case: the listing command (run here, its output captured as a terminal shows it:
# fdisk flushes stdout before each warning on stderr, so 2>&1 keeps the order), then the disks.
#   case NAME "DESCRIPTION" "COMMAND" DISK...
case_() {
  local name=$1 desc=$2 cmd=$3
  shift 3
  bash -c "$cmd" >"$STAGE/$name.fdisk.txt" 2>&1 || true
  expect "$name" "$@"
  printf -- '- `%s`: %s\n  `%s`\n' "$name" "$desc" "$cmd" >>"$INDEX"
}

# Writes <name>.sfdisk.json and <name>.bytes.json for the given disks (image files or links).
expect() { # NAME DISK...
  local name=$1 first=1 d json
  shift
  {
    printf '[\n'
    for d in "$@"; do
      [ $first -eq 1 ] || printf ',\n'
      first=0
      if json=$(sfdisk --json "$d" 2>/dev/null); then printf '%s\n' "$json"; else printf 'null\n'; fi
    done
    printf ']\n'
  } >"$STAGE/$name.sfdisk.json"
  jq -e . "$STAGE/$name.sfdisk.json" >/dev/null
  for d in "$@"; do
    if [ -b "$d" ]; then blockdev --getsize64 "$d"; else stat -L -c %s "$d"; fi
  done | jq -R . | jq -s . >"$STAGE/$name.bytes.json"
}

sgdisk_quiet() { sgdisk "$@" >/dev/null; }

# --- dos with a bootable partition (sfdisk) ---------------------------------------------------
truncate -s 8G laptop.img
sfdisk -q laptop.img <<'EOF'
label: dos
label-id: 0x5eed0001
start=2048, size=1048576, type=83, bootable
start=1050624, size=12582912, type=7
start=13633536, size=2097152, type=b
EOF
case_ dos-bootable "dos label, partition 1 bootable (made with sfdisk)" \
  "fdisk -l laptop.img" laptop.img

# --- gpt with typed partitions (sgdisk) -------------------------------------------------------
truncate -s 32G workstation.img
sgdisk_quiet -o -U 6E0D5E2A-1B4C-4D8E-9F10-000000000001 \
  -n 1:2048:+260M -t 1:ef00 -c 1:"EFI system partition" -u 1:6E0D5E2A-1B4C-4D8E-9F10-0000000000A1 \
  -n 2:0:+16M -t 2:0c01 -c 2:"Microsoft reserved partition" -u 2:6E0D5E2A-1B4C-4D8E-9F10-0000000000A2 \
  -n 3:0:+12G -t 3:0700 -c 3:"Basic data partition" -u 3:6E0D5E2A-1B4C-4D8E-9F10-0000000000A3 \
  -n 4:0:+8G -t 4:8300 -c 4:"root" -u 4:6E0D5E2A-1B4C-4D8E-9F10-0000000000A4 \
  -n 5:0:+2G -t 5:8200 -c 5:"swap" -u 5:6E0D5E2A-1B4C-4D8E-9F10-0000000000A5 \
  workstation.img
case_ gpt-sgdisk-typed "gpt made with sgdisk: EFI System, Microsoft reserved, Microsoft basic data, Linux filesystem, Linux swap; free space at the end" \
  "fdisk -l workstation.img" workstation.img

# --- dos with an extended partition and logicals (sfdisk) -------------------------------------
truncate -s 16G server.img
sfdisk -q server.img <<'EOF'
label: dos
label-id: 0x5eed0002
start=2048, size=2097152, type=83, bootable
start=2099200, size=8388608, type=7
start=10487808, size=20967424, type=5
start=10489856, size=4194304, type=83
start=14686208, size=2097152, type=82
start=16785408, size=14669824, type=7
EOF
case_ dos-extended-logicals "dos label: two primaries, an extended partition (Id 5) holding three logicals" \
  "fdisk -l server.img" server.img

# --- gpt made by parted -----------------------------------------------------------------------
truncate -s 20G parted.img
parted -s parted.img mklabel gpt \
  mkpart ESP fat32 1MiB 513MiB set 1 esp on \
  mkpart root ext4 513MiB 12GiB \
  mkpart data ntfs 12GiB 100%
# parted picks random GUIDs; only those are fixed afterwards (layout and types are parted's).
sgdisk_quiet -U 6E0D5E2A-1B4C-4D8E-9F10-000000000003 \
  -u 1:6E0D5E2A-1B4C-4D8E-9F10-0000000003A1 -u 2:6E0D5E2A-1B4C-4D8E-9F10-0000000003A2 \
  -u 3:6E0D5E2A-1B4C-4D8E-9F10-0000000003A3 parted.img
case_ gpt-parted "gpt made with parted (mklabel gpt, mkpart ×3, esp flag); GUIDs then fixed with sgdisk -U/-u" \
  "fdisk -l parted.img" parted.img

# --- several disks in one listing, with a note between them -----------------------------------
truncate -s 4G usbstick.img
sfdisk -q usbstick.img <<'EOF'
label: dos
label-id: 0x5eed0004
start=1050624, size=2097152, type=83
start=2048, size=1048576, type=c
start=3147776, size=1050624, type=f
start=3149824, size=1048576, type=82
EOF
truncate -s 1G blank.img
case_ multi-disk "three disks in one listing: gpt, a dos disk whose entries are not in disk order (with an extended Id f and a logical), and a disk with no partition table" \
  "fdisk -l workstation.img usbstick.img blank.img" workstation.img usbstick.img blank.img

# --- 4096-byte logical sectors ----------------------------------------------------------------
truncate -s 8G ssd4k.img
# Made interactively with `fdisk -b 4096` on the plain file; the expert menu fixes the GUIDs.
printf '%s\n' g n 1 '' +64M t 1 n 2 '' +2G n 3 '' '' t 3 19 x \
  i 0A0B0C0D-1111-4222-8333-444455556666 \
  u 1 0A0B0C0D-0001-4000-8000-000000000001 \
  u 2 0A0B0C0D-0002-4000-8000-000000000002 \
  u 3 0A0B0C0D-0003-4000-8000-000000000003 r w | fdisk -b 4096 ssd4k.img >/dev/null
attach_4k ssd4k.img ssd4k
# On a plain file sfdisk assumes 512-byte sectors, so the expected numbers come from the loop
# device, where the kernel reports 4096-byte sectors to sfdisk too.
case_ gpt-4k-fdisk-b4096 "gpt on a 4096-byte-sector layout, listed from the plain file with -b 4096 (expected numbers: sfdisk --json on a 4096-byte loop device of the same file)" \
  "fdisk -l -b 4096 ssd4k.img" ssd4k
case_ gpt-4k-loop "the same image through a loop device with 4096-byte logical sectors (ssd4k -> /dev/loopN)" \
  "fdisk -l ssd4k" ssd4k

truncate -s 2G card4k.img
attach_4k card4k.img card4k
sfdisk -q card4k >/dev/null 2>&1 <<'EOF' || true
label: dos
label-id: 0x5eed0005
start=256, size=65536, type=c, bootable
start=65792, size=458496, type=83
EOF
case_ dos-4k-loop "dos label on a loop device with 4096-byte logical sectors (made with sfdisk on the loop device)" \
  "fdisk -l card4k" card4k

# --- a disk over 16 TiB: sector counts over 2^32, byte offsets over 2^44 -----------------------
truncate -s 18T nas.img
sgdisk_quiet -o -U 6E0D5E2A-1B4C-4D8E-9F10-000000000018 \
  -n 1:2048:+1T -t 1:8300 -u 1:6E0D5E2A-1B4C-4D8E-9F10-0000000018A1 \
  -n 2:0:+15T -t 2:8300 -u 2:6E0D5E2A-1B4C-4D8E-9F10-0000000018A2 \
  -n 3:0:0 -t 3:8200 -u 3:6E0D5E2A-1B4C-4D8E-9F10-0000000018A3 nas.img
case_ gpt-18tib "an 18 TiB sparse gpt disk: starts past 2^32 sectors, byte offsets past 2^44" \
  "fdisk -l nas.img" nas.img

# --- partition table entries not in disk order, alone -----------------------------------------
case_ notes-not-in-disk-order "a dos disk whose entries are not in disk order: fdisk adds a note after the table" \
  "fdisk -l usbstick.img" usbstick.img

# --- "does not start on physical sector boundary" ---------------------------------------------
# fdisk prints it only when the physical sector is larger than the logical one. Loop devices
# here report physical = logical, and fdisk -b sets both, so no tool here can print it. This
# case is the real listing of misaligned.img, EDITED by the sed below exactly as fdisk 2.38
# would differ on a 512/4096 disk (disk-utils/fdisk-list.c, list_disklabel(): after the table,
# a blank line, then one warning per partition whose start is not on a 4096-byte boundary).
truncate -s 1G misaligned.img
sfdisk -q misaligned.img <<'EOF'
label: dos
label-id: 0x5eed0006
start=63, size=409600, type=83
start=409663, size=409600, type=83
start=819263, size=1000000, type=83
EOF
fdisk -l misaligned.img >"$WORK/misaligned.txt" 2>&1
sed -e 's#^Sector size (logical/physical): 512 bytes / 512 bytes$#Sector size (logical/physical): 512 bytes / 4096 bytes#' \
  -e 's#^I/O size (minimum/optimal): 512 bytes / 512 bytes$#I/O size (minimum/optimal): 4096 bytes / 4096 bytes#' \
  "$WORK/misaligned.txt" >"$STAGE/edited-physical-boundary-notes.fdisk.txt"
printf '\n%s\n%s\n%s\n' "Partition 1 does not start on physical sector boundary." \
  "Partition 2 does not start on physical sector boundary." \
  "Partition 3 does not start on physical sector boundary." >>"$STAGE/edited-physical-boundary-notes.fdisk.txt"
grep -q 'bytes / 4096 bytes' "$STAGE/edited-physical-boundary-notes.fdisk.txt"
expect edited-physical-boundary-notes misaligned.img
printf -- '- `%s`: %s\n  `%s`\n' edited-physical-boundary-notes \
  "EDITED, not a raw capture: the real listing of misaligned.img (starts 63, 409663, 819263) with the physical sector size set to 4096 and the three warnings fdisk prints in that case appended (see the script)" \
  "fdisk -l misaligned.img | sed … ; printf … (see make-fixtures.sh)" >>"$INDEX"

# --- interactive `p` --------------------------------------------------------------------------
case_ interactive-p-piped "fdisk's own p command with input from a pipe (prompts without echo)" \
  "printf 'p\\nq\\n' | fdisk server.img" server.img
# A terminal transcript: `script` gives fdisk a pseudo-terminal, which echoes the commands and
# ends lines with CRLF. The sleeps let each command arrive after its prompt.
case_ interactive-p-tty-crlf "fdisk's p command in a terminal (script(1) pty): echoed commands, CRLF line ends" \
  "(sleep 1; printf 'p\\n'; sleep 1; printf 'q\\n') | script -qec 'fdisk laptop.img' /dev/null" laptop.img

# --- cylinder units ---------------------------------------------------------------------------
case_ cylinders-u "fdisk 2.38 with -u=cylinders: Start/End/Cylinders are rounded to cylinders" \
  "fdisk -l -u=cylinders server.img" server.img

# --- old util-linux 2.17 format, handmade ---------------------------------------------------
# The old fdisk is not available here, so these are HANDMADE: written by
# scripts/fixtures/old-fdisk-2.17.sh with the printf formats of util-linux-ng 2.17's fdisk
# (list_disk_geometry, list_table) from the real partition table of old.img (dumped by sfdisk).
truncate -s 8G old.img
sfdisk -q old.img <<'EOF'
label: dos
label-id: 0x0009a6ea
start=63, size=208782, type=83, bootable
start=208845, size=8385930, type=8e
start=8594775, size=8177085, type=5
start=8594838, size=4192902, type=83
start=12787803, size=3984057, type=82
EOF
for units in cylinders sectors; do
  bash "$HELPERS/old-fdisk-2.17.sh" "$units" /dev/sdb old.img >"$STAGE/handmade-old-2.17-$units.fdisk.txt"
  expect "handmade-old-2.17-$units" old.img
  printf -- '- `%s`: %s\n  `%s`\n' "handmade-old-2.17-$units" \
    "HANDMADE in the util-linux-ng 2.17 format (Units = $units …, Blocks with +), numbers from the real table of old.img" \
    "bash scripts/fixtures/old-fdisk-2.17.sh $units /dev/sdb old.img" >>"$INDEX"
done

# --- localized listings --------------------------------------------------------------------
# Each: the catalogue's language and the locale fdisk runs in.
LOCALIZED=(de:de_DE fr:fr_FR es:es_ES pt_BR:pt_BR ru:ru_RU pl:pl_PL uk:uk_UA nl:nl_NL it:it_IT
  zh_CN:zh_CN cs:cs_CZ ja:ja_JP)
localized() { # LANG LOCALE CASE
  local lang=$1 locale=$2 name=$3
  unshare -m bash -c "
    mount --bind '$WORK/l10n/usr/share/locale/$lang/LC_MESSAGES' /usr/share/locale/$lang/LC_MESSAGES &&
    LOCPATH='$WORK/locales' LC_ALL=$locale fdisk -l server.img workstation.img
  " >"$STAGE/$name.fdisk.txt" 2>&1
  expect "$name" server.img workstation.img
  printf -- '- `%s`: %s\n  `%s`\n' "$name" \
    "fdisk 2.38 in $locale with util-linux's own $lang catalogue: dos with extended + gpt" \
    "LC_ALL=$locale fdisk -l server.img workstation.img" >>"$INDEX"
}
locales_built() {
  local pair
  for pair in "${LOCALIZED[@]}"; do
    localedef -i "${pair#*:}" -f UTF-8 "$WORK/locales/${pair#*:}.UTF-8" >/dev/null 2>&1 || return 1
  done
}
SKIPPED=()
if (cd "$WORK" && apt-get download -q util-linux-locales >/dev/null 2>&1) &&
  dpkg-deb -x "$WORK"/util-linux-locales_*.deb "$WORK/l10n" &&
  mkdir -p "$WORK/locales" && locales_built; then
  for pair in "${LOCALIZED[@]}"; do
    localized "${pair%%:*}" "${pair#*:}.UTF-8" "localized-${pair%%:*}"
  done
else
  for pair in "${LOCALIZED[@]}"; do SKIPPED+=("localized-${pair%%:*}"); done
  echo "make-fixtures.sh: util-linux-locales or localedef not available; kept the committed localized fixtures" >&2
fi

# --- publish ----------------------------------------------------------------------------------
mkdir -p "$OUT"
keep=" ${SKIPPED[*]:-} "
for f in "$OUT"/*.fdisk.txt "$OUT"/*.sfdisk.json "$OUT"/*.bytes.json "$OUT"/*.bytes.txt; do
  [ -e "$f" ] || continue
  base=$(basename "$f")
  name=${base%%.*}
  case "$keep" in *" $name "*) continue ;; esac
  rm -f "$f"
done
cp "$STAGE"/* "$OUT"/
{
  printf '# fdisk fixtures\n\n'
  printf 'Made by `scripts/make-fixtures.sh` (run as root; see the tool versions at its top). Do not edit\n'
  printf 'by hand: rerun the script. Each `<case>.fdisk.txt` is what the command printed, in the work\n'
  printf 'dir of the script; `<case>.sfdisk.json` holds `sfdisk --json` of each disk in listing order\n'
  printf '(null: no partition table); `<case>.bytes.json` the size of each disk in bytes. Commands ran\n'
  printf 'with LC_ALL=C unless a locale is named.\n\n'
  printf 'Cases whose name starts with `edited-` or `handmade-` are not raw captures: they say how\n'
  printf 'they were made.\n\n'
  cat "$INDEX"
} >"$OUT/README.md"
echo "make-fixtures.sh: wrote $(ls "$STAGE"/*.fdisk.txt | wc -l) cases to ${OUT#"$ROOT"/}"
