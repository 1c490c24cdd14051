/**
 * How numbers look on the page. Exact sector counts are shown grouped (125,831,168) for reading;
 * whatever is meant for copying (copy buttons, titles, descriptor text) uses plain digits.
 */
import { formatBytes, groupDigits, VMDK_SECTOR_BYTES } from "../lib/units.ts";

/** 62914560 sectors → "30 GiB". */
export const sectorsHuman = (sectors: bigint): string => formatBytes(sectors * VMDK_SECTOR_BYTES);

/** 62914560 → "62,914,560". */
export const grouped = (n: bigint): string => groupDigits(n);

/** "1 partition", "3 partitions". */
export const count = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? "" : "s"}`;
