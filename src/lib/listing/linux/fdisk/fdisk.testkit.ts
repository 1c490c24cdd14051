/** For the fdisk tests: the fixtures made by the real tools with sfdisk's truth, and helpers. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { type ListingDisk, type ListingResult } from "../../index.ts";

export const FIXTURES = join(import.meta.dirname, "../../../../../test-fixtures/fdisk");
export const ROOT = join(import.meta.dirname, "../../../../..");

export interface SfdiskPartition {
  node: string;
  start: number;
  size: number;
  type: string;
  bootable?: boolean;
}
export interface SfdiskTable {
  partitiontable: {
    label: "dos" | "gpt";
    sectorsize: number;
    partitions?: SfdiskPartition[];
  };
}

export interface Fixture {
  name: string;
  listing: Uint8Array;
  /** One item per disk of the listing: what `sfdisk --json` said, or null (no table). */
  sfdisk: (SfdiskTable | null)[];
  bytes: bigint[];
  cylinderUnits: boolean;
}

export function loadFixtures(): Fixture[] {
  return readdirSync(FIXTURES)
    .filter((f) => f.endsWith(".fdisk.txt"))
    .sort()
    .map((file) => {
      const name = file.slice(0, -".fdisk.txt".length);
      const listing = new Uint8Array(readFileSync(join(FIXTURES, file)));
      const text = new TextDecoder().decode(listing);
      return {
        name,
        listing,
        sfdisk: JSON.parse(
          readFileSync(join(FIXTURES, `${name}.sfdisk.json`), "utf8"),
        ) as (SfdiskTable | null)[],
        bytes: (
          JSON.parse(readFileSync(join(FIXTURES, `${name}.bytes.json`), "utf8")) as string[]
        ).map((b) => BigInt(b)),
        // Decided from the text itself, independently of the parser.
        cylinderUnits:
          /^(?:Units\s*[:=]|Einheiten:|Unités\s*:)\s*(?:cylinders|Zylinder|cylindres?)\b/m.test(
            text,
          ),
      };
    });
}

export const fixtures = loadFixtures();

export function okResult(result: ListingResult | null): Extract<ListingResult, { ok: true }> {
  expect(result).not.toBeNull();
  if (!result?.ok) throw new Error(`expected ok, got ${JSON.stringify(result)}`);
  return result;
}

export function partitionNumber(node: string): number {
  const m = /(\d+)$/.exec(node);
  if (!m) throw new Error(`no number in ${node}`);
  return Number(m[1]);
}

/** The disks and partitions with their numbers, without line-dependent details. */
export function numbersOf(disks: ListingDisk[]) {
  return disks.map((d) => ({
    device: d.device,
    logicalSectorSize: d.logicalSectorSize,
    sizeBytes: d.sizeBytes,
    tableType: d.tableType,
    partitions: d.partitions.map((p) => ({ ...p })),
  }));
}

/** A util-linux 2.38 listing of one disk with the given rows (Start, Sectors[, End]). */
export function modernListing(
  sectorSize: number,
  diskSectors: bigint,
  rows: { start: bigint; sectors: bigint; end?: bigint }[],
  label: "dos" | "gpt" = "gpt",
): string {
  const out = [
    `Disk /dev/sdz: 1 TiB, ${diskSectors * BigInt(sectorSize)} bytes, ${diskSectors} sectors`,
    `Units: sectors of 1 * ${sectorSize} = ${sectorSize} bytes`,
    `Sector size (logical/physical): ${sectorSize} bytes / ${sectorSize} bytes`,
    `Disklabel type: ${label}`,
    "",
    label === "gpt"
      ? "Device     Start End Sectors Size Type"
      : "Device Boot Start End Sectors Size Id Type",
  ];
  rows.forEach((r, i) => {
    const end = r.end ?? r.start + r.sectors - 1n;
    out.push(
      label === "gpt"
        ? `/dev/sdz${i + 1} ${r.start} ${end} ${r.sectors} 1G Linux filesystem`
        : `/dev/sdz${i + 1} ${r.start} ${end} ${r.sectors} 1G 83 Linux`,
    );
  });
  return out.join("\n");
}
