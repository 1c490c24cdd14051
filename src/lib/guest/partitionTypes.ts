/**
 * Guest partition types: the MBR type byte and GPT type GUID each one is written as, and the
 * mapping from the type strings the listings give (fdisk GPT names, fdisk/sfdisk dos Ids, wmic
 * types, GPT GUIDs) to these.
 *
 *   key           MBR    GPT type GUID                           listing says e.g.
 *   basic-data    0x07   EBD0A0A2-B9E5-4433-87C0-68B6B72699C7    7 HPFS/NTFS/exFAT, Microsoft basic data, GPT: Basic Data
 *   fat32         0x0C   EBD0A0A2-… (FAT32 is basic data on GPT)  b W95 FAT32, c W95 FAT32 (LBA)
 *   linux         0x83   0FC63DAF-8483-4772-8E79-3D69D8477DE4    83 Linux, Linux filesystem
 *   efi           0xEF   C12A7328-F81F-11D2-BA4B-00A0C93EC93B    EFI System, ef, GPT: System
 *   msr           —      E3C9E316-0B5C-4DB8-817D-F92DF00215AE    Microsoft reserved (GPT only)
 *
 * Windows gives drive letters only to the types it knows (basic data, FAT32 on MBR); Linux
 * mounts by what the filesystem says and mostly ignores the type.
 */
import type { GuestPartitionType } from "../plan/types.ts";
import { UUID_TEXT } from "../vbox.ts";

export interface GuestTypeInfo {
  /** For people: "NTFS / exFAT (Microsoft basic data)". */
  label: string;
  /** MBR type byte, or null when the type exists only on GPT. */
  mbr: number | null;
  /** GPT type GUID, uppercase as the specification writes it. */
  gpt: string;
}

export const GUEST_TYPE_INFO: Readonly<Record<GuestPartitionType, GuestTypeInfo>> = {
  "basic-data": {
    label: "NTFS / exFAT (Microsoft basic data)",
    mbr: 0x07,
    gpt: "EBD0A0A2-B9E5-4433-87C0-68B6B72699C7",
  },
  fat32: { label: "FAT32", mbr: 0x0c, gpt: "EBD0A0A2-B9E5-4433-87C0-68B6B72699C7" },
  linux: { label: "Linux filesystem", mbr: 0x83, gpt: "0FC63DAF-8483-4772-8E79-3D69D8477DE4" },
  "linux-swap": { label: "Linux swap", mbr: 0x82, gpt: "0657FD6D-A4AB-43C4-84E5-0933C84B4F4F" },
  "linux-lvm": { label: "Linux LVM", mbr: 0x8e, gpt: "E6D6D379-F507-44C2-A23C-238F2A3DF928" },
  "linux-raid": { label: "Linux RAID", mbr: 0xfd, gpt: "A19D880F-05FC-4D3B-A006-743F0F84911E" },
  efi: { label: "EFI System", mbr: 0xef, gpt: "C12A7328-F81F-11D2-BA4B-00A0C93EC93B" },
  msr: { label: "Microsoft reserved", mbr: null, gpt: "E3C9E316-0B5C-4DB8-817D-F92DF00215AE" },
  "windows-recovery": {
    label: "Windows recovery environment",
    mbr: 0x27,
    gpt: "DE94BBA4-06D1-4D40-A16A-BFD50179D6AC",
  },
  "bios-boot": { label: "BIOS boot", mbr: null, gpt: "21686148-6449-6E6F-744E-656564454649" },
};

/** A range with no type of its own and no host partition to take one from gets this. */
export const DEFAULT_GUEST_TYPE: GuestPartitionType = "basic-data";

/** GPT type GUIDs of the host (sfdisk --json, Get-Partition GptType) → guest type. */
const BY_GUID: Readonly<Record<string, GuestPartitionType>> = {
  "EBD0A0A2-B9E5-4433-87C0-68B6B72699C7": "basic-data",
  "0FC63DAF-8483-4772-8E79-3D69D8477DE4": "linux",
  // Linux root (x86-64, x86, ARM64), /home, /srv, /usr (x86-64): a generic Linux filesystem
  // in the guest (the discoverable-partitions types only matter to the host's own boot).
  "4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709": "linux",
  "44479540-F297-41B2-9AF7-D131D5F0458A": "linux",
  "B921B045-1DF0-41C3-AF44-4C6F280D3FAE": "linux",
  "933AC7E1-2EB4-4F13-B844-0E14E2AEF915": "linux",
  "3B8F8425-20E0-4F3B-907F-1A25A76F98E8": "linux",
  "8484680C-9521-48C6-9C11-B0720656F69E": "linux",
  "BC13C2FF-59E6-4262-A352-B275FD6F7172": "linux",
  "0657FD6D-A4AB-43C4-84E5-0933C84B4F4F": "linux-swap",
  "E6D6D379-F507-44C2-A23C-238F2A3DF928": "linux-lvm",
  "A19D880F-05FC-4D3B-A006-743F0F84911E": "linux-raid",
  "C12A7328-F81F-11D2-BA4B-00A0C93EC93B": "efi",
  "E3C9E316-0B5C-4DB8-817D-F92DF00215AE": "msr",
  "DE94BBA4-06D1-4D40-A16A-BFD50179D6AC": "windows-recovery",
  "21686148-6449-6E6F-744E-656564454649": "bios-boot",
};

