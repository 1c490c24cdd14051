/**
 * macOS `diskutil info -plist DEVICE` and `diskutil list -plist` (XML property lists), as
 * scripts and answers that want machine-readable output ask for. Keys as public samples of
 * real output show them (e.g. davidfstr/Crystal-Web-Archiver, src/crystal/tests/test_ssd.py,
 * a partition's `diskutil info -plist`):
 *
 * - `diskutil info -plist`: one `<dict>` per device. `DeviceIdentifier` (`disk2s2`),
 *   `DeviceNode`, `WholeDisk` (`<true/>` for a disk), `ParentWholeDisk` (a partition's disk),
 *   `Size` and `TotalSize` in bytes (a disk's size, or the partition's own),
 *   `DeviceBlockSize` (the logical sector size), and on a partition `PartitionMapPartition`
 *   `<true/>` with `PartitionMapPartitionOffset`, its offset in bytes. An APFS volume has
 *   `PartitionMapPartition` `<false/>` and no offset; an APFS container (a synthesized disk)
 *   lists its `APFSPhysicalStores`. `Content` is the disk's scheme (`GUID_partition_scheme`,
 *   `FDisk_partition_scheme`) or the partition's type.
 * - `diskutil list -plist`: `AllDisksAndPartitions`, an array of disks (`DeviceIdentifier`,
 *   `Size` in bytes, `Content`, `Partitions`: each with `DeviceIdentifier`, `Size`, `Content`,
 *   `VolumeName`, `MountPoint`), APFS containers among them (`APFSPhysicalStores`,
 *   `APFSVolumes`). Sizes are exact, but no partition's offset is given.
 *
 * Integers are kept as text and read as bigints (a 5 TB disk passes 2^32, never a float).
 */
import type { LineParser, ListingDisk, ListingPartition } from "./types.ts";
import {
  cleanLines,
  decimal,
  Notes,
  okResult,
  sectorSizeFrom,
  sortByStart,
  diskNamed,
} from "./text.ts";

type PlistValue = string | boolean | PlistValue[] | PlistDict;
interface PlistDict {
  kind: "dict";
  /** 0-based line where the dict opens. */
  line: number;
  values: Map<string, { value: PlistValue; line: number }>;
}

interface Token {
  tag: string;
  text: string;
  line: number;
}

const TOKEN =
  /<(\/?)(plist|dict|array|key|string|integer|real|date|data|true|false)\b[^>]*?(\/?)>/g;

/** The XML elements of the lines in order, with the text of leaf elements. */
function tokenize(lines: readonly string[]): Token[] | null {
  const out: Token[] = [];
  let open: { tag: string; line: number; text: string } | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    TOKEN.lastIndex = 0;
    let m: RegExpExecArray | null;
    let from = 0;
    while ((m = TOKEN.exec(line)) !== null) {
      const [whole, closing, tag = "", selfClosing] = m;
      if (open !== null) {
        if (closing && tag === open.tag) {
          out.push({ tag, text: open.text + line.slice(from, m.index), line: open.line });
          open = null;
        }
        from = m.index + whole.length;
        continue;
      }
      if (["key", "string", "integer", "real", "date", "data"].includes(tag) && !closing) {
        if (selfClosing) out.push({ tag, text: "", line: i });
        else open = { tag, line: i, text: "" };
      } else if (tag === "true" || tag === "false") {
        out.push({ tag, text: "", line: i });
      } else {
        out.push({ tag: `${closing}${tag}${selfClosing}`, text: "", line: i });
      }
      from = m.index + whole.length;
    }
    // A value running on to the next line (a multi-line string) keeps this line's rest.
    if (open !== null) open.text += `${line.slice(from)}\n`;
  }
  return open === null ? out : null;
}

const unescape = (s: string): string =>
  s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");

