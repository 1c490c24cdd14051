/**
 * FreeBSD's `gpart show` (docs/listings.md). Its shape, from lib/geom/part/geom_part.c
 * (`gpart_show_geom`):
 *
 * - one block per partitioned GEOM, headed `=>  FIRST  COUNT  NAME  SCHEME  (SIZE)`, where FIRST
 *   and COUNT are the usable range in the provider's sectors and SIZE the whole provider,
 *   rounded (`932G`); ` [CORRUPT]` follows a damaged table;
 * - rows `START  COUNT  INDEX  TYPE  [ATTRS]  (SIZE)`: START and COUNT exact, in sectors; `-p`
 *   prints the provider's name (`ada0p1`) for INDEX, `-l` the label and `-r` the raw type for
 *   TYPE; ATTRS such as `[active]` or `[bootme]`; SIZE is COUNT × the sector size, rounded;
 * - unused ranges as `START  COUNT  - free -  (SIZE)`;
 * - without a GEOM named, every one, nested ones too: a BSD label inside an MBR slice
 *   (`=>  0  …  ada0s1  BSD`) or the logical partitions of an extended one (`ada0s4  EBR`),
 *   whose numbers count from the start of that slice, not of the disk.
 *
 * The sector size is not printed. Each row's rounded size divided by its exact sector count
 * shows it, though: the sizes are rounded to about 5 % and the candidates (512, 1024 … 65536)
 * are twice apart, so when every row agrees on one size it is the size; otherwise it is asked.
 */
import type { LineParser, ListingDisk, ListingPartition, ListingResult } from "./types.ts";
import { cleanLines, decimal, emptyDisk, Notes, okResult, partitionFromSectors } from "./text.ts";
import { MAX_SECTOR_BYTES, MIN_SECTOR_BYTES } from "../units.ts";

const GPART_HEADER =
  /^=>\s*(\d+)\s+(\d+)\s+(\S+)\s+([A-Z][A-Z0-9]*)\s+\(([^()\s]+)\)(\s+\[CORRUPT\])?$/;
const GPART_ROW = /^(\d+)\s+(\d+)\s+(.*?)\s*\(([^()\s]+)\)$/;
const GPART_COMMAND = /\bgpart\s+show\b((?:\s+-[a-z]+)*)((?:\s+[\w/.-]+)*)\s*$/;
/** Schemes that live inside a partition of another GEOM: their numbers are relative to it. */
const NESTED_SCHEMES = /^(BSD|BSD64|EBR|VTOC8)$/;

interface Row {
  index: number;
  start: bigint;
  count: bigint;
  /** The size in brackets, rounded. */
  human: string;
}

interface Geom {
  line: number;
  first: bigint;
  count: bigint;
  name: string;
  scheme: string;
  human: string;
  corrupt: boolean;
  rows: (Row & { id: string; rest: string })[];
  free: Row[];
}

const HUMAN_UNITS: Readonly<Record<string, bigint>> = {
  B: 1n,
  K: 1n << 10n,
  M: 1n << 20n,
  G: 1n << 30n,
  T: 1n << 40n,
  P: 1n << 50n,
  E: 1n << 60n,
};

/**
 * Whether `count` sectors of `sectorSize` bytes can print as `human` (humanize_number: three
 * digits at most, one decimal below 10, binary units): within one unit of the last digit
 * shown, twice the rounding humanize_number does.
 */
function fitsHuman(count: bigint, sectorSize: bigint, human: string): boolean | null {
  const m = /^(\d+)(?:\.(\d))?([BKMGTPE]?)$/.exec(human);
  if (!m) return null;
  const unit = HUMAN_UNITS[m[3] || "B"] ?? 1n;
  const tenths = BigInt(m[1] ?? "0") * 10n + BigInt(m[2] ?? "0");
  const slack = m[2] === undefined ? 10n : 1n;
  const value = count * sectorSize * 10n;
  const shown = tenths * unit;
  const diff = value > shown ? value - shown : shown - value;
  return diff <= slack * unit;
}

/** The one sector size every row's rounded size agrees with, or null. */
function sectorSizeFromSizes(rows: readonly Row[]): number | null {
  const checked = rows.filter((r) => fitsHuman(r.count, 512n, r.human) !== null);
  if (checked.length === 0) return null;
  const fits: bigint[] = [];
  for (let size = MIN_SECTOR_BYTES; size <= MAX_SECTOR_BYTES; size *= 2n) {
    if (checked.every((r) => fitsHuman(r.count, size, r.human))) fits.push(size);
  }
  return fits.length === 1 ? Number(fits[0]) : null;
}

