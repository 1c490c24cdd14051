/**
 * A strict reader of VMDK descriptor text, following VirtualBox's own parser
 * (VMDK.cpp: vmdkDescSplitLines, vmdkPreprocessDescriptor, vmdkParseDescriptor) and refusing
 * what VirtualBox refuses, plus what QEMU or libvmdk would misread (docs/vmdk.md):
 *
 *   # Disk DescriptorFile                 line 1, exactly (or VirtualBox's 3 other spellings)
 *   version=1                             ┐ header: no blanks around = in version/createType,
 *   CID=fffffffe                          │ CID before parentCID; an indented line or a line
 *   parentCID=ffffffff                    │ of blanks is a header entry too
 *   createType="partitionedDevice"        ┘
 *   # comments and empty lines go anywhere
 *   RW 2048 FLAT "Raw_Sectors_1MiB" 0     ┐ extents: ACCESS SIZE TYPE "FILE" OFFSET, one space
 *   RDONLY 8 FLAT "/dev/sda" 2048         │ between fields; ZERO takes no file and no offset
 *   RW 100 ZERO                           ┘ (VirtualBox writes one trailing space after it)
 *   ddb.uuid.image="…"                    ─ disk data base: at least one ddb. line
 *
 * Lines end in LF or CRLF, never a lone CR; no byte-order mark; 50 bytes to 128 KiB; at most
 * 1099 lines (VirtualBox fails when it reaches its 1100th). Every error names a 1-based line.
 */
import { vmdkSectors, type VmdkSectors } from "../units.ts";
import type { ChsGeometry } from "./geometry.ts";
import { descriptorNameProblem } from "./descriptor.ts";
import { UUID_PATTERN } from "../vbox.ts";

export type ExtentAccess = "RW" | "RDONLY" | "NOACCESS";

export interface ReadExtent {
  line: number;
  access: ExtentAccess;
  sectors: VmdkSectors;
  type: "FLAT" | "ZERO";
  /** The name between the quotes, as is; null for ZERO. */
  file: string | null;
  /** In 512-byte sectors; null for ZERO. */
  offset: VmdkSectors | null;
}

export interface DescriptorEntry {
  line: number;
  key: string;
  /** Unquoted; null for a header line that is not `key=value` (VirtualBox ignores those). */
  value: string | null;
}

export interface ReadDescriptor {
  header: DescriptorEntry[];
  createType: string;
  cid: string | null;
  parentCid: string | null;
  extents: ReadExtent[];
  ddb: DescriptorEntry[];
  uuidImage: string | null;
  /** Null unless all three geometry keys are present. */
  geometry: ChsGeometry | null;
  adapterType: string | null;
  /** The disk's size: the sum of all extent sizes. */
  totalSectors: VmdkSectors;
}

export interface DescriptorError {
  /** 1-based. */
  line: number;
  message: string;
}

export type ReadResult =
  { ok: true; descriptor: ReadDescriptor } | { ok: false; error: DescriptorError };

/** VirtualBox's minimum file size (vmdkDescriptorReadAscii). */
export const MIN_DESCRIPTOR_BYTES = 50;
/** VirtualBox reads at most 128 KiB and needs a terminating NUL inside that buffer. */
export const MAX_DESCRIPTOR_BYTES = 128 * 1024 - 1;
/** VirtualBox fails on reaching line 1100 (VMDK_DESCRIPTOR_LINES_MAX). */
export const MAX_DESCRIPTOR_LINES = 1099;

const FIRST_LINES = [
  "# Disk DescriptorFile",
  "# Disk Descriptor File",
  "#Disk Descriptor File",
  "#Disk DescriptorFile",
];
const UINT64_MAX = (1n << 64n) - 1n;
const UINT32_MAX = (1n << 32n) - 1n;
const HEX_CID = /^[0-9a-f]{1,8}$/i;

class Refusal {
  constructor(readonly error: DescriptorError) {}
}

function refuse(line: number, message: string): never {
  throw new Refusal({ line, message });
}

/** Shows a piece of the text with control characters visible, for messages. */
const show = (text: string): string =>
  JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);

