#!/usr/bin/env bash
# Makes the fixtures of the Linux listing tools (test-fixtures/<format>/; fdisk's own default
# listings are made by make-fixtures.sh, its other shapes here in fdisk-variants/): real
# output of fdisk -x / -o / --bytes, sfdisk -d / -J, parted (unit s, unit B, default units, print free, -m), sgdisk -p,
# gdisk -l, mmls, partx --show, lsblk and busybox fdisk, on disk images made here, and for each
# listing the truth from `sfdisk --json` of the same images:
#
#   <case>.txt         what the command printed (one or more disks, as pasted)
#   <case>.truth.json  [{ "sectorSize": n, "sizeBytes": "…", "partitions":
#                         [{ "startByte": "…", "sizeBytes": "…" }] }, …] one item per disk,
#                      in listing order, from sfdisk --json (start and size × sector size)
#
# Needs root (loop devices for partx and lsblk, 4096-byte sectors with losetup -b 4096) and
# Debian's fdisk, parted, gdisk, sleuthkit, busybox and jq (and for parted in other languages
# apt-get, dpkg-deb, localedef and unshare; without them the committed localized parted
# listings are kept). Tool versions of the committed files:
# Debian 12 (util-linux 2.38.1, parted 3.5, gdisk 1.0.9, sleuthkit 4.11.1, busybox 1.35.0).
set -euo pipefail
export LC_ALL=C TZ=UTC TERM=dumb COLUMNS=120

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT="$ROOT/test-fixtures"
if [ "$(id -u)" -ne 0 ]; then
  echo "make-tool-fixtures.sh: run as root (loop devices)" >&2
  exit 1
fi
for tool in sfdisk parted sgdisk gdisk mmls partx lsblk busybox losetup jq truncate; do
  command -v "$tool" >/dev/null || {
    echo "make-tool-fixtures.sh: missing $tool" >&2
    exit 1
  }
done