/** A partition's device name: `ada0p1` on GPT, `ada0s1` on MBR, `ada0s1a` in a BSD label. */
function providerName(geom: string, scheme: string, index: number): string {
  if (scheme === "GPT") return `${geom}p${index}`;
  if (scheme === "BSD" || scheme === "BSD64" || scheme === "VTOC8")
    return `${geom}${String.fromCharCode(96 + index)}`;
  return `${geom}s${index}`;
}

/**
 * A type as gpart prints it, made comparable with other listings' types: an MBR type without an
 * alias (`!12`) or a raw one (`-r`: `12`) is its id in decimal, given back in hex (`0C`, as fdisk
 * writes it); a GPT type without an alias is `!` and its GUID, given back as the GUID.
 */
function gpartType(value: string, scheme: string): string {
  const id = /^!?(\d{1,3})$/.exec(value)?.[1];
  if (id !== undefined && (scheme === "MBR" || scheme === "EBR") && Number(id) < 256)
    return Number(id).toString(16).toUpperCase().padStart(2, "0");
  const guid = /^!([0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12})$/i.exec(value)?.[1];
  return guid ?? value;
}

export const parseGpartShow: LineParser = (raw) => {
  const lines = cleanLines(raw);
  if (!lines.some((l) => GPART_HEADER.test(l.trim()))) return null;
  const notes = new Notes();
  let element = "type" as "type" | "label" | "rawtype";
  const geoms: Geom[] = [];
  let geom: Geom | null = null;
  lines.forEach((line, index) => {
    const text = line.trim();
    const command = GPART_COMMAND.exec(text);
    if (command && !text.startsWith("=>")) {
      notes.use(index);
      const flags = command[1] ?? "";
      if (/l/.test(flags)) element = "label";
      else if (/r/.test(flags)) element = "rawtype";
      return;
    }
    const h = GPART_HEADER.exec(text);
    if (h) {
      notes.use(index);
      geom = {
        line: index,
        first: decimal(h[1]) ?? 0n,
        count: decimal(h[2]) ?? 0n,
        name: h[3] ?? "",
        scheme: h[4] ?? "",
        human: h[5] ?? "",
        corrupt: h[6] !== undefined,
        rows: [],
        free: [],
      };
      geoms.push(geom);
      return;
    }
    const current = geom as Geom | null;
    const r = GPART_ROW.exec(text);
    if (!current || !r) return;
    const start = decimal(r[1]);
    const count = decimal(r[2]);
    const rest = r[3] ?? "";
    if (start === null || count === null) return;
    if (rest === "- free -") {
      notes.use(index);
      current.free.push({ index, start, count, human: r[4] ?? "" });
      return;
    }
    const id = /^(\S+)\s+(.+)$/.exec(rest);
    if (!id) return;
    notes.use(index);
    current.rows.push({
      index,
      start,
      count,
      human: r[4] ?? "",
      id: id[1] ?? "",
      rest: id[2] ?? "",
    });
  });

  // A GEOM is nested when its scheme only lives inside a partition, or when it is the
  // provider of a partition listed above it (a GPT inside a GPT partition, say).
  const providers = new Set<string>();
  for (const g of geoms) {
    for (const row of g.rows) {
      providers.add(/^\d+$/.test(row.id) ? providerName(g.name, g.scheme, Number(row.id)) : row.id);
    }
  }
  const disks: ListingDisk[] = [];
  for (const g of geoms) {
    if (NESTED_SCHEMES.test(g.scheme) || providers.has(g.name)) {
      notes.add(
        g.line,
        `${g.name} (${g.scheme}) is a table inside a partition, not a disk: its rows count from the start of ${g.name}, so they are not read as the disk's partitions. ${g.name} itself is one partition of its disk.`,
      );
      continue;
    }
    // Per disk: one paste may hold a 512-byte disk and a 4096-byte one.
    const sectorSize = sectorSizeFromSizes([...g.rows, ...g.free]);
    const disk = emptyDisk(`/dev/${g.name}`, g.line + 1);
    disk.tableType = g.scheme === "GPT" ? "gpt" : g.scheme === "MBR" ? "dos" : null;
    disk.logicalSectorSize = sectorSize;
    if (sectorSize !== null) {
      // The header counts only the usable range: the disk is at least that long.
      disk.sizeLowerBoundBytes = (g.first + g.count) * BigInt(sectorSize);
    }
    if (g.corrupt) {
      notes.add(
        g.line,
        `gpart marks the table of ${g.name} CORRUPT (one of its copies is damaged): check the disk before you plan on it.`,
      );
    }
    for (const row of g.rows) {
      const numbered = /^\d+$/.test(row.id);
      const number = numbered ? Number(row.id) : Number(/(\d+)$/.exec(row.id)?.[1] ?? NaN);
      const name = numbered ? providerName(g.name, g.scheme, Number(row.id)) : row.id;
      const attrs = /^(.*?)\s+\[([^\]]*)\]$/.exec(row.rest);
      const value = (attrs ? attrs[1] : row.rest)?.trim() ?? "";
      const p: ListingPartition = partitionFromSectors(
        { number: Number.isFinite(number) ? number : null, label: `/dev/${name}` },
        row.start,
        row.count,
        sectorSize,
      );
      if (element === "label") {
        if (value !== "(null)") p.name = value;
      } else {
        p.type = gpartType(value, g.scheme);
      }
      if (attrs) {
        const flags = (attrs[2] ?? "").split(",").map((a) => (a === "active" ? "boot" : a));
        p.flags = flags.filter((f) => f !== "");
      }
      disk.partitions.push(p);
    }
    notes.add(
      g.line,
      sectorSize === null
        ? `gpart show counts in sectors but does not print their size, and the rounded sizes of ${g.name} do not tell it: say 512 or 4096 (\`gpart list ${g.name}\` gives Sectorsize, and exact byte offsets).`
        : `gpart show counts in sectors but does not print their size: every rounded size of ${g.name} fits ${sectorSize}-byte sectors and no other size, so they are read as such (\`gpart list ${g.name}\` prints Sectorsize exactly). The disk's exact size is not in it: \`diskinfo -v ${g.name}\` gives its mediasize in bytes.`,
      sectorSize !== null,
    );
    disks.push(disk);
  }
  if (disks.length === 0) return onlyNestedTables("show", geoms, notes);
  return okResult("gpart-show", disks, notes, lines);
};