/** The root values of every `<plist>` in the tokens (several outputs may be pasted). */
function plistRoots(tokens: Token[]): PlistValue[] | null {
  let at = 0;
  const value = (): PlistValue | undefined => {
    const t = tokens[at++];
    if (!t) return undefined;
    switch (t.tag) {
      case "string":
      case "integer":
      case "real":
      case "date":
      case "data":
        return unescape(t.text.trim());
      case "true":
        return true;
      case "false":
        return false;
      case "dict/":
        return { kind: "dict", line: t.line, values: new Map() };
      case "array/":
        return [];
      case "array": {
        const items: PlistValue[] = [];
        while (tokens[at] && tokens[at]?.tag !== "/array") {
          const v = value();
          if (v === undefined) return undefined;
          items.push(v);
        }
        // Out of tokens before `</array>`: the paste was cut.
        if (tokens[at++] === undefined) return undefined;
        return items;
      }
      case "dict": {
        const dict: PlistDict = { kind: "dict", line: t.line, values: new Map() };
        while (tokens[at] && tokens[at]?.tag !== "/dict") {
          const k = tokens[at++];
          if (k?.tag !== "key") return undefined;
          const v = value();
          if (v === undefined) return undefined;
          dict.values.set(unescape(k.text.trim()), { value: v, line: k.line });
        }
        if (tokens[at++] === undefined) return undefined;
        return dict;
      }
      default:
        return undefined;
    }
  };
  const roots: PlistValue[] = [];
  while (at < tokens.length) {
    const t = tokens[at];
    if (t?.tag === "plist" || t?.tag === "/plist") {
      at++;
      continue;
    }
    const v = value();
    if (v === undefined) return null;
    roots.push(v);
  }
  return roots;
}

const isDict = (v: PlistValue | undefined): v is PlistDict =>
  typeof v === "object" && !Array.isArray(v) && v.kind === "dict";
const str = (d: PlistDict, key: string): string | undefined => {
  const v = d.values.get(key)?.value;
  return typeof v === "string" ? v : undefined;
};
const num = (d: PlistDict, key: string): bigint | null => decimal(str(d, key));
const flag = (d: PlistDict, key: string): boolean | undefined => {
  const v = d.values.get(key)?.value;
  return typeof v === "boolean" ? v : undefined;
};
const dicts = (d: PlistDict, key: string): PlistDict[] => {
  const v = d.values.get(key)?.value;
  return Array.isArray(v) ? v.filter(isDict) : [];
};
const tableOf = (content: string | undefined): "gpt" | "dos" | null =>
  content === "GUID_partition_scheme" ? "gpt" : content === "FDisk_partition_scheme" ? "dos" : null;
/** The physical partitions an APFS container lives in, or [] for anything else. */
const storesOf = (d: PlistDict): string[] =>
  dicts(d, "APFSPhysicalStores")
    .map((s) => str(s, "APFSPhysicalStore") ?? str(s, "DeviceIdentifier"))
    .filter((s): s is string => s !== undefined);

