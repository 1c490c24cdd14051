/**
 * Every listing parser, in the order they are asked: the first that recognises its format
 * answers. Formats whose marks are unmistakable come first; fdisk, the most forgiving, last.
 * After a parser answers, a Get-Disk block pasted with it lends its disk facts
 * (windows/merge.ts).
 */
import type { LineParser } from "./types.ts";
import { parseWmic } from "./windows/wmic/index.ts";
import { parseFdisk } from "./linux/fdisk/index.ts";
import { parseSfdiskDump, parseSfdiskJson } from "./linux/sfdisk.ts";
import { parseSfdiskOldList } from "./linux/sfdiskList.ts";
import { parseParted, parsePartedMachine } from "./linux/parted.ts";
import { parseGdisk } from "./linux/gdisk.ts";
import { parseMmls, parsePartx } from "./linux/blockTools.ts";
import { parseLsblk } from "./linux/lsblk.ts";
import { parseSysfs } from "./linux/sysfs.ts";
import { parseDiskpart } from "./windows/diskpart.ts";
import { parsePowerShell } from "./windows/powershell.ts";
import { parseVboxHostDrives, parseVboxListPartitions } from "./windows/vbox.ts";
import { parseDiskutil, parseGptShow, parseMacFdisk } from "./macos.ts";
import { parseGpartList, parseGpartShow } from "./bsd.ts";
import { parseDiskutilInfo } from "./macosInfo.ts";
import { parseDiskutilPlist } from "./macosPlist.ts";

export const PARSERS: readonly LineParser[] = [
  parseSfdiskJson,
  parseSfdiskDump,
  parseSfdiskOldList,
  parsePartedMachine,
  parseParted,
  parseGdisk,
  parseMmls,
  parsePartx,
  parseSysfs,
  parseVboxListPartitions,
  parseVboxHostDrives,
  parseDiskpart,
  parseDiskutilPlist,
  parseDiskutil,
  parseMacFdisk,
  parseGptShow,
  parseDiskutilInfo,
  parseGpartList,
  parseGpartShow,
  parseLsblk,
  parsePowerShell,
  parseWmic,
  parseFdisk,
];