/**
 * How fdisk's translations begin the names of the Linux root types ("Linux root (x86-64)",
 * "Linux root verity (ARM-64)", ...): one name per architecture, so they are known by their
 * start (util-linux 2.38's catalogues). Used for the guest's type (below) and by the host
 * check (check/hostAreas.ts).
 */
export const LINUX_ROOT_TRANSLATED_PREFIXES: readonly string[] = [
  "Racine Linux",
  "Raíz de Linux",
  "Linux raiz",
  "Корневой раздел Linux",
  "Linux - główna",
  "Кореневий розділ Linux",
  "Kořen Linuxu",
];

/** Whether a type name is one of the Linux root types, in English or translated. */
export function isLinuxRootName(type: string): boolean {
  const text = type.trim().toLowerCase();
  return (
    /^linux root\b/.test(text) ||
    LINUX_ROOT_TRANSLATED_PREFIXES.some((prefix) => text.startsWith(prefix.toLowerCase()))
  );
}

/**
 * fdisk's GPT type names in the other languages it is read in, by their English name: what
 * util-linux 2.38's own catalogues print (test-fixtures/fdisk/localized-*), and the names newer
 * catalogues give where they differ (Polish "Systemowa EFI"). One table for the guest's types
 * (below) and for the host partitions the safety checks know (check/hostAreas.ts); a listing
 * made in another language must not hide the host's EFI or swap partition.
 */
export const TRANSLATED_TYPE_NAMES: Readonly<Record<string, readonly string[]>> = {
  "EFI System": [
    "EFI-System",
    "Système EFI",
    "Sistema EFI",
    "EFI",
    "System EFI",
    "Systemowa EFI",
    "Система EFI",
    "EFI-systeem",
    "EFI 系统",
    "Systém EFI",
    "EFI システム",
  ],
  "Microsoft reserved": [
    "Microsoft reserviert",
    "Réservé Microsoft",
    "Reservado para Microsoft",
    "Microsoft reservado",
    "Зарезервированный раздел Microsoft",
    "Microsoft - zarezerwowana",
    "Microsoft, зарезервований",
    "Microsoft gereserveerd",
    "Microsoft 保留",
    "Vyhrazeno pro Microsoft",
    "Microsoft 予約領域",
  ],
  "Microsoft basic data": [
    "Microsoft Basisdaten",
    "Données de base Microsoft",
    "Datos básicos de Microsoft",
    "Microsoft dados básico",
    "Microsoft - dane podstawowe",
    "Microsoft, основні дані",
    "Microsoft basisgegevens",
    "Microsoft 基本数据",
    "Základní data Microsoftu",
    "Microsoft 基本データ",
  ],
  "Linux filesystem": [
    "Linux-Dateisystem",
    "Système de fichiers Linux",
    "Sistema de ficheros de Linux",
    "Linux sistema de arquivos",
    "Файловая система Linux",
    "Linux - system plików",
    "Файлова система Linux",
    "Linux bestandssysteem",
    "Linux 文件系统",
    "Souborový systém Linuxu",
    "Linux ファイルシステム",
  ],
  "Linux swap": [
    "Partition d'échange Linux",
    "Linux своп",
    "Linux - wymiany",
    "Linux wisselgeheugen",
    "Linux スワップ",
  ],
  "BIOS boot": [
    "Amorçage BIOS",
    "Arranque de BIOS",
    "BIOS inicialização",
    "Rozruchowa BIOS",
    "BIOS, завантажувальний",
    "BIOS-opstart",
    "BIOS 启动",
    "Startovací oddíl BIOSu",
    "BIOS 起動",
  ],
  "Windows recovery environment": [
    "Windows-Wiederherstellungsumgebung",
    "Environnement de récupération Windows",
    "Entorno de recuperación de Windows",
    "Windows ambiente de recuperação",
    "Среда для восстановления Microsoft",
    "Środowisko odtworzeniowe Windows",
    "Середовище відновлення Windows",
    "Windows recovery-omgeving",
    "Windows 恢复环境",
    "Prostředí obnovy Windows",
    "Windows リカバリ環境",
  ],
  "Linux extended boot": [
    "Linux erweitert Boot",
    "Amorçage Linux étendu",
    "Arranque de Linux extendida",
    "Linux estendida inicialização",
    "Расширенная загрузка Linux",
    "Linux - rozszerzona rozruchowa",
    "Linux, розширений завантажувальний",
    "Linux uitgebreid opstart",
    "Linux 扩展启动",
    "Linux rozšířený zaveditelný",
    "Linux 拡張起動",
  ],
};

