/**
 * Sizes as people type them, to exact bytes and 512-byte sectors.
 *
 *   "30G" "30 GiB" "1.5T"    binary units: K/KiB, M/MiB, G/GiB, T/TiB, P/PiB = powers of 1024
 *   "62914560s" "2048 sectors"  512-byte sectors (VMDK sectors, whatever the disk's own size)
 *   "1048576" "1048576 B"    bytes (a bare number means bytes unless the caller says sectors)
 *   "KB" "MB" "GB" "TB"      refused: Windows means 1024ⁿ, disk makers 1000ⁿ, and 7 % is a
 *                            lot of someone else's partition
 *
 * Nothing is rounded: a value that is not a whole number of bytes, or of sectors, is refused
 * with the nearest exact values. Digits may be grouped with "_" but not with "," or ".", which
 * mean different things in different countries.
 */
import {
  type Bytes,
  type VmdkSectors,
  VMDK_SECTOR_BYTES,
  bytes,
  groupDigits,
  vmdkSectors,
} from "./units.ts";

export type SizeInputResult =
  { ok: true; bytes: Bytes; sectors: VmdkSectors } | { ok: false; error: string };

export interface SizeInputOptions {
  /** What a number without a unit means: bytes (default) or 512-byte sectors. */
  bareUnit?: "bytes" | "sectors";
  /** The result must be a whole number of these: 512 (default) or 4096 on a 4Kn disk. */
  sectorBytes?: 512 | 4096;
}

const BINARY: Readonly<Record<string, bigint>> = {
  k: 1n << 10n,
  ki: 1n << 10n,
  kib: 1n << 10n,
  m: 1n << 20n,
  mi: 1n << 20n,
  mib: 1n << 20n,
  g: 1n << 30n,
  gi: 1n << 30n,
  gib: 1n << 30n,
  t: 1n << 40n,
  ti: 1n << 40n,
  tib: 1n << 40n,
  p: 1n << 50n,
  pi: 1n << 50n,
  pib: 1n << 50n,
};
const BYTE_UNITS = new Set(["b", "byte", "bytes"]);
const SECTOR_UNITS = new Set(["s", "sec", "sector", "sectors"]);
const AMBIGUOUS: Readonly<Record<string, string>> = {
  kb: "KiB",
  mb: "MiB",
  gb: "GiB",
  tb: "TiB",
  pb: "PiB",
};

/** The largest size accepted, in sectors (exclusive): the plan format's bound. */
const SECTOR_LIMIT = 1n << 63n;

/** The examples in a message: what a bare number means depends on the field. */
const examples = (bareUnit: SizeInputOptions["bareUnit"]): string =>
  bareUnit === "sectors"
    ? "e.g. 30G, 512MiB, 62914560s or a bare number of 512-byte sectors"
    : "e.g. 30G, 512MiB, 62914560s or a bare number of bytes";

/**
 * Parses a size typed by a person into exact bytes and 512-byte sectors.
 *
 * @example parseSizeInput("30G")       // { ok: true, bytes: 32212254720n, sectors: 62914560n }
 * @example parseSizeInput("62914560s") // { ok: true, bytes: 32212254720n, sectors: 62914560n }
 * @example parseSizeInput("1000")      // { ok: false, error: "1,000 bytes is not a whole number of 512-byte sectors …" }
 * @example parseSizeInput("30GB")      // { ok: false, error: "\"GB\" is ambiguous …" }
 */
export function parseSizeInput(text: string, options: SizeInputOptions = {}): SizeInputResult {
  const sectorBytes = BigInt(options.sectorBytes ?? 512);
  const input = text.trim();
  const EXAMPLES = examples(options.bareUnit);
  if (input === "") return { ok: false, error: `Enter a size, ${EXAMPLES}.` };
  if (input.startsWith("-")) return { ok: false, error: "A size cannot be negative." };
  if (/^[0-9.]+e[+-]?[0-9]+$/i.test(input)) {
    return { ok: false, error: `Write the number out in full, without an exponent ("${input}").` };
  }
  if (/^[0-9]+(,[0-9]+)+/.test(input)) {
    return {
      ok: false,
      error: `Remove the commas from "${input}": digit grouping and decimal commas differ between countries (use "_" to group digits, "." for decimals).`,
    };
  }
  const match = /^([0-9]+(?:_[0-9]+)*)(?:\.([0-9]+))?\s*([A-Za-z]*)$/.exec(input);
  if (!match) return { ok: false, error: `"${input}" is not a size: write ${EXAMPLES}.` };
  const whole = (match[1] ?? "").replaceAll("_", "");
  const fraction = match[2] ?? "";
  const unitText = match[3] ?? "";
  const unitKey = unitText.toLowerCase();
  if (whole.length + fraction.length > 40) return { ok: false, error: `"${input}" is too large.` };

  let multiplier: bigint;
  let isSectors = false;
  if (unitKey === "") {
    isSectors = options.bareUnit === "sectors";
    multiplier = isSectors ? VMDK_SECTOR_BYTES : 1n;
  } else if (BYTE_UNITS.has(unitKey)) {
    multiplier = 1n;
  } else if (SECTOR_UNITS.has(unitKey)) {
    isSectors = true;
    multiplier = VMDK_SECTOR_BYTES;
  } else if (BINARY[unitKey] !== undefined) {
    multiplier = BINARY[unitKey];
  } else if (AMBIGUOUS[unitKey] !== undefined) {
    return {
      ok: false,
      error: `"${unitText}" is ambiguous (Windows means powers of 1024, disk makers powers of 1000): write ${AMBIGUOUS[unitKey]} (or ${unitText[0]?.toUpperCase()}) for powers of 1024, or the exact number of bytes.`,
    };
  } else {
    return {
      ok: false,
      error: `Unknown unit "${unitText}": use K, M, G, T (KiB, MiB, GiB, TiB: powers of 1024), s for 512-byte sectors, or B for bytes.`,
    };
  }

  if (isSectors && fraction !== "" && /[1-9]/.test(fraction)) {
    return { ok: false, error: `A number of sectors must be whole, not ${whole}.${fraction}.` };
  }
  const scale = 10n ** BigInt(fraction.length);
  const scaled = (BigInt(whole) * scale + BigInt(fraction === "" ? "0" : fraction)) * multiplier;
  if (scaled % scale !== 0n) {
    const below = scaled / scale;
    return {
      ok: false,
      error: `${input} is not a whole number of bytes (it lies between ${groupDigits(below)} and ${groupDigits(below + 1n)}).`,
    };
  }
  const total = scaled / scale;
  if (total % sectorBytes !== 0n) {
    const below = (total / sectorBytes) * sectorBytes;
    return {
      ok: false,
      error: `${groupDigits(total)} bytes is not a whole number of ${sectorBytes}-byte sectors: the nearest are ${groupDigits(below)} and ${groupDigits(below + sectorBytes)} bytes.`,
    };
  }
  const sectors = total / VMDK_SECTOR_BYTES;
  if (sectors >= SECTOR_LIMIT) return { ok: false, error: `"${input}" is too large.` };
  return { ok: true, bytes: bytes(total), sectors: vmdkSectors(sectors) };
}
