/**
 * Every listing parser, in the order they are asked: the first that recognises its format
 * answers. Formats whose marks are unmistakable come first; fdisk, the most forgiving, last.
 */
import type { LineParser } from "./types.ts";
import { parseWmic } from "./wmic.ts";
import { parseFdisk } from "./fdisk.ts";
import { parseSfdiskDump, parseSfdiskJson } from "./linux/sfdisk.ts";
import { parseParted, parsePartedMachine } from "./linux/parted.ts";
import { parseGdisk } from "./linux/gdisk.ts";
import { parseLsblk, parseMmls, parsePartx } from "./linux/blockTools.ts";

export const PARSERS: readonly LineParser[] = [
  parseSfdiskJson,
  parseSfdiskDump,
  parsePartedMachine,
  parseParted,
  parseGdisk,
  parseMmls,
  parsePartx,
  parseLsblk,
  parseWmic,
  parseFdisk,
];