const oneSpaced = (text: string) => text.trim().replace(/\s+/g, " ");
const ENGLISH_TYPE_NAME: ReadonlyMap<string, string> = new Map(
  Object.entries(TRANSLATED_TYPE_NAMES).flatMap(([english, names]) =>
    names.map((name) => [name.toLowerCase(), english] as const),
  ),
);

/**
 * The English name of a type name fdisk printed in another language, or the name as it is.
 *
 * @example englishTypeName("Sistema EFI") // "EFI System"
 */
export function englishTypeName(type: string): string {
  return ENGLISH_TYPE_NAME.get(oneSpaced(type).toLowerCase()) ?? type;
}

/** fdisk's GPT type names (util-linux), lowercased. Old fdisk cut names to fit its column. */
const BY_NAME: Readonly<Record<string, GuestPartitionType>> = {
  "microsoft basic data": "basic-data",
  "microsoft basic": "basic-data",
  "linux filesystem": "linux",
  linux: "linux",
  "linux home": "linux",
  "linux server data": "linux",
  "linux extended boot": "linux",
  "linux swap": "linux-swap",
  "linux lvm": "linux-lvm",
  "linux raid": "linux-raid",
  "efi system": "efi",
  "microsoft reserved": "msr",
  "windows recovery environment": "windows-recovery",
  "bios boot": "bios-boot",
  // wmic (Win32_DiskPartition.Type).
  "gpt: basic data": "basic-data",
  "gpt: system": "efi",
  "installable file system": "basic-data",
  // FreeBSD's gpart (GPT and MBR aliases).
  efi: "efi",
  "ms-basic-data": "basic-data",
  "ms-reserved": "msr",
  "ms-recovery": "windows-recovery",
  "linux-data": "linux",
  "linux-swap": "linux-swap",
  "linux-lvm": "linux-lvm",
  "linux-raid": "linux-raid",
  "bios-boot": "bios-boot",
  ntfs: "basic-data",
  fat32: "fat32",
  fat32lba: "fat32",
  // macOS's diskutil.
  "windows recovery": "windows-recovery",
  linux_swap: "linux-swap",
  windows_ntfs: "basic-data",
  windows_fat_32: "fat32",
  dos_fat_32: "fat32",
};

/** MBR type bytes → guest type. Extended (05, 0F, 85) and protective (EE) have none. */
const BY_MBR: ReadonlyMap<number, GuestPartitionType> = new Map([
  [0x07, "basic-data"],
  [0x0b, "fat32"],
  [0x0c, "fat32"],
  [0x83, "linux"],
  [0x82, "linux-swap"],
  [0x8e, "linux-lvm"],
  [0xfd, "linux-raid"],
  [0xef, "efi"],
  [0x27, "windows-recovery"],
]);

const GUID_IN_TEXT = new RegExp(`^\\{?(${UUID_TEXT})\\}?$`, "i");
/** `83`, `0x83`, `7 HPFS/NTFS/exFAT`, `b W95 FAT32`: a hex Id, then fdisk's name for it. */
const MBR_ID_IN_TEXT = /^(?:0x)?([0-9a-f]{1,2})(?:\s+(\S.*))?$/i;

/**
 * A type as fdisk's MBR rows and sfdisk give it, `82`, `0x82` or `82 Linux swap / Solaris`: its
 * hex Id and the name after it (null when there is none); null when the text does not start so.
 */
export function mbrTypeParts(type: string): { id: string; name: string | null } | null {
  const m = MBR_ID_IN_TEXT.exec(oneSpaced(type));
  return m?.[1] === undefined ? null : { id: m[1], name: m[2] ?? null };
}

/**
 * The guest type for a host partition's type as a listing gives it, or null when the listing
 * says nothing the guest can use (extended partitions, unknown or missing types).
 *
 * @example guestTypeFromHost("Microsoft basic data") // "basic-data"
 * @example guestTypeFromHost("83 Linux")             // "linux"
 * @example guestTypeFromHost("GPT: System")          // "efi"
 * @example guestTypeFromHost("5 Extended")           // null
 */
export function guestTypeFromHost(type: string | undefined): GuestPartitionType | null {
  if (typeof type !== "string") return null;
  const text = oneSpaced(type);
  if (text === "") return null;
  const guid = GUID_IN_TEXT.exec(text);
  if (guid?.[1] !== undefined) return BY_GUID[guid[1].toUpperCase()] ?? null;
  // Own keys only: a listing type "constructor" or "toString" must not find Object's methods.
  const name = englishTypeName(text).toLowerCase();
  if (Object.hasOwn(BY_NAME, name)) return BY_NAME[name] ?? null;
  // "Linux root (x86-64)", "Linux swap / Solaris" (fdisk's dos name for 82 is caught below).
  if (isLinuxRootName(text) || /^linux (usr|variable data|temporary data)\b/i.test(text)) {
    return "linux";
  }
  const mbr = mbrTypeParts(text);
  return mbr ? (BY_MBR.get(parseInt(mbr.id, 16)) ?? null) : null;
}
