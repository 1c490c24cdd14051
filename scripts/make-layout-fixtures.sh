#!/usr/bin/env bash
# Makes listings of two broken MBR disks, real output of the Linux tools (documented in
# test-fixtures/LAYOUT.md), for the parse-time layout notes (src/lib/listing/layout.ts):
#
#   past.img  a 64 MiB image partitioned, then cut to 48 MiB: partition 2 runs 10,240 sectors
#             past the disk's end (as a disk image copied to a smaller disk, or a table restored
#             onto the wrong disk, looks). Renamed /dev/sdg.
#   ov.img    a 64 MiB image whose partition 2's start was written over (LBA 50000 instead of
#             67584) so it overlaps partition 1 by 17,584 sectors: sfdisk and parted refuse to
#             make such a table, so the 4-byte start field of the second MBR entry is patched.
#             Renamed /dev/sdh.
#
# Each listing has its truth (`sfdisk --json` of the image, as make-tool-fixtures.sh does).
# Needs util-linux (fdisk, sfdisk, partx), sleuthkit (mmls), busybox, jq and python3; no root.
# Tool versions of the committed files: util-linux 2.38.1, sleuthkit 4.11.1, busybox 1.35.0.
set -euo pipefail
export LC_ALL=C TZ=UTC TERM=dumb COLUMNS=120

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT="$ROOT/test-fixtures"
WORK=$(mktemp -d /tmp/rdp-layout-fixtures.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"

truncate -s 64M past.img
sfdisk -q past.img <<'SF'
label: dos
label-id: 0x5eed0001
start=2048, size=40960, type=83
start=43008, size=65536, type=83
SF
truncate -s 48M past.img

truncate -s 64M ov.img
sfdisk -q ov.img <<'SF'
label: dos
label-id: 0x5eed0002
start=2048, size=65536, type=83
start=67584, size=40960, type=83
SF
# MBR entry 2 is at byte 446 + 16; its start LBA (little-endian) 8 bytes into it.
python3 -c 'import struct,sys; f=open(sys.argv[1],"r+b"); f.seek(446+16+8); f.write(struct.pack("<I",50000))' ov.img

truth() { # truth IMAGE
  local size
  size=$(stat -c %s "$1")
  sfdisk --json "$1" | jq --arg size "$size" '[.partitiontable as $t
    | ($t.sectorsize // 512) as $ss
    | { sectorSize: $ss, sizeBytes: $size,
        partitions: [ $t.partitions[] | { startByte: ((.start * $ss) | tostring), sizeBytes: ((.size * $ss) | tostring), extended: false } ] }]'
}
emit() { # emit FORMAT CASE IMAGE DISK "command…"
  local format=$1 case=$2 image=$3 disk=$4 command=$5
  bash -c "$command" >"$OUT/$format/$case.txt" 2>&1 || true
  sed -i -e "s#${image//./\\.}#${disk}#g" "$OUT/$format/$case.txt"
  truth "$image" >"$OUT/$format/$case.truth.json"
}
for pair in "past.img /dev/sdg layout-past-end" "ov.img /dev/sdh layout-overlap"; do
  read -r image disk case <<<"$pair"
  emit fdisk-variants "$case" "$image" "$disk" "fdisk -l $image"
  emit busybox-fdisk "$case" "$image" "$disk" "busybox fdisk -l $image"
  emit sfdisk-dump "$case" "$image" "$disk" "sfdisk -d $image"
  emit sfdisk-json "$case" "$image" "$disk" "sfdisk -J $image"
  emit partx "$case" "$image" "$disk" "partx --show $image"
  emit mmls "$case" "$image" "$disk" "mmls $image"
done
