/**
 * What the host does with its partitions, read from another tool's output pasted with the
 * listing: `sudo fdisk -l` followed by `lsblk` (any columns with MOUNTPOINT(S), `-f`), `df`,
 * `findmnt`, `mount`, `/proc/mounts`, `swapon --show` or `/proc/swaps`. One parser reads the
 * listing's numbers (index.ts); the mount points and swap use those other tools print reach
 * its partitions by device name (`/dev/sda2` ↔ `sda2` ↔ `└─sda2`), as `mountPoint` and
 * `isBoot`, so the host check warns about a mounted partition whatever tool gave its sectors.
 * Nothing here changes a number: only partitions without a mount point of their own get one.
 *
 * Shapes (util-linux 2.38, coreutils): lsblk's aligned table, its mount column left-aligned
 * under its title, partitions drawn under their disk (`├─`, `└─`, or `|-`, `` `- ``) and a
 * device on a partition (LVM, crypt) drawn under it; findmnt's TARGET (a tree) and SOURCE
 * columns, SOURCE possibly with a btrfs subvolume (`/dev/sda2[/@home]`); df's `Filesystem …
 * Mounted on` table; mount's `DEV on DIR type FS (OPTS)` (BSD and macOS: `DEV on DIR (FS, …)`);
 * /proc/mounts' `DEV DIR FS OPTS 0 0` with blanks as `\040`; swapon's `NAME TYPE SIZE USED
 * PRIO` and /proc/swaps' `Filename Type Size Used Priority`, `partition` rows.
 */
import { cleanLine, MAX_LINE_LENGTH, type TakenOut, tokens, withoutDisks } from "./text.ts";
import { parseLsblk } from "./linux/lsblk.ts";
import type { ListingDisk, ListingNote, ListingPartition, ListingResult } from "./types.ts";

/** The mount point lsblk gives a swap partition; the host check reads it as swap. */
const SWAP = "[SWAP]";

/** Mount points that show the host runs from the partition (as lsblk.ts reads them). */
const RUNS_FROM = new Set(["/", "/boot", "/boot/efi"]);

interface Use {
  /** The device as the tool names it, without `/dev/`: `sda2`, `nvme0n1p2`, `mapper/vg-root`. */
  name: string;
  mount: string;
  /** 0-based line. */
  index: number;
  tool: string;
}

const LSBLK_TREE = /^(?:\|-|`-|[├└]─|[│|]\s*|\s)+/;
const FINDMNT_TREE = /^(?:\|-|`-|[├└]─|[│|]\s*|\s)+/;
const deviceName = (text: string): string | null => {
  const m = /^\/dev\/([^\s[\]]+)/.exec(text);
  return m?.[1] ?? null;
};
const unescapeOctal = (text: string): string =>
  text.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));

/** lsblk's aligned tables (tree or `-l`) with a MOUNTPOINT or MOUNTPOINTS column. */
function fromLsblk(lines: readonly string[]): Use[] {
  const out: Use[] = [];
  for (let h = 0; h < lines.length; h++) {
    const header = lines[h] ?? "";
    if (!/^NAME\s/.test(header)) continue;
    const titles = tokens(header);
    const at = titles.findIndex((t) => t.text === "MOUNTPOINT" || t.text === "MOUNTPOINTS");
    const mount = titles[at];
    if (mount === undefined) continue;
    const next = titles[at + 1];
    /** The open devices by the column their name starts at: a device's holders. */
    const stack: { depth: number; name: string }[] = [];
    let last: { name: string; holders: string[] } | null = null;
    let i = h + 1;
    for (; i < lines.length; i++) {
      const line = lines[i] ?? "";
      if (line.trim() === "") break;
      const indent = line.length - line.trimStart().length;
      if (last !== null && indent >= mount.at - 1 && !/\s/.test(line.trim())) {
        // MOUNTPOINTS prints a device's further mount points on lines of their own.
        for (const n of [last.name, ...last.holders])
          out.push({ name: n, mount: line.trim(), index: i, tool: "lsblk" });
        continue;
      }
      const tree = LSBLK_TREE.exec(line)?.[0] ?? "";
      const name = /^\S+/.exec(line.slice(tree.length))?.[0] ?? "";
      if (!/^[A-Za-z0-9][\w.+@~-]*$/.test(name)) break;
      const depth = tree.length;
      while (stack.length > 0 && (stack[stack.length - 1]?.depth ?? 0) >= depth) stack.pop();
      const holders = stack.map((s) => s.name);
      stack.push({ depth, name });
      last = { name, holders };
      const cell = line.slice(mount.at, next?.at).trim();
      // lsblk's mount points are paths, or `[SWAP]`: anything else is not lsblk's row.
      if (cell === "" || mount.at <= tree.length + name.length) continue;
      if (!/^(?:\/|\[SWAP\]$)/.test(cell)) break;
      for (const n of [name, ...holders])
        out.push({ name: n, mount: cell, index: i, tool: "lsblk" });
    }
    h = i;
  }
  return out;
}

