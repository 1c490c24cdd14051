/**
 * Name and path rules: what may become a folder, a file in the zip, or a quoted FILE in a
 * descriptor extent line. Each rule function returns a reason a user understands, or null.
 *
 *   plan.zip
 *     README.txt, plan.json          top-level files of the zip
 *     <vm name>/                     vmNameProblem
 *       <vm name>.vmdk               (the same rules, plus ".vmdk")
 *       <head file>                  headFileProblem     → RW 2048 FLAT "<head file>" 0
 *   device path                      devicePathProblem   → RW n FLAT "<device>" offset
 *   plan name                        planNameProblem     → <plan name>.zip
 *
 * A descriptor cannot escape anything: a `"` or a line break inside a quoted name ends it, and
 * a zip entry named `..` or `a/b` writes outside its folder. Windows refuses some names outright
 * (CON, trailing dots) and silently changes others, so a plan that unzips fine on Linux can fail
 * or collide on Windows. The rules are the union of what Windows, macOS and Linux need.
 */
import { canonicalDevice } from "../devices/identity.ts";

/** Longest VM, head-file or plan name, in characters (code points). */
export const MAX_NAME_LENGTH = 100;
/**
 * Longest name in UTF-8 bytes: ext4, XFS, Btrfs and APFS store at most 255 bytes per name, so
 * unzip there cannot create a longer one (100 characters of CJK or emoji are 300 to 400 bytes).
 */
export const MAX_NAME_BYTES = 255;
/** No real device path comes near this; a longer one is a pasted blob, not a path. */
export const MAX_DEVICE_PATH_LENGTH = 1024;
/** Files the zip writer puts at the top of the zip, beside the VM folders. */
export const ZIP_TOP_LEVEL_FILES: readonly string[] = ["README.txt", "plan.json"];
/** The descriptor's extension: `<vm name>/<vm name>.vmdk`. */
export const DESCRIPTOR_EXTENSION = ".vmdk";
/**
 * Files and folders the zip writer may put in a VM's folder beside the descriptor: the check
 * and register scripts (src/lib/zip/scripts.ts) and the other targets' outputs
 * (src/lib/zip/files.ts). A head or tail file may not take one of these names, whichever
 * targets the VM has now: the zip would hold two entries under one name.
 */
export const ZIP_VM_FOLDER_NAMES: readonly string[] = [
  "check-disk.sh",
  "register.sh",
  "check-disk.ps1",
  "register.ps1",
  "register.cmd",
  "libvirt-disk.xml",
  "qemu",
  "dm",
];

/** Characters Windows forbids in a file name (besides control characters). */
const WINDOWS_FORBIDDEN = '<>:"/\\|?*';

const RESERVED_BASES = new Set([
  "CON",
  "PRN",
  "AUX",
  "NUL",
  "CONIN$",
  "CONOUT$",
  ...[1, 2, 3, 4, 5, 6, 7, 8, 9, "¹", "²", "³"].flatMap((d) => [`COM${d}`, `LPT${d}`]),
]);

/** Invisible characters that can reorder or hide text (bidi controls, zero-width, BOM, …). */
const FORMAT_CHARACTER = /\p{Cf}/u;
/** A UTF-16 surrogate without its partner: it cannot be encoded as UTF-8 in the zip. */
const LONE_SURROGATE = /\p{Cs}/u;
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/u;