export const parseDiskutilPlist: LineParser = (raw) => {
  const lines = cleanLines(raw);
  const text = lines.join("\n");
  if (!/<plist\b/.test(text) || !/<key>\s*DeviceIdentifier\s*<\/key>/.test(text)) return null;
  const tokens = tokenize(lines);
  const roots = tokens === null ? null : plistRoots(tokens);
  if (roots === null) {
    return {
      ok: false,
      error:
        "This looks like diskutil's -plist output, but it is cut or damaged (its XML does not close). Paste all of it, from `<?xml` to the last `</plist>`, or run `diskutil info -all` and paste that.",
      notes: [],
    };
  }
  const notes = new Notes();
  lines.forEach((l, i) => {
    // Every line of a well-formed plist is markup: its facts are read below or left on purpose.
    if (/^\s*<|^\s*$/.test(l)) notes.use(i);
  });
  const disks = new Map<string, ListingDisk>();
  const containers = new Set<string>();
  const container = (id: string, stores: string[], line: number): void => {
    if (containers.has(id)) return;
    containers.add(id);
    notes.add(
      line,
      `${id} is an APFS container that macOS makes from ${stores.length > 0 ? `partition ${stores.join(", ")}` : "a partition"}, not a physical disk: it is not planned on.`,
    );
  };
  /** Partitions by device, exact ones (from `diskutil info -plist`) replacing listed ones. */
  const byId = new Map<string, ListingPartition>();
  const addPartition = (diskId: string, p: ListingPartition, line: number): void => {
    const disk = diskNamed(disks, diskId, line);
    const known = byId.get(p.label);
    if (known) {
      // The same partition from both outputs: the one with an offset wins, and both sizes
      // must agree.
      if (known.sizeBytes !== null && p.sizeBytes !== null && known.sizeBytes !== p.sizeBytes) {
        notes.add(
          line,
          `${p.label}: its Size differs between the pasted outputs (${known.sizeBytes} and ${p.sizeBytes} bytes): it is not read as exact.`,
          true,
        );
        Object.assign(known, { sizeBytes: null, exact: false });
        return;
      }
      if (p.startByte !== null) Object.assign(known, { ...p, name: p.name ?? known.name });
      return;
    }
    byId.set(p.label, p);
    disk.partitions.push(p);
  };
  let listedWithoutOffset = 0;
  let listLine = 0;

  for (const root of roots) {
    if (!isDict(root)) continue;
    const all = root.values.get("AllDisksAndPartitions");
    if (all) {
      listLine = all.line;
      for (const d of Array.isArray(all.value) ? all.value.filter(isDict) : []) {
        const id = str(d, "DeviceIdentifier");
        if (!id) continue;
        if (d.values.has("APFSVolumes") || d.values.has("APFSPhysicalStores")) {
          container(id, storesOf(d), d.line);
          continue;
        }
        const disk = diskNamed(disks, id, d.line);
        disk.sizeBytes ??= num(d, "Size");
        disk.tableType ??= tableOf(str(d, "Content"));
        for (const part of dicts(d, "Partitions")) {
          const pid = str(part, "DeviceIdentifier");
          if (!pid) continue;
          const p = partitionOf(part, pid, null);
          addPartition(id, p, part.line);
          if (p.startByte === null) listedWithoutOffset++;
        }
      }
      continue;
    }
    const id = str(root, "DeviceIdentifier");
    if (!id) continue;
    const stores = storesOf(root);
    if (flag(root, "WholeDisk") === true) {
      if (stores.length > 0) {
        container(id, stores, root.line);
        continue;
      }
      const disk = diskNamed(disks, id, root.line);
      disk.line = root.line + 1;
      disk.sizeBytes = num(root, "TotalSize") ?? num(root, "Size") ?? disk.sizeBytes;
      disk.logicalSectorSize =
        sectorSizeFrom(str(root, "DeviceBlockSize")) ?? disk.logicalSectorSize;
      disk.tableType = tableOf(str(root, "Content")) ?? disk.tableType ?? null;
      const model = str(root, "MediaName");
      if (model) disk.identity = { ...disk.identity, model };
      continue;
    }
    const offset = num(root, "PartitionMapPartitionOffset");
    if (offset === null || flag(root, "PartitionMapPartition") === false) {
      const parent = str(root, "APFSContainerReference") ?? str(root, "ParentWholeDisk");
      notes.add(
        root.line,
        `${id} has no PartitionMapPartitionOffset: it is a volume inside ${parent ?? "its container"}, not a partition of a disk${stores.length > 0 ? ` (the container lives in partition ${stores.join(", ")})` : ""}.`,
      );
      continue;
    }
    const diskId = str(root, "ParentWholeDisk") ?? id.replace(/s\d+$/, "");
    const disk = diskNamed(disks, diskId, root.line);
    disk.logicalSectorSize ??= sectorSizeFrom(str(root, "DeviceBlockSize"));
    addPartition(diskId, partitionOf(root, id, offset), root.line);
  }

  // Partitions still without an offset once every pasted `diskutil info -plist` filled in.
  listedWithoutOffset = [...byId.values()].filter((q) => q.startByte === null).length;
  if (listedWithoutOffset > 0) {
    notes.add(
      listLine,
      `diskutil list -plist gives each partition's exact Size but not where it starts: ${listedWithoutOffset === 1 ? "one partition has" : `${listedWithoutOffset} partitions have`} no offset. Run \`diskutil info -plist diskNsM\` for each partition (or \`diskutil info -all\`) and paste it too.`,
      true,
    );
  }
  const list = [...disks.values()].filter((d) => d.partitions.length > 0 || d.sizeBytes !== null);
  for (const disk of list) sortByStart(disk.partitions);
  if (list.length === 0) {
    return {
      ok: false,
      error:
        "This diskutil -plist output shows only APFS containers and volumes, which are not disks or partitions: run `diskutil list` to find the physical disk, then `diskutil info -plist diskN` for it and each of its partitions.",
      notes: notes.list,
    };
  }
  return okResult("diskutil-plist", list, notes, lines);
};

/** A partition from its dict: exact when its offset is known (only `diskutil info` gives it). */
function partitionOf(d: PlistDict, id: string, offset: bigint | null): ListingPartition {
  const size = num(d, "Size") ?? num(d, "TotalSize");
  const number = /s(\d+)$/.exec(id)?.[1];
  const node = str(d, "DeviceNode");
  const p: ListingPartition = {
    number: number === undefined ? null : Number(number),
    label: node && /^\/dev\//.test(node) ? node : `/dev/${id}`,
    startByte: offset,
    sizeBytes: size,
    exact: offset !== null && size !== null,
  };
  const type = str(d, "Content");
  if (type) p.type = type;
  const name = str(d, "VolumeName");
  if (name) p.name = name;
  const uuid = str(d, "DiskUUID");
  if (uuid && /^[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}$/i.test(uuid))
    p.partitionGuid = uuid.toUpperCase();
  const mount = str(d, "MountPoint");
  if (mount && mount.startsWith("/")) p.mountPoint = mount;
  return p;
}