/** lsblk's other modes (`-J`, `-P`, `-r`), as its parser reads them. */
function fromLsblkParser(lines: readonly string[]): Use[] {
  const parsed = parseLsblk(lines);
  if (!parsed?.ok) return [];
  const out: Use[] = [];
  for (const d of parsed.disks) {
    for (const p of d.partitions) {
      const name = deviceName(p.label);
      if (name !== null && p.mountPoint)
        out.push({ name, mount: p.mountPoint, index: (d.line ?? 1) - 1, tool: "lsblk" });
    }
  }
  return out;
}

/** findmnt's default tree and `-l`: TARGET, then SOURCE. */
function fromFindmnt(lines: readonly string[]): Use[] {
  const out: Use[] = [];
  for (let h = 0; h < lines.length; h++) {
    const header = lines[h] ?? "";
    if (!/^TARGET\s+SOURCE\b/.test(header)) continue;
    const source = tokens(header)[1];
    if (source === undefined) continue;
    let i = h + 1;
    for (; i < lines.length; i++) {
      const line = lines[i] ?? "";
      if (line.trim() === "" || line.length <= source.at || line[source.at - 1] !== " ") break;
      const target = line.slice(0, source.at).replace(FINDMNT_TREE, "").trim();
      if (!target.startsWith("/")) break;
      const from = /^\S+/.exec(line.slice(source.at))?.[0] ?? "";
      const name = deviceName(from);
      if (name !== null) out.push({ name, mount: target, index: i, tool: "findmnt" });
    }
    h = i;
  }
  return out;
}

/** df's table (also `-h`, `-T`, `-P`), in the languages docs/listings.md names. */
const DF_HEADER =
  /^(?:Filesystem|Dateisystem|Sys\. de fichiers|S\.ficheros)\s.*(Mounted on|Eingehängt auf|Monté sur|Montado en)$/;

function fromDf(lines: readonly string[]): Use[] {
  const out: Use[] = [];
  for (let h = 0; h < lines.length; h++) {
    const m = DF_HEADER.exec(lines[h] ?? "");
    if (!m) continue;
    const at = (lines[h] ?? "").lastIndexOf(m[1] ?? "");
    let i = h + 1;
    for (; i < lines.length; i++) {
      let line = lines[i] ?? "";
      // A name too long for its column puts the row's numbers on the next line (df without -P).
      if (/^\S+$/.test(line) && /^\s+\d/.test(lines[i + 1] ?? "")) line += lines[++i] ?? "";
      const words = tokens(line);
      if (words.length < 5 || !words.slice(1, -1).some((w) => /^\d/.test(w.text))) break;
      const name = deviceName(words[0]?.text ?? "");
      if (name === null) continue;
      const cut = line.length > at && line[at - 1] === " " ? line.slice(at).trim() : "";
      const mount = cut.startsWith("/") ? cut : (words[words.length - 1]?.text ?? "");
      if (mount.startsWith("/")) out.push({ name, mount, index: i, tool: "df" });
    }
    h = i - 1;
  }
  return out;
}