/**
 * Reads descriptor text or bytes. Never throws.
 *
 * @example
 * const r = readDescriptor(text);
 * if (r.ok) r.descriptor.extents[1] // { line: 9, access: "RW", sectors: 62914560n, type: "FLAT",
 *                                   //   file: "\\\\.\\PhysicalDrive0", offset: 125831168n }
 * else `line ${r.error.line}: ${r.error.message}`
 */
export function readDescriptor(input: string | Uint8Array): ReadResult {
  try {
    return { ok: true, descriptor: parse(input) };
  } catch (e) {
    if (e instanceof Refusal) return { ok: false, error: e.error };
    throw e;
  }
}

function parse(input: string | Uint8Array): ReadDescriptor {
  const text = typeof input === "string" ? input : decodeUtf8(input);
  const byteLength =
    typeof input === "string" ? new TextEncoder().encode(input).length : input.length;
  if (text.startsWith("\uFEFF")) {
    refuse(
      1,
      'The file starts with a byte-order mark; VirtualBox expects "# Disk DescriptorFile".',
    );
  }
  if (byteLength < MIN_DESCRIPTOR_BYTES) {
    refuse(1, `The file has ${byteLength} bytes; VirtualBox refuses descriptors under 50 bytes.`);
  }
  const lines = splitLines(text);
  if (byteLength > MAX_DESCRIPTOR_BYTES) {
    refuse(
      lineAtByte(lines, MAX_DESCRIPTOR_BYTES),
      "The file is larger than the 128 KiB VirtualBox reads.",
    );
  }
  if (lines.length > MAX_DESCRIPTOR_LINES) {
    refuse(
      MAX_DESCRIPTOR_LINES + 1,
      `The file has ${lines.length} lines; VirtualBox reads at most ${MAX_DESCRIPTOR_LINES}.`,
    );
  }
  const first = lines[0] ?? "";
  if (!FIRST_LINES.includes(first)) {
    refuse(1, `The first line must be "# Disk DescriptorFile", not ${show(first)}.`);
  }

  const header: DescriptorEntry[] = [];
  const extents: ReadExtent[] = [];
  const ddb: DescriptorEntry[] = [];
  let section: "start" | "header" | "extents" | "ddb" = "start";
  const ordering = (n: number, what: string): never =>
    refuse(
      n,
      `${what}: the order must be header keys, then extent lines, then ddb. keys` +
        " (an indented line or a line of blanks counts as a header key).",
    );

  for (const [index, line] of lines.entries()) {
    const n = index + 1;
    if (line === "" || line.startsWith("#")) continue;
    if (line.startsWith("RW") || line.startsWith("RDONLY") || line.startsWith("NOACCESS")) {
      if (section === "start") ordering(n, "An extent line before the header keys");
      if (section === "ddb") ordering(n, "An extent line after the ddb. keys");
      section = "extents";
      extents.push(parseExtent(line, n));
    } else if (line.startsWith("ddb.")) {
      if (section === "start" || section === "header") {
        ordering(n, "A ddb. key before any extent line");
      }
      section = "ddb";
      ddb.push(parseDdb(line, n));
    } else {
      if (section === "extents") ordering(n, `The header line ${show(line)} after the extents`);
      if (section === "ddb") ordering(n, `The header line ${show(line)} after the ddb. keys`);
      section = "header";
      header.push(parseHeader(line, n));
    }
  }

  const version = single(header, "version", "header");
  if (!version) refuse(lines.length, 'The header has no "version=1" line.');
  else if (version.value !== "1") {
    refuse(version.line, `The version is ${show(version.value ?? "")}; only version=1 exists.`);
  }
  const createType = single(header, "createType", "header");
  if (!createType) refuse(lines.length, 'The header has no createType="…" line.');
  const cid = single(header, "CID", "header");
  const parentCid = single(header, "parentCID", "header");
  for (const entry of [cid, parentCid]) {
    if (entry && (entry.value === null || !HEX_CID.test(entry.value))) {
      refuse(entry.line, `${entry.key} must be 1 to 8 hex digits, not ${show(entry.value ?? "")}.`);
    }
  }
  if (cid && parentCid && parentCid.line < cid.line) {
    refuse(cid.line, "CID must come before parentCID (QEMU finds CID by searching for the text).");
  }
  if (extents.length === 0) refuse(lines.length, "The descriptor has no extent line.");
  if (ddb.length === 0) {
    refuse(
      lines.length,
      "The descriptor has no ddb. line: VirtualBox would insert its UUID keys above version=1" +
        " on the first read-write open, and never open the file again.",
    );
  }

  const uuid = single(ddb, "ddb.uuid.image", "ddb");
  if (uuid && (uuid.value === null || !UUID_PATTERN.test(uuid.value))) {
    refuse(uuid.line, `ddb.uuid.image is not a UUID: ${show(uuid.value ?? "")}.`);
  }
  const cylinders = ddbNumber(ddb, "ddb.geometry.cylinders");
  const heads = ddbNumber(ddb, "ddb.geometry.heads");
  const sectors = ddbNumber(ddb, "ddb.geometry.sectors");
  const adapter = single(ddb, "ddb.adapterType", "ddb");

  return {
    header,
    createType: createType.value ?? "",
    cid: cid?.value ?? null,
    parentCid: parentCid?.value ?? null,
    extents,
    ddb,
    uuidImage: uuid?.value ?? null,
    geometry:
      cylinders !== null && heads !== null && sectors !== null
        ? { cylinders, heads, sectors }
        : null,
    adapterType: adapter?.value ?? null,
    totalSectors: vmdkSectors(extents.reduce((sum, e) => sum + e.sectors, 0n)),
  };
}

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    // Find the line for the message: decode line by line.
    let line = 1;
    let start = 0;
    for (let i = 0; i <= bytes.length; i++) {
      if (i === bytes.length || bytes[i] === 0x0a) {
        try {
          new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(start, i));
        } catch {
          break;
        }
        line++;
        start = i + 1;
      }
    }
    return refuse(line, "The text is not valid UTF-8.");
  }
}