function codePointLabel(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, "0")}`;
}

/** The first C0, DEL, C1 or Unicode line/paragraph separator in the text, or null. */
function firstControlCharacter(text: string): number | null {
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp === 0x2028 || cp === 0x2029) return cp;
  }
  return null;
}

function controlCharacterName(cp: number): string {
  if (cp === 0) return "a NUL character";
  if (cp === 0x0a || cp === 0x0d || cp === 0x2028 || cp === 0x2029) {
    return `a line break (${codePointLabel(cp)})`;
  }
  if (cp === 0x09) return "a tab";
  return `a control character (${codePointLabel(cp)})`;
}

/** Problems shared by every name and path: characters that corrupt text or hide in it. */
function characterProblem(text: string, where: string): string | null {
  const control = firstControlCharacter(text);
  if (control !== null) {
    return `contains ${controlCharacterName(control)}, which would break ${where}`;
  }
  const surrogate = LONE_SURROGATE.exec(text);
  if (surrogate) {
    return "contains a broken Unicode character (a lone surrogate) that cannot be written as UTF-8";
  }
  const bidi = BIDI_CONTROL.exec(text);
  if (bidi) {
    const cp = bidi[0].codePointAt(0) ?? 0;
    return `contains an invisible bidirectional control (${codePointLabel(cp)}), which makes the name display differently from what it is`;
  }
  const format = FORMAT_CHARACTER.exec(text);
  if (format) {
    const cp = format[0].codePointAt(0) ?? 0;
    return `contains an invisible format character (${codePointLabel(cp)}), so two names that look the same could differ`;
  }
  return null;
}

/**
 * Why `name + suffix`, the file written, is too long in UTF-8 for Linux or macOS, or null.
 * The characters are whole (characterProblem refused lone surrogates first).
 */
function byteLengthProblem(name: string, suffix: string): string | null {
  const written = new TextEncoder().encode(name + suffix).length;
  if (written <= MAX_NAME_BYTES) return null;
  const what = suffix === "" ? "is" : `<name>${suffix} would be`;
  return `${what} ${written} bytes in UTF-8; at most ${MAX_NAME_BYTES} are allowed, because Linux and macOS cannot create a longer file name`;
}

/**
 * True for a name shaped like a short (8.3) name Windows makes up for a longer one: at most 8
 * characters ending in `~` and digits, then at most a 3-character extension. Windows opens a
 * file by its short name too, so a folder `WEBSER~1` may be `webserver1` there.
 *
 * @example isShortNameShape("WEBSER~1") // true
 * @example isShortNameShape("webserver~1") // false
 */
export function isShortNameShape(name: string): boolean {
  const parts = /^([^.]{1,8})(\.[^.]{1,3})?$/u.exec(name);
  return parts !== null && /~[0-9]+$/.test(parts[1] as string);
}

/**
 * True for names Windows reserves for devices, with or without an extension, in any case:
 * `CON`, `con.txt`, `COM1`, `LPT9.tar.gz`, `NUL .txt`.
 *
 * @example isWindowsReservedName("con.txt") // true
 * @example isWindowsReservedName("console") // false
 */
export function isWindowsReservedName(name: string): boolean {
  const base = (name.split(".")[0] ?? "").replace(/ +$/, "").toUpperCase();
  return RESERVED_BASES.has(base);
}

/**
 * Why `name` cannot be a file or folder name in the zip on every system, or null when it can.
 *
 * @example fileNameProblem("web") // null
 * @example fileNameProblem("a/b") // "contains a path separator (/) …"
 */
export function fileNameProblem(name: string): string | null {
  if (name.length === 0) return "is empty";
  const length = [...name].length;
  if (length > MAX_NAME_LENGTH) {
    return `is ${length} characters long; at most ${MAX_NAME_LENGTH} are allowed, so that paths stay within Windows' limits`;
  }
  const chars = characterProblem(name, "the descriptor or the zip");
  if (chars) return chars;
  const tooLong = byteLengthProblem(name, "");
  if (tooLong) return tooLong;
  if (name.includes('"')) {
    return 'contains a double quote ("), which would end the quoted file name in the descriptor and is forbidden on Windows';
  }
  if (name.includes("/") || name.includes("\\")) {
    const sep = name.includes("/") ? "/" : "\\";
    return `contains a path separator (${sep}), so it would name a file in another folder`;
  }
  if (name === "." || name === "..") {
    return `is "${name}", which means ${name === "." ? "the current" : "the parent"} folder, not a name`;
  }
  for (const ch of name) {
    if (WINDOWS_FORBIDDEN.includes(ch)) {
      return `contains "${ch}", which Windows forbids in file names (${WINDOWS_FORBIDDEN.split("").join(" ")})`;
    }
  }
  if (/[.\s]$/u.test(name)) {
    const what = name.endsWith(".") ? "a dot" : "a space";
    return `ends with ${what}, which Windows silently removes, so the file would get another name`;
  }
  if (isShortNameShape(name)) {
    return "has the shape of a Windows short (8.3) name, such as WEBSER~1 for webserver1: Windows may already give that name to another file or folder beside it, and unzipping would write into that one";
  }
  if (isWindowsReservedName(name)) {
    const base = (name.split(".")[0] ?? "").replace(/ +$/, "");
    return `is reserved by Windows for a device (${base.toUpperCase()}), even with an extension`;
  }
  return null;
}

/** One character's simple case mapping: `map`'s result when it is one character, else itself. */
function simpleCase(ch: string, map: (c: string) => string): string {
  const mapped = map(ch);
  return [...mapped].length === 1 ? mapped : ch;
}

/**
 * The key under which two folder names collide: Windows and macOS compare names without case,
 * and macOS also without Unicode normalisation (é as one character or as e + accent). NTFS
 * upcases each character before comparing, so letters that share an upper case are one: ſ
 * (long s) and s, ς (final sigma) and σ, µ (micro sign) and μ, ı (dotless i) and i. The key
 * upcases each character (one character to one; ß stays ß), then lowercases it.
 *
 * @example folderKey("Web") === folderKey("web") // true
 * @example folderKey("\u017f") === folderKey("s") // true
 */