WORK=$(mktemp -d /tmp/rdp-tool-fixtures.XXXXXX)
LOOPS=()
cleanup() {
  for l in "${LOOPS[@]}"; do losetup -d "$l" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
cd "$WORK"

# Images: a GPT disk, an MBR disk with an extended partition and logicals, a second GPT disk.
truncate -s 1G gpt.img
sfdisk -q gpt.img <<'SF'
label: gpt
label-id: 5D0C2F4E-9B1A-4C3D-8E7F-6A5B4C3D2E1F
start=2048, size=1048576, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, uuid=11111111-2222-4333-8444-555555555501, name="EFI system partition"
start=1050624, size=32768, type=E3C9E316-0B5C-4DB8-817D-F92DF00215AE, uuid=11111111-2222-4333-8444-555555555502, name="Microsoft reserved partition"
start=1083392, size=524288, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, uuid=11111111-2222-4333-8444-555555555503, name="root"
start=1607680, size=409600, type=EBD0A0A2-B9E5-4433-87C0-68B6B72699C7, uuid=11111111-2222-4333-8444-555555555504, name="data"
SF
truncate -s 256M dos.img
sfdisk -q dos.img <<'SF'
label: dos
label-id: 0x1a2b3c4d
start=2048, size=204800, type=7, bootable
start=206848, size=131072, type=83
start=337920, size=186368, type=5
start=339968, size=65536, type=83
start=407552, size=114688, type=82
SF
truncate -s 128M second.img
sfdisk -q second.img <<'SF'
label: gpt
label-id: 0A0B0C0D-1111-4222-8333-444455556666
start=2048, size=131072, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, uuid=21111111-2222-4333-8444-555555555501, name="home"
SF
truncate -s 256M gpt4k.img
# GPT partitions without names (as Linux tools create them): some tools print an empty column.
truncate -s 300M unnamed.img
sfdisk -q unnamed.img <<'SF'
label: gpt
label-id: 6E6E6E6E-1111-4222-8333-444455556666
start=2048, size=204800, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, uuid=31111111-2222-4333-8444-555555555501
start=206848, size=32768, type=E3C9E316-0B5C-4DB8-817D-F92DF00215AE, uuid=31111111-2222-4333-8444-555555555502
start=239616, size=204800, type=EBD0A0A2-B9E5-4433-87C0-68B6B72699C7, uuid=31111111-2222-4333-8444-555555555503
SF

# A JSON truth item for one image (or block device): sfdisk --json × its sector size.
truth_item() {
  local dev=$1 size
  size=$(blockdev --getsize64 "$dev" 2>/dev/null || stat -c %s "$dev")
  sfdisk --json "$dev" | jq -c --arg size "$size" '.partitiontable as $t
    | ($t.sectorsize // 512) as $ss
    | { sectorSize: $ss, sizeBytes: $size,
        partitions: [ $t.partitions[] | { startByte: ((.start * $ss) | tostring), sizeBytes: ((.size * $ss) | tostring), extended: ((.type // "") | test("^(5|f|85)$")) } ] }'
}
truth() { # truth DEV… > file
  local first=1
  printf '['
  for dev in "$@"; do
    [ $first = 1 ] || printf ','
    first=0
    truth_item "$dev"
  done
  printf ']\n'
}
emit() { # emit FORMAT CASE "command…" DEV… : writes the listing and its truth
  local format=$1 case=$2 command=$3
  shift 3
  mkdir -p "$OUT/$format"
  bash -c "$command" >"$OUT/$format/$case.txt" 2>&1 || true
  truth "$@" | jq . >"$OUT/$format/$case.truth.json"
  printf -- '- `%s/%s.txt`: `%s`\n' "$format" "$case" "$command" >>"$WORK/index.md"
}

# A 4096-byte-sector GPT disk needs a loop device with 4096-byte sectors.
L4K=$(losetup -f --show -b 4096 gpt4k.img)
LOOPS+=("$L4K")
sfdisk -q "$L4K" <<'SF'
label: gpt
label-id: 3C3C3C3C-1111-4222-8333-444455556666
start=256, size=32768, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, uuid=2BF8E9DB-9CA5-EE4F-A49D-0BE41337794D, name="EFI"
start=33024, size=16384, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, uuid=4F49D34A-99A6-6041-82AF-18AF5F16501F, name="linux"
SF
LGPT=$(losetup -f --show -P gpt.img)
LOOPS+=("$LGPT")
LDOS=$(losetup -f --show -P dos.img)
LOOPS+=("$LDOS")
# Without udev the kernel may not list the loop devices' partitions: add them explicitly.
for l in "$L4K" "$LGPT" "$LDOS"; do partx -a "$l" 2>/dev/null || true; done

for c in gpt dos; do
  emit sfdisk-dump "$c" "sfdisk -d $c.img" "$c.img"
  emit sfdisk-json "$c" "sfdisk -J $c.img" "$c.img"
  emit parted "$c-unit-s" "parted -s $c.img unit s print" "$c.img"
  emit parted "$c-unit-b" "parted -s $c.img unit B print" "$c.img"
  emit parted "$c-default" "parted -s $c.img print" "$c.img"
  emit parted "$c-free" "parted -s $c.img unit s print free" "$c.img"
  emit parted-machine "$c-unit-s" "parted -s -m $c.img unit s print" "$c.img"
  emit parted-machine "$c-unit-b" "parted -s -m $c.img unit B print" "$c.img"
  emit parted-machine "$c-default" "parted -s -m $c.img print" "$c.img"
  emit mmls "$c" "mmls $c.img" "$c.img"
  emit busybox-fdisk "$c" "busybox fdisk -l $c.img" "$c.img"
done
emit mmls gpt-unnamed "mmls unnamed.img" unnamed.img
emit gdisk gpt-unnamed "gdisk -l unnamed.img" unnamed.img
emit parted gpt-unnamed "parted -s unnamed.img unit s print" unnamed.img
emit parted gpt-unit-kib-rounded "parted -s gpt.img unit KiB print" gpt.img
emit sfdisk-dump gpt-unnamed "sfdisk -d unnamed.img" unnamed.img
emit sfdisk-dump gpt-4k "sfdisk -d $L4K" "$L4K"
emit sfdisk-json gpt-4k "sfdisk -J $L4K" "$L4K"
emit parted gpt-4k-unit-s "parted -s $L4K unit s print" "$L4K"
emit parted-machine gpt-4k-unit-b "parted -s -m $L4K unit B print" "$L4K"
emit gdisk gpt-sgdisk "sgdisk -p gpt.img" gpt.img
emit gdisk gpt-gdisk "gdisk -l gpt.img" gpt.img
emit gdisk gpt-4k-sgdisk "sgdisk -p $L4K" "$L4K"
emit gdisk two-disks "sgdisk -p gpt.img; sgdisk -p second.img" gpt.img second.img
emit parted two-disks "parted -s gpt.img unit s print; parted -s second.img unit s print" gpt.img second.img
emit sfdisk-dump two-disks "sfdisk -d gpt.img; sfdisk -d second.img" gpt.img second.img
# fdisk beyond its default shape: -x, -o with any columns (text before numbers), --bytes.
emit fdisk-variants gpt-x "fdisk -x gpt.img" gpt.img
emit fdisk-variants dos-o-chs-attrs "fdisk -l -o Device,Start,End,Sectors,Type,Start-C/H/S,End-C/H/S,Attrs dos.img" dos.img
emit fdisk-variants gpt-o-no-size "fdisk -l -o Device,Start,End,Sectors,Type,Name gpt.img" gpt.img
emit fdisk-variants gpt-bytes "fdisk -l --bytes gpt.img" gpt.img
emit fdisk-variants dos-4k-bytes "fdisk -l --bytes $L4K" "$L4K"
emit partx gpt "partx --show $LGPT" "$LGPT"
emit partx dos "partx --show $LDOS" "$LDOS"
emit partx gpt-4k "partx --show $L4K" "$L4K"
emit lsblk gpt-b "lsblk -b -o NAME,START,SIZE,LOG-SEC,TYPE,PARTLABEL $LGPT" "$LGPT"
emit lsblk dos-b "lsblk -b -o NAME,MAJ:MIN,START,SIZE,TYPE $LDOS" "$LDOS"
emit lsblk gpt-4k-b "lsblk -b -o NAME,START,SIZE,LOG-SEC,TYPE $L4K" "$L4K"
emit lsblk gpt-default "lsblk $LGPT" "$LGPT"
# lsblk's other output modes: pairs (-P), JSON (-J), raw (-r), list (-l, here without TYPE).
emit lsblk gpt-pairs-b "lsblk -b -P -o NAME,START,SIZE,LOG-SEC,TYPE,PARTLABEL $LGPT" "$LGPT"
emit lsblk gpt-json-b "lsblk -b -J -o NAME,START,SIZE,LOG-SEC,TYPE,PARTLABEL,FSTYPE $LGPT" "$LGPT"
emit lsblk dos-raw-b "lsblk -b -r -o NAME,START,SIZE,LOG-SEC,TYPE,PARTLABEL $LDOS" "$LDOS"
emit lsblk gpt-4k-list-b "lsblk -b -l -o NAME,START,SIZE,LOG-SEC $L4K" "$L4K"
emit lsblk dos-json-default "lsblk -J $LDOS" "$LDOS"
emit busybox-fdisk two-disks "busybox fdisk -l dos.img gpt.img" dos.img gpt.img

# --- parted in other languages ----------------------------------------------------------------
# parted translates its disk lines, column titles, flags (boot, swap, ...; also in -m) and the
# decimal separator of its default units. Its catalogues come from Debian's libparted-i18n (fetched with
# `apt-get download`, never installed) and the locales from localedef (compiled into the work
# dir); inside `unshare -m` the package's /usr/share/locale is bind-mounted over the host's for one
# command. gpt.img has esp, boot and msftres flags, dos.img boot and swap. Each: the catalogue's
# language and the locale parted runs in.
PARTED_LANGS=(de:de_DE fr:fr_FR es:es_ES pt_BR:pt_BR ru:ru_RU pl:pl_PL uk:uk_UA nl:nl_NL
  it:it_IT zh_CN:zh_CN zh_TW:zh_TW cs:cs_CZ ja:ja_JP sv:sv_SE)
# Languages the reader does not know, kept to show that it refuses them (no truth file):
# Galician translates the column titles only, Hungarian also puts the device before `lemez`.
PARTED_REFUSED=(gl:gl_ES hu:hu_HU)
parted_localized() { # LANG LOCALE FORMAT/CASE "parted …; parted …" DEV…
  local lang=$1 locale=$2 name=$3 command=$4
  shift 4
  mkdir -p "$OUT/$(dirname "$name")"
  unshare -m bash -c "
    mount --bind '$WORK/l10n/usr/share/locale' /usr/share/locale &&
    env LOCPATH='$WORK/locales' LC_ALL='$locale' bash -c '$command'
  " >"$OUT/$name.txt" 2>&1 || true
  [ $# -eq 0 ] || truth "$@" | jq . >"$OUT/$name.truth.json"
}
parted_locales_built() {
  local pair
  mkdir -p "$WORK/locales"
  for pair in "${PARTED_LANGS[@]}" "${PARTED_REFUSED[@]}"; do
    localedef -i "${pair#*:}" -f UTF-8 "$WORK/locales/${pair#*:}.UTF-8" >/dev/null 2>&1 || return 1
  done
}
PARTED_LOCALIZED=1
if (apt-get download -q libparted-i18n >/dev/null 2>&1) &&
  dpkg-deb -x "$WORK"/libparted-i18n_*.deb "$WORK/l10n" && parted_locales_built; then
  for pair in "${PARTED_LANGS[@]}" "${PARTED_REFUSED[@]}"; do
    [ -e "$WORK/l10n/usr/share/locale/${pair%%:*}/LC_MESSAGES/parted.mo" ] || {
      echo "make-tool-fixtures.sh: libparted-i18n has no ${pair%%:*} catalogue" >&2
      exit 1
    }
  done
else
  PARTED_LOCALIZED=0
  echo "make-tool-fixtures.sh: libparted-i18n or localedef not available; kept the committed localized parted fixtures" >&2
fi
for pair in "${PARTED_LANGS[@]}"; do
  lang=${pair%%:*} locale=${pair#*:}.UTF-8
  exact="parted -s gpt.img unit s print; parted -s dos.img unit s print free"
  rounded="parted -s gpt.img print; parted -s dos.img print"
  machine="parted -s -m gpt.img unit s print; parted -s -m dos.img unit s print"
  if [ "$PARTED_LOCALIZED" = 1 ]; then
    parted_localized "$lang" "$locale" "parted/localized-$lang-unit-s" "$exact" gpt.img dos.img
    parted_localized "$lang" "$locale" "parted/localized-$lang-default" "$rounded" gpt.img dos.img
    parted_localized "$lang" "$locale" "parted-machine/localized-$lang-unit-s" "$machine" gpt.img dos.img
  fi
  printf -- '- `parted/localized-%s-unit-s.txt`: `LC_ALL=%s %s` (parted'"'"'s %s catalogue)\n' \
    "$lang" "$locale" "$exact" "$lang" >>"$WORK/index.md"
  printf -- '- `parted/localized-%s-default.txt`: `LC_ALL=%s %s` (parted'"'"'s %s catalogue)\n' \
    "$lang" "$locale" "$rounded" "$lang" >>"$WORK/index.md"
  printf -- '- `parted-machine/localized-%s-unit-s.txt`: `LC_ALL=%s %s` (parted'"'"'s %s catalogue)\n' \
    "$lang" "$locale" "$machine" "$lang" >>"$WORK/index.md"
done
for pair in "${PARTED_REFUSED[@]}"; do
  lang=${pair%%:*} locale=${pair#*:}.UTF-8
  command="parted -s gpt.img unit s print"
  [ "$PARTED_LOCALIZED" = 0 ] || parted_localized "$lang" "$locale" "parted/refused-$lang-unit-s" "$command"
  printf -- '- `parted/refused-%s-unit-s.txt`: `LC_ALL=%s %s` (parted'"'"'s %s catalogue; a language the reader refuses, no truth)\n' \
    "$lang" "$locale" "$command" "$lang" >>"$WORK/index.md"
done

# Loop device numbers and the work dir vary from run to run: name every disk as a real disk
# would be named (gpt.img and its loop device /dev/sdb, dos.img /dev/sdc, the 4096-byte disk
# /dev/sdd, second.img /dev/sde, unnamed.img /dev/sdf).
for f in "$OUT"/{sfdisk-dump,sfdisk-json,parted,parted-machine,gdisk,mmls,partx,lsblk,busybox-fdisk,fdisk-variants}/*.txt; do
  sed -i -e "s#$WORK/##g" \
    -e "s#${LGPT}#/dev/sdb#g; s#${LDOS}#/dev/sdc#g; s#${L4K}#/dev/sdd#g" \
    -e "s#$(basename "$LGPT")#sdb#g; s#$(basename "$LDOS")#sdc#g; s#$(basename "$L4K")#sdd#g" \
    -e "s#gpt4k\.img#/dev/sdd#g; s#gpt\.img#/dev/sdb#g; s#dos\.img#/dev/sdc#g; s#second\.img#/dev/sde#g; s#unnamed\.img#/dev/sdf#g" "$f"
done
{
  echo "# Listing fixtures made by scripts/make-tool-fixtures.sh"
  echo
  echo "Each \`<case>.txt\` is real output of the command below (run on Debian 12 as root, on"
  echo "images the script makes); \`<case>.truth.json\` is \`sfdisk --json\` of the same disks."
  echo "Images and loop devices are renamed as disks: /dev/sdb (gpt.img), /dev/sdc (dos.img),"
  echo "/dev/sdd (the 4096-byte disk), /dev/sde (second.img), /dev/sdf (unnamed.img)."
  echo
  cat "$WORK/index.md"
} >"$OUT/TOOLS.md"
echo "make-tool-fixtures.sh: wrote $(wc -l <"$WORK/index.md") listings under $OUT"