/** `mount` (Linux and BSD/macOS forms) and /proc/mounts (/etc/mtab) lines. */
function fromMountLines(lines: readonly string[]): Use[] {
  const out: Use[] = [];
  lines.forEach((line, index) => {
    // `DEV on DIR type FS (OPTS)`, or BSD's `DEV on DIR (FS, …)`: cut at the last ` type ` or
    // ` (` (a directory may hold blanks), without a pattern that backtracks over long lines.
    if (line.startsWith("/dev/") && line.endsWith(")")) {
      const on = line.indexOf(" on /");
      const device = line.slice(0, on);
      const rest = line.slice(on + 4);
      const end =
        rest.lastIndexOf(" type ") !== -1 ? rest.lastIndexOf(" type ") : rest.lastIndexOf(" (");
      const name = deviceName(device);
      if (on > 0 && !/\s/.test(device) && end > 0 && name !== null) {
        out.push({ name, mount: rest.slice(0, end), index, tool: "mount" });
        return;
      }
    }
    const proc = /^(\/dev\/\S+) (\/\S*) (\S+) (\S+) \d+ \d+$/.exec(line);
    if (proc) {
      const name = deviceName(proc[1] ?? "");
      if (name !== null)
        out.push({ name, mount: unescapeOctal(proc[2] ?? ""), index, tool: "/proc/mounts" });
    }
  });
  return out;
}

/** `swapon --show` and /proc/swaps: every `partition` row is swap. */
function fromSwaps(lines: readonly string[]): Use[] {
  const out: Use[] = [];
  for (let h = 0; h < lines.length; h++) {
    const header = lines[h] ?? "";
    const tool = /^NAME\s+TYPE\s+SIZE\s+USED\s+PRIO/.test(header)
      ? "swapon"
      : /^Filename\s+Type\s+Size\s+Used\s+Priority/.test(header)
        ? "/proc/swaps"
        : null;
    if (tool === null) continue;
    let i = h + 1;
    for (; i < lines.length; i++) {
      const words = tokens(lines[i] ?? "");
      if (words[1]?.text !== "partition" && words[1]?.text !== "file") break;
      const name = deviceName(words[0]?.text ?? "");
      if (name !== null && words[1]?.text === "partition")
        out.push({ name, mount: SWAP, index: i, tool });
    }
    h = i - 1;
  }
  return out;
}

/** Every mount point and swap use the lines name, by tool. */
export function readHostUse(raw: readonly string[], skipTool?: string): Use[] {
  const lines = raw.slice(0, 100_000).map((l) => (l.length > MAX_LINE_LENGTH ? "" : cleanLine(l)));
  const lsblk = skipTool === "lsblk" ? [] : fromLsblk(lines);
  const lsblkOther = skipTool === "lsblk" || lsblk.length > 0 ? [] : fromLsblkParser(raw);
  return [
    ...lsblk,
    ...lsblkOther,
    ...fromFindmnt(lines),
    ...fromDf(lines),
    ...fromMountLines(lines),
    ...fromSwaps(lines),
  ];
}

/** The names a partition's device may have: `sda2` from `/dev/sda2`, or disk and number. */
function namesOf(disk: ListingDisk, p: ListingPartition): string[] {
  const own = deviceName(p.label);
  if (own !== null) return [own];
  const base = disk.device === null ? null : deviceName(disk.device);
  if (base === null || p.number === null) return [];
  return [/\d$/.test(base) ? `${base}p${p.number}` : `${base}${p.number}`];
}

const list = (items: readonly string[]): string =>
  items.length <= 1
    ? (items[0] ?? "")
    : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;

/**
 * The result with the mount points and swap use other tools in the paste give its partitions
 * (those the listing gives none), and a note naming the tools and what was matched. The
 * numbers are the result's own, untouched.
 */