export function folderKey(name: string): string {
  let key = "";
  for (const ch of name.normalize("NFC")) {
    key += simpleCase(
      simpleCase(ch, (c) => c.toUpperCase()),
      (c) => c.toLowerCase(),
    );
  }
  return key.normalize("NFC");
}

/**
 * Why `name` cannot be a VM name (it becomes `<name>/` and `<name>/<name>.vmdk` in the zip).
 *
 * @example vmNameProblem("web") // null
 * @example vmNameProblem("README.txt") // "would clash with the README.txt file …"
 */
export function vmNameProblem(name: string): string | null {
  const problem = fileNameProblem(name) ?? byteLengthProblem(name, DESCRIPTOR_EXTENSION);
  if (problem) return problem;
  const key = folderKey(name);
  const clash = ZIP_TOP_LEVEL_FILES.find((file) => folderKey(file) === key);
  if (clash !== undefined) return `would clash with the ${clash} file at the top of the zip`;
  return null;
}

/**
 * Why `file` cannot be the head file of VM `vmName` (a bare name beside the descriptor, quoted in
 * the first extent line), or null.
 *
 * @example headFileProblem("Raw_Sectors_1MiB", "web") // null
 * @example headFileProblem("web.vmdk", "web") // "is the descriptor's own name …"
 */
export function headFileProblem(file: string, vmName: string): string | null {
  const problem = fileNameProblem(file);
  if (problem) return problem;
  if (folderKey(file) === folderKey(vmName + DESCRIPTOR_EXTENSION)) {
    return `is the descriptor's own name (${vmName}${DESCRIPTOR_EXTENSION}): the head file would overwrite it`;
  }
  const taken = ZIP_VM_FOLDER_NAMES.find((name) => folderKey(name) === folderKey(file));
  if (taken !== undefined) {
    return `is the name of ${taken.includes(".") ? "a file" : "a folder"} the zip puts beside the descriptor (${taken}): one would overwrite the other`;
  }
  return null;
}

/**
 * Why `name` cannot be the plan's name (the zip is saved as `<name>.zip`), or null.
 *
 * @example planNameProblem("lab disks") // null
 */
export function planNameProblem(name: string): string | null {
  return fileNameProblem(name) ?? byteLengthProblem(name, ".zip");
}

/**
 * Why `path` cannot be written between the quotes of an extent line, or null. Relativity is a
 * separate rule (relativeDevicePathProblem): the text may be fine and still name the wrong file.
 *
 * @example devicePathTextProblem("/dev/sd\"a") // "contains a double quote …"
 */
export function devicePathTextProblem(path: string): string | null {
  if (path.length === 0) return "is empty";
  if (path.length > MAX_DEVICE_PATH_LENGTH) {
    return `is ${path.length} characters long; no device path is longer than ${MAX_DEVICE_PATH_LENGTH}`;
  }
  const chars = characterProblem(path, "the descriptor's extent line");
  if (chars) return chars;
  if (path.includes('"')) {
    return 'contains a double quote ("), which would end the quoted path in the descriptor (there is no escaping)';
  }
  if (/^\s|\s$/u.test(path)) {
    return "starts or ends with white space, which would be part of the path and name another file";
  }
  return null;
}

/**
 * Why VirtualBox would not open `path` as given, or null: it takes FILE as absolute only when
 * its first character is `/` or `\`; anything else, `C:\…` included, is opened relative to the
 * descriptor's folder.
 *
 * @example relativeDevicePathProblem("C:\\disk.img") // "is relative: …"
 */
export function relativeDevicePathProblem(path: string): string | null {
  if (path.startsWith("/") || path.startsWith("\\")) return null;
  const drive = /^[A-Za-z]:/.test(path) ? ` ("${path.slice(0, 2)}" does not count)` : "";
  return `is relative: VirtualBox treats a path as absolute only when it starts with / or \\${drive}, and would look for it inside the descriptor's folder`;
}

/**
 * Why `path` cannot be the FILE of a raw extent, or null: devicePathTextProblem, then
 * relativeDevicePathProblem.
 *
 * @example devicePathProblem("\\\\.\\PhysicalDrive0") // null
 */
export function devicePathProblem(path: string): string | null {
  return devicePathTextProblem(path) ?? relativeDevicePathProblem(path);
}