/**
 * Splits at LF, dropping the CR of a CRLF; a lone CR or a NUL is an error. A final line
 * without LF counts; a final LF does not start another line (as in VirtualBox).
 */
function splitLines(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a) {
      refuse(
        lines.length + 1,
        "A carriage return (CR) not followed by a line feed: VirtualBox refuses it.",
      );
    }
    if (c === 0) {
      refuse(lines.length + 1, "A NUL character: VirtualBox stops reading there.");
    }
    if (c === 0x0a) {
      const end = i > start && text.charCodeAt(i - 1) === 0x0d ? i - 1 : i;
      lines.push(text.slice(start, end));
      start = i + 1;
    }
  }
  if (start < text.length) lines.push(text.slice(start));
  return lines;
}

function lineAtByte(lines: readonly string[], offset: number): number {
  const encoder = new TextEncoder();
  let position = 0;
  for (const [index, line] of lines.entries()) {
    position += encoder.encode(line).length + 1;
    if (position > offset) return index + 1;
  }
  return lines.length;
}

/** `key=value`; blanks before `=` are VirtualBox's, but never in version or createType. */
function parseHeader(line: string, n: number): DescriptorEntry {
  const match = /^([^\s=]+)([ \t]*)=([ \t]*)(.*)$/.exec(line);
  if (!match) return { line: n, key: line, value: null };
  const [, key = "", before = "", after = "", raw = ""] = match;
  if ((key === "version" || key === "createType") && (before !== "" || after !== "")) {
    refuse(n, `No blanks may surround "=" in ${key} (VirtualBox and QEMU read it by position).`);
  }
  if (key === "version" && !/^[0-9]/.test(raw)) {
    refuse(n, `The version must be a bare number: version=1, not ${show(line)}.`);
  }
  if (key === "createType" && !raw.startsWith('"')) {
    refuse(n, 'createType must be quoted: createType="…" (QEMU reads it by position).');
  }
  return { line: n, key, value: unquote(raw, n) };
}

function parseDdb(line: string, n: number): DescriptorEntry {
  const match = /^(ddb\.[^\s=]+)[ \t]*=[ \t]*(.*)$/.exec(line);
  if (!match) refuse(n, `A ddb. line must read key = "value", not ${show(line)}.`);
  const [, key = "", raw = ""] = match;
  return { line: n, key, value: unquote(raw, n) };
}

/** A value in quotes (anything after the closing quote is ignored, as VirtualBox does) or bare. */
function unquote(raw: string, n: number): string {
  if (!raw.startsWith('"')) return /^[^ \t]*/.exec(raw)?.[0] ?? "";
  const end = raw.indexOf('"', 1);
  if (end < 0) refuse(n, `The value ${show(raw)} has no closing quote.`);
  return raw.slice(1, end);
}

