/**
 * A Get-Disk block pasted together with another Windows listing (wmic, diskpart, VBoxManage)
 * fills in what that listing lacks: the disk's exact size and sector size, its identity and
 * whether Windows boots from it, matched by disk number (`\\.\PhysicalDriveN`).
 */
import { canonicalDiskNumber } from "./numbers.ts";
import type { ListingResult } from "../types.ts";
import { cleanLines, Notes } from "../text.ts";
import { applyWindowsDisk, readWindowsObjects } from "./powershell.ts";
import { blockSizeAssumedNote } from "./wmic/disks.ts";

export function mergeWindowsDiskFacts(
  result: ListingResult,
  raw: readonly string[],
): ListingResult {
  if (!result.ok || result.format === "get-partition" || result.format === "get-disk")
    return result;
  const lines = cleanLines(raw);
  const used = new Notes();
  const { disks: facts } = readWindowsObjects(lines, used);
  if (facts.size === 0) return result;
  let notes = result.notes.filter((n) => !used.usedLines().has(n.line - 1));
  for (const disk of result.disks) {
    const number = canonicalDiskNumber(disk.device);
    const f = number === null ? undefined : facts.get(number);
    if (!f) continue;
    const assumed512 = disk.logicalSectorSize === null;
    applyWindowsDisk(disk, f);
    if (assumed512 && f.sectorSize !== null && f.sectorSize !== 512 && result.format === "wmic") {
      for (const p of disk.partitions) {
        p.sizeBytes = null;
        p.exact = false;
      }
      notes.push({
        line: f.line,
        text: `Get-Disk says disk ${number} has ${f.sectorSize}-byte sectors, but wmic did not list BlockSize, so its NumberOfBlocks were read as 512-byte blocks: the sizes are not exact. Add BlockSize to the wmic command.`,
      });
    } else {
      const settled = assumed512 && f.sectorSize === 512 && result.format === "wmic";
      if (settled) {
        const assumption = blockSizeAssumedNote(`Disk ${number}`);
        notes = notes.filter((n) => n.text !== assumption);
      }
      notes.push({
        line: f.line,
        text: `Disk ${number}: size, sector size${settled ? " (512 bytes, so wmic's NumberOfBlocks are exact)" : ""} and identity taken from the Get-Disk output pasted with the listing.`,
      });
    }
  }
  notes.sort((a, b) => a.line - b.line);
  return { ...result, notes };
}