export function withHostUse(result: ListingResult, lines: readonly string[]): ListingResult {
  if (!result.ok) return result;
  const uses = readHostUse(lines, result.format);
  if (uses.length === 0) return result;
  const byName = new Map<string, Use[]>();
  for (const u of uses) byName.set(u.name, [...(byName.get(u.name) ?? []), u]);
  const matchedNames = new Set<string>();
  const matched: string[] = [];
  const tools = new Set<string>();
  let firstLine = Infinity;
  const disks = result.disks.map((disk) => ({
    ...disk,
    partitions: disk.partitions.map((p) => {
      const names = namesOf(disk, p);
      const found = names.flatMap((n) => byName.get(n) ?? []);
      names.forEach((n) => matchedNames.add(n));
      if (found.length === 0 || (p.mountPoint !== undefined && p.mountPoint.trim() !== ""))
        return p;
      const mounts = [...new Set(found.map((u) => u.mount))];
      // Swap first, then the paths: `[SWAP]` alone is how lsblk marks swap.
      mounts.sort((a, b) => (a === SWAP ? -1 : b === SWAP ? 1 : 0));
      for (const u of found) {
        tools.add(u.tool);
        firstLine = Math.min(firstLine, u.index);
      }
      const shown = mounts.map((m) => (m === SWAP ? "as swap" : `on ${m}`)).join(", ");
      matched.push(`${p.label} ${shown}`);
      const out: ListingPartition = { ...p, mountPoint: mounts.join(", ") };
      if (mounts.some((m) => RUNS_FROM.has(m))) out.isBoot = true;
      return out;
    }),
  }));
  const notes: ListingNote[] = [];
  if (matched.length > 0) {
    notes.push({
      line: firstLine + 1,
      text: `Mount points and swap use were taken from the ${list([...tools])} output in this paste and matched to the ${result.format} partitions by device name: ${list(matched)}. Every sector number is ${result.format}'s; the other output changed none.`,
    });
  }
  // A mounted device that looks like a partition of a listed disk, but is not listed: the
  // outputs may be of other machines, or of one disk before and after a change.
  const bases = result.disks
    .map((d) => (d.device === null ? null : deviceName(d.device)))
    .filter((b): b is string => b !== null);
  const strays = [...byName.entries()].filter(
    ([name]) =>
      !matchedNames.has(name) &&
      bases.some((b) => name !== b && new RegExp(`^${b}p?\\d+$`).test(name)),
  );
  if (strays.length > 0) {
    const first = Math.min(...strays.flatMap(([, us]) => us.map((u) => u.index)));
    notes.push({
      line: first + 1,
      important: true,
      text: `The ${list([...new Set(strays.flatMap(([, us]) => us.map((u) => u.tool)))])} output in this paste shows ${list(strays.map(([name, us]) => `/dev/${name} (${[...new Set(us.map((u) => (u.mount === SWAP ? "swap" : u.mount)))].join(", ")})`))} in use, but the ${result.format} listing has no such partition: the outputs may be of different machines, or of the disk before and after a change. Paste both from the same machine, taken together.`,
    });
  }
  // A disk listed without partitions that another tool shows in use as a whole (a file system
  // made on the whole disk, mounted; swap on it): none of it is free.
  const wholeInUse: TakenOut[] = disks.flatMap((disk) => {
    const base = disk.device === null ? null : deviceName(disk.device);
    const found = base === null || disk.partitions.length > 0 ? [] : (byName.get(base) ?? []);
    const first = found[0];
    if (first === undefined) return [];
    const places = [...new Set(found.map((u) => (u.mount === SWAP ? "as swap" : `on ${u.mount}`)))];
    return [
      {
        disk,
        line: first.index + 1,
        why: `${disk.device ?? "This disk"} has no partition, but the ${first.tool} output in this paste shows it in use as a whole (${places.join(", ")}): none of it is free.`,
      },
    ];
  });
  if (notes.length === 0 && wholeInUse.length === 0) return result;
  const merged = [...notes, ...result.notes].sort((a, b) => a.line - b.line);
  return withoutDisks({ ...result, disks, notes: merged }, wholeInUse);
}