/**
 * FreeBSD's `gpart list` (geom(8)'s `list` for the PART class): per partitioned GEOM a block
 * `Geom name: ada0`, its settings (`scheme: GPT`, `first:`, `last:`, `entries:`…), then
 * `Providers:` (`1. Name: ada0p1` and indented `Mediasize: 524288 (512K)`, `Sectorsize: 512`,
 * `offset: 20480`, `length: 524288` in bytes, `start:`/`end:` in sectors, `type:`, `label:`,
 * `rawtype:`, `attrib: active`, `index:`) and `Consumers:` (the disk: `Mediasize:` in bytes,
 * `Sectorsize:`). Every number is exact.
 */
const LIST_GEOM = /^Geom name:\s+(\S+)$/;
const LIST_ITEM = /^(\d+)\.\s+Name:\s+(\S+)$/;
const LIST_FIELD = /^([A-Za-z][\w-]*):\s*(.*)$/;

interface ListItem {
  line: number;
  name: string;
  fields: Map<string, string>;
  attribs: string[];
}

interface ListGeom {
  line: number;
  name: string;
  config: Map<string, string>;
  providers: ListItem[];
  consumers: ListItem[];
}

export const parseGpartList: LineParser = (raw) => {
  const lines = cleanLines(raw);
  if (!lines.some((l) => LIST_GEOM.test(l.trim()))) return null;
  if (!lines.some((l) => /^\s*scheme:\s+\S+$/.test(l))) return null;
  if (!lines.some((l) => /^\s*Providers:$/.test(l))) return null;
  const notes = new Notes();
  const geoms: ListGeom[] = [];
  let geom: ListGeom | null = null;
  let section: "config" | "providers" | "consumers" = "config";
  let item: ListItem | null = null;
  let showAt: number | null = null;
  lines.forEach((line, index) => {
    const text = line.trim();
    // `gpart show` pasted along: the same partitions, rounded and without the sector size.
    if (
      GPART_HEADER.test(text) ||
      (showAt !== null && !LIST_GEOM.test(text) && GPART_ROW.test(text)) ||
      /\bgpart\s+show\b/.test(text)
    ) {
      notes.use(index);
      if (showAt === null) {
        showAt = index;
        notes.add(
          index,
          "The gpart show lines are not needed: gpart list gives the same partitions with exact byte offsets and the sector size.",
        );
      }
      geom = null;
      return;
    }
    if (/\bgpart\s+list\b/.test(text) && !LIST_FIELD.test(text)) {
      notes.use(index);
      return;
    }
    const g = LIST_GEOM.exec(text);
    if (g) {
      notes.use(index);
      geom = { line: index, name: g[1] ?? "", config: new Map(), providers: [], consumers: [] };
      geoms.push(geom);
      section = "config";
      item = null;
      return;
    }
    const current = geom as ListGeom | null;
    if (!current) return;
    if (text === "Providers:" || text === "Consumers:") {
      notes.use(index);
      section = text === "Providers:" ? "providers" : "consumers";
      item = null;
      return;
    }
    const it = LIST_ITEM.exec(text);
    if (it && section !== "config") {
      notes.use(index);
      item = { line: index, name: it[2] ?? "", fields: new Map(), attribs: [] };
      (section === "providers" ? current.providers : current.consumers).push(item);
      return;
    }
    const f = LIST_FIELD.exec(text);
    if (!f) return;
    const key = f[1] ?? "";
    const value = (f[2] ?? "").trim();
    const target = item as ListItem | null;
    if (section === "config") {
      notes.use(index);
      current.config.set(key, value);
    } else if (target) {
      notes.use(index);
      if (key === "attrib") target.attribs.push(value);
      else target.fields.set(key, value);
    }
  });

  const providers = new Set(geoms.flatMap((g) => g.providers.map((p) => p.name)));
  const disks: ListingDisk[] = [];
  for (const g of geoms) {
    const scheme = g.config.get("scheme") ?? "";
    const consumer = g.consumers[0];
    if (NESTED_SCHEMES.test(scheme) || providers.has(consumer?.name ?? g.name)) {
      notes.add(
        g.line,
        `${g.name} (${scheme}) is a table inside a partition, not a disk: its offsets count from the start of ${g.name}, so they are not read as the disk's partitions. ${g.name} itself is one partition of its disk.`,
      );
      continue;
    }
    const disk = emptyDisk(`/dev/${consumer?.name ?? g.name}`, g.line + 1);
    disk.tableType = scheme === "GPT" ? "gpt" : scheme === "MBR" ? "dos" : null;
    const sectorSize = Number(decimal(consumer?.fields.get("Sectorsize")?.split(" ")[0]) ?? NaN);
    if ([512, 1024, 2048, 4096, 8192, 16384, 32768, 65536].includes(sectorSize)) {
      disk.logicalSectorSize = sectorSize;
    }
    const media = /^(\d+)(?:\s+\(.*\))?$/.exec(consumer?.fields.get("Mediasize") ?? "");
    if (media) disk.sizeBytes = decimal(media[1]);
    if (!consumer) {
      notes.add(
        g.line,
        `The Consumers part of ${g.name} is missing: its sector size and exact size are not known.`,
      );
    }
    for (const pr of g.providers) {
      const field = (k: string) => decimal(pr.fields.get(k)?.split(" ")[0]);
      const offset = field("offset");
      const length = field("length") ?? field("Mediasize");
      const start = field("start");
      const end = field("end");
      const index = field("index");
      const p: ListingPartition = {
        number: index === null ? null : Number(index),
        label: `/dev/${pr.name}`,
        startByte: offset,
        sizeBytes: length,
        exact: offset !== null && length !== null,
      };
      const size = disk.logicalSectorSize === null ? null : BigInt(disk.logicalSectorSize);
      if (
        size !== null &&
        offset !== null &&
        length !== null &&
        start !== null &&
        end !== null &&
        (start * size !== offset || (end - start + 1n) * size !== length)
      ) {
        // The bytes and the sectors disagree: neither is trusted.
        p.startByte = null;
        p.sizeBytes = null;
        p.exact = false;
        notes.add(
          pr.line,
          `${pr.name}: offset ${offset} and length ${length} bytes do not match start ${start} and end ${end} in ${size}-byte sectors; not read as exact.`,
        );
      }
      const type = pr.fields.get("type");
      if (type) p.type = gpartType(type, scheme);
      const label = pr.fields.get("label");
      if (label && label !== "(null)") p.name = label;
      const uuid = pr.fields.get("rawuuid");
      if (uuid && /^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i.test(uuid))
        p.partitionGuid = uuid.toUpperCase();
      if (pr.attribs.length > 0) p.flags = pr.attribs.map((a) => (a === "active" ? "boot" : a));
      disk.partitions.push(p);
    }
    disks.push(disk);
  }
  if (disks.length === 0) return onlyNestedTables("list", geoms, notes);
  return okResult("gpart-list", disks, notes, lines);
};

/**
 * The refusal of a gpart paste that holds only tables inside partitions: their numbers count
 * from the slice's start, not the disk's, so the disk's own table is asked for.
 */
function onlyNestedTables(
  command: "show" | "list",
  geoms: readonly { name: string }[],
  notes: Notes,
): ListingResult {
  const outer = [...new Set(geoms.map((g) => g.name.replace(/(?:s|p)\d+$/, "")))];
  const numbers = command === "show" ? "numbers" : "offsets";
  return {
    ok: false,
    error: `This gpart ${command} lists only tables inside partitions (a BSD label in an MBR slice, logical partitions in an extended one), whose ${numbers} do not count from the start of the disk. Run ${outer.map((n) => `\`gpart ${command} ${n}\``).join(", ")} for the disk itself.`,
    notes: notes.list,
  };
}