/**
 * The identity of the device a path opens, so that two spellings of one device compare equal:
 * Windows paths without case (`\\.\PhysicalDrive0` = `\\.\physicaldrive0` = `\\?\PhysicalDrive0`,
 * and `\\.\Harddisk0Partition0` is the whole disk 0), macOS `/dev/rdiskN` = `/dev/diskN`.
 * Unix paths lose repeated slashes and `.`/`..` segments and keep their case. Two paths with
 * different keys may still be one device (`/dev/sda` and its `/dev/disk/by-id/…` link): see
 * canonicalDevice in ../devices/identity.ts, which this is.
 *
 * @example deviceKey("\\\\?\\PHYSICALDRIVE0") // "\\\\.\\physicaldrive0"
 */
export function deviceKey(path: string): string {
  return canonicalDevice(path).key;
}

/** Why a Windows partition or volume path needs the volume dismounted first. */
const WINDOWS_VOLUME_LOCK =
  " (and Windows locks a mounted volume against such writes: dismount it or take it offline before the VM starts, and keep it so while the VM runs)";

/**
 * When the path names one partition (or volume) rather than a whole disk, why that matters:
 * extent offsets then count from the partition's first sector, not the disk's. Null otherwise.
 *
 * @example partitionDevicePathNote("\\\\.\\Harddisk0Partition2") // "names partition 2 of disk 0 …"
 */
export function partitionDevicePathNote(path: string): string | null {
  const windows = /^[\\/]{2}[.?][\\/]harddisk(\d+)partition(\d+)$/i.exec(path);
  if (windows) {
    if (windows[2] === "0") return null; // Partition0 is the whole disk
    return `names partition ${windows[2]} of disk ${windows[1]}, not the whole disk${WINDOWS_VOLUME_LOCK}`;
  }
  if (/^[\\/]{2}[.?][\\/]([A-Za-z]:|Volume\{)/i.test(path)) {
    return `names a volume (one partition), not the whole disk${WINDOWS_VOLUME_LOCK}`;
  }
  const linux =
    /^\/dev\/((?:sd|hd|vd|xvd)[a-z]+\d+|nvme\d+n\d+p\d+|mmcblk\d+p\d+|r?disk\d+s\d+|(?:ada|da|nvd|nda|vtbd|mmcsd)\d+(?:p\d+|s\d+[a-h]?)|gpt\/[^/]+|gptid\/[^/]+)$/.exec(
      path,
    );
  if (linux) return `names a partition (${linux[1]}), not the whole disk`;
  if (/^\/dev\/disk\/by-(partuuid|partlabel|uuid|label)\//.test(path) || /-part\d+$/.test(path)) {
    return "names a partition or filesystem, not the whole disk";
  }
  return null;
}

/**
 * When the path names a device by its discovery order, which can change at the next boot (a USB
 * stick plugged in makes `/dev/sdb` another disk), a suggestion; null for stable paths.
 *
 * @example unstableDevicePathNote("/dev/sda") // "… use /dev/disk/by-id/… instead"
 */
export function unstableDevicePathNote(path: string): string | null {
  // By its canonical form: /dev//sda and /dev/disk/../sda are /dev/sda, just as unstable.
  const key = path.startsWith("/") ? canonicalDevice(path).key : path;
  const linux = /^\/dev\/((?:sd|hd|vd|xvd)[a-z]+|nvme\d+n\d+|mmcblk\d+)(p?\d+)?$/.exec(key);
  if (linux) {
    return `Linux names ${path} in the order it finds disks, which can change between boots (another disk plugged in takes its name); use the matching /dev/disk/by-id/… link (ls -l /dev/disk/by-id) instead`;
  }
  if (/^\/dev\/r?disk\d+(s\d+)?$/.test(key)) {
    return `macOS numbers ${path} in the order it attaches disks, which can change after a reboot or replug; check diskutil list before each start of the VM`;
  }
  return null;
}

/**
 * A name as it can be shown inside a message: quoted, invisible and control characters spelled
 * out as \u{…}, and cut to 60 characters, so a hostile name cannot reorder or hide the text.
 * Quotes and backslashes stay as they are (`"\\.\PhysicalDrive0"` reads as in the descriptor).
 *
 * @example quoteForMessage("a\u202Eb") // '"a\\u{202E}b"'
 */
export function quoteForMessage(text: string, longest = 60): string {
  const chars = [...text];
  const cut = chars.length > longest;
  const shown = cut ? [...chars.slice(0, longest - 3), "…"] : chars;
  const escaped = shown
    .map((ch) => {
      const hidden =
        firstControlCharacter(ch) !== null || FORMAT_CHARACTER.test(ch) || LONE_SURROGATE.test(ch);
      return hidden ? `\\u{${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase()}}` : ch;
    })
    .join("");
  return `"${escaped}"${cut ? ` (${chars.length} characters)` : ""}`;
}
