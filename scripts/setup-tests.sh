#!/usr/bin/env bash
# Installs what the tests need on a Debian machine with Node 20, then the npm packages.
#   - chromium: Playwright drives Debian's Chromium (it cannot download its own here)
#   - qemu-utils, libvmdk-utils: independent VMDK readers for the interop tests
#   - fdisk, parted, gdisk, dosfstools, e2fsprogs: real partition tables and filesystems
#   - unzip: the tests unzip downloads with a reader other than ours
#   - shellcheck: the generated check-disk.sh and register.sh must pass it
#   - busybox: check-disk.sh must also run under busybox sh (src/lib/zip/checkDisk.hosts.test.ts)
#   - libvirt-clients, libxml2-utils: virt-xml-validate (with xmllint) checks the libvirt disk XML
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(chromium qemu-utils libvmdk-utils fdisk parted gdisk dosfstools e2fsprogs unzip shellcheck busybox libvirt-clients libxml2-utils)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
npm ci --no-audit --no-fund