function single(
  entries: readonly DescriptorEntry[],
  key: string,
  where: string,
): DescriptorEntry | undefined {
  const found = entries.filter((e) => e.key === key);
  const second = found[1];
  if (second)
    refuse(second.line, `The ${where} has ${key} twice (first on line ${found[0]?.line}).`);
  return found[0];
}

function ddbNumber(entries: readonly DescriptorEntry[], key: string): number | null {
  const entry = single(entries, key, "ddb");
  if (!entry) return null;
  const value = decimal(entry.value ?? "", UINT32_MAX);
  if (value === null)
    refuse(entry.line, `${key} is not a decimal number: ${show(entry.value ?? "")}.`);
  return Number(value);
}

function decimal(text: string, max: bigint): bigint | null {
  if (!/^[0-9]{1,20}$/.test(text)) return null;
  const value = BigInt(text);
  return value > max ? null : value;
}

/**
 * `ACCESS SIZE TYPE "FILE" OFFSET` with exactly one space between fields, checked field by
 * field so the message says which one is wrong.
 */
function parseExtent(line: string, n: number): ReadExtent {
  let rest = line;
  const take = (pattern: RegExp): string | null => {
    const match = pattern.exec(rest);
    if (!match) return null;
    rest = rest.slice(match[0].length);
    return match[0];
  };
  const separator = (after: string): void => {
    if (rest.startsWith(" ") && !/^ [ \t]/.test(rest)) {
      rest = rest.slice(1);
      return;
    }
    refuse(
      n,
      rest === ""
        ? `The extent line ends after ${after}.`
        : `Exactly one space must follow ${after} (found ${show(rest.slice(0, 3))}).`,
    );
  };

  const access = take(/^(RW|RDONLY|NOACCESS)(?![^ \t])/) as ExtentAccess | null;
  if (!access)
    refuse(n, `Unknown access ${show(/^\S*/.exec(line)?.[0] ?? "")}: RW, RDONLY or NOACCESS.`);
  separator("the access");

  const sizeText = take(/^[^ \t]+/) ?? "";
  const sectors = decimal(sizeText, UINT64_MAX);
  if (sectors === null) {
    refuse(n, `The size ${show(sizeText)} is not a decimal number of sectors.`);
  }
  separator("the size");

  const type = take(/^[^ \t]+/) ?? "";
  if (type === "ZERO") {
    if (rest !== "" && rest !== " ") {
      refuse(n, `A ZERO extent takes no file and no offset (found ${show(rest)}).`);
    }
    return { line: n, access, sectors: vmdkSectors(sectors), type, file: null, offset: null };
  }
  if (type === "SPARSE" || type === "VMFS") {
    refuse(n, `${type} extents are not raw-disk extents: only FLAT and ZERO are read here.`);
  }
  if (type !== "FLAT") refuse(n, `Unknown extent type ${show(type)}: FLAT or ZERO.`);
  if (rest === "" || rest === " ") refuse(n, "A FLAT extent needs a file name and an offset.");
  separator("the type");

  if (!rest.startsWith('"')) {
    refuse(n, `The file name must be in double quotes (found ${show(rest)}).`);
  }
  const close = rest.indexOf('"', 1);
  if (close < 0) refuse(n, `The file name ${show(rest)} has no closing quote.`);
  const file = rest.slice(1, close);
  const problem = descriptorNameProblem(file);
  if (problem) refuse(n, `The file name ${show(file)} ${problem}.`);
  rest = rest.slice(close + 1);
  if (rest === "" || rest === " ") refuse(n, "A FLAT extent needs an offset after the file name.");
  separator("the file name");

  const offsetText = rest;
  const offset = decimal(offsetText, UINT64_MAX);
  if (offset === null) {
    refuse(
      n,
      /^[0-9]+[ \t]/.test(offsetText)
        ? `Nothing may follow the offset (found ${show(offsetText)}).`
        : `The offset ${show(offsetText)} is not a decimal number of sectors.`,
    );
  }
  return {
    line: n,
    access,
    sectors: vmdkSectors(sectors),
    type: "FLAT",
    file,
    offset: vmdkSectors(offset),
  };
}
