import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseListing } from "../listing/index.ts";
import { GUEST_PARTITION_TYPES, type GuestPartitionType } from "../plan/types.ts";
import { GUEST_TYPE_INFO, guestTypeFromHost } from "./partitionTypes.ts";
import { guidBytes } from "./guid.ts";

/** Every type string the parsers give for the fixtures, and the guest type it maps to. */
const HOST_TYPES: Record<string, GuestPartitionType | null> = {
  "83 Linux": "linux",
  "7 HPFS/NTFS/exFAT": "basic-data",
  "5 Extended": null,
  "82 Linux swap / Solaris": "linux-swap",
  "c W95 FAT32 (LBA)": "fat32",
  "b W95 FAT32": "fat32",
  "Linux filesystem": "linux",
  "Linux swap": "linux-swap",
  "EFI System": "efi",
  "Microsoft basic data": "basic-data",
  "Microsoft reserved": "msr",
  "8e Linux LVM": "linux-lvm",
  "5 Erweiterte": null,
  "82 Linux Swap / Solaris": "linux-swap",
  "EFI-System": "efi",
  "Microsoft reserviert": "msr",
  "Microsoft Basisdaten": "basic-data",
  "Linux-Dateisystem": "linux",
  "Linux Swap": "linux-swap",
  "5 Étendue": null,
  "82 partition d'échange Linux / Solaris": "linux-swap",
  "Système EFI": "efi",
  "Réservé Microsoft": "msr",
  "Données de base Microsoft": "basic-data",
  "Système de fichiers Linux": "linux",
  "Partition d'échange Linux": "linux-swap",
  "f W95 Ext'd (LBA)": null,
  // fdisk in Spanish, Portuguese, Italian, Dutch, Polish, Russian, Ukrainian, Chinese, Czech, Japanese
  "5 Extendida": null,
  "Sistema EFI": "efi",
  "Reservado para Microsoft": "msr",
  "Datos básicos de Microsoft": "basic-data",
  "Sistema de ficheros de Linux": "linux",
  "5 Estendida": null,
  "Microsoft reservado": "msr",
  "Microsoft dados básico": "basic-data",
  "Linux sistema de arquivos": "linux",
  "5 Esteso": null,
  "5 uitgebreid": null,
  "82 Linux wisselgeheugen": "linux-swap",
  "EFI-systeem": "efi",
  "Microsoft gereserveerd": "msr",
  "Microsoft basisgegevens": "basic-data",
  "Linux bestandssysteem": "linux",
  "Linux wisselgeheugen": "linux-swap",
  "5 Rozszerzona": null,
  "System EFI": "efi",
  "Microsoft - zarezerwowana": "msr",
  "Microsoft - dane podstawowe": "basic-data",
  "Linux - system plików": "linux",
  "5 Расширенный": null,
  "82 Linux своп / Solaris": "linux-swap",
  EFI: "efi",
  "Зарезервированный раздел Microsoft": "msr",
  "Файловая система Linux": "linux",
  "Linux своп": "linux-swap",
  "Система EFI": "efi",
  "Microsoft, зарезервований": "msr",
  "Microsoft, основні дані": "basic-data",
  "Файлова система Linux": "linux",
  "5 扩展": null,
  "EFI 系统": "efi",
  "Microsoft 保留": "msr",
  "Microsoft 基本数据": "basic-data",
  "Linux 文件系统": "linux",
  "5 Rozšířený": null,
  "82 Linux swap/Solaris": "linux-swap",
  "Systém EFI": "efi",
  "Vyhrazeno pro Microsoft": "msr",
  "Základní data Microsoftu": "basic-data",
  "Souborový systém Linuxu": "linux",
  "5 拡張領域": null,
  "82 Linux スワップ / Solaris": "linux-swap",
  "EFI システム": "efi",
  "Microsoft 予約領域": "msr",
  "Microsoft 基本データ": "basic-data",
  "Linux ファイルシステム": "linux",
  "Linux スワップ": "linux-swap",
  // wmic (Win32_DiskPartition.Type)
  "GPT: Basic Data": "basic-data",
  "GPT: System": "efi",
  "GPT: Unknown": null,
  "Installable File System": "basic-data",
};

describe("guestTypeFromHost", () => {
  it("maps every type the fdisk and wmic parsers give for the fixtures (new fixture types must be added here)", () => {
    const seen = new Set<string>();
    for (const folder of ["fdisk", "wmic"]) {
      const dir = new URL(`../../../test-fixtures/${folder}/`, import.meta.url);
      for (const file of readdirSync(dir).filter((f) => f.endsWith(".txt"))) {
        const result = parseListing(new Uint8Array(readFileSync(new URL(file, dir))));
        if (!result.ok) continue;
        for (const disk of result.disks) {
          for (const p of disk.partitions) if (p.type !== undefined) seen.add(p.type);
        }
      }
    }
    expect(seen.size).toBe(Object.keys(HOST_TYPES).length);
    for (const type of seen) {
      expect(Object.keys(HOST_TYPES), `fixture type ${JSON.stringify(type)}`).toContain(type);
      expect(guestTypeFromHost(type), type).toBe(HOST_TYPES[type]);
    }
  });

  it("maps the names FreeBSD's gpart and macOS's diskutil give", () => {
    const cases: [string, GuestPartitionType][] = [
      ["efi", "efi"],
      ["EFI", "efi"],
      ["ms-basic-data", "basic-data"],
      ["ms-reserved", "msr"],
      ["ms-recovery", "windows-recovery"],
      ["linux-data", "linux"],
      ["linux-swap", "linux-swap"],
      ["bios-boot", "bios-boot"],
      ["ntfs", "basic-data"],
      ["fat32lba", "fat32"],
      ["Microsoft Basic Data", "basic-data"],
      ["Windows Recovery", "windows-recovery"],
      ["Linux_Swap", "linux-swap"],
      ["Windows_NTFS", "basic-data"],
      ["Windows_FAT_32", "fat32"],
      ["DOS_FAT_32", "fat32"],
    ];
    for (const [type, guest] of cases) expect(guestTypeFromHost(type), type).toBe(guest);
    expect(guestTypeFromHost("freebsd-ufs")).toBeNull();
  });

  it("maps sfdisk's bare Ids and GPT type GUIDs, with or without braces (Get-Partition)", () => {
    const cases: Array<[string, GuestPartitionType | null]> = [
      ["83", "linux"],
      ["0x83", "linux"],
      ["7", "basic-data"],
      ["07", "basic-data"],
      ["ef", "efi"],
      ["EF", "efi"],
      ["b", "fat32"],
      ["c", "fat32"],
      ["82", "linux-swap"],
      ["8e", "linux-lvm"],
      ["fd", "linux-raid"],
      ["27", "windows-recovery"],
      ["5", null],
      ["f", null],
      ["85", null],
      ["ee", null],
      ["0", null],
      ["EBD0A0A2-B9E5-4433-87C0-68B6B72699C7", "basic-data"],
      ["{ebd0a0a2-b9e5-4433-87c0-68b6b72699c7}", "basic-data"],
      ["C12A7328-F81F-11D2-BA4B-00A0C93EC93B", "efi"],
      ["E3C9E316-0B5C-4DB8-817D-F92DF00215AE", "msr"],
      ["0657FD6D-A4AB-43C4-84E5-0933C84B4F4F", "linux-swap"],
      ["0FC63DAF-8483-4772-8E79-3D69D8477DE4", "linux"],
      ["4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709", "linux"],
      ["E6D6D379-F507-44C2-A23C-238F2A3DF928", "linux-lvm"],
      ["DE94BBA4-06D1-4D40-A16A-BFD50179D6AC", "windows-recovery"],
      ["21686148-6449-6E6F-744E-656564454649", "bios-boot"],
      ["5808C8AA-7E8F-42E0-85D2-E1E90434CFB3", null], // Windows LDM metadata: no guest type
    ];
    for (const [text, expected] of cases) expect(guestTypeFromHost(text), text).toBe(expected);
  });

  it("maps localized fdisk's Linux root names, of any architecture, to Linux", () => {
    for (const name of [
      "Racine Linux (x86-64)",
      "Raíz de Linux (ARM-64)",
      "Linux raiz (x86)",
      "Корневой раздел Linux (x86-64)",
      "Linux - główna (x86-64)",
      "Кореневий розділ Linux (x86-64)",
      "Kořen Linuxu (x86-64)",
    ]) {
      expect(guestTypeFromHost(name), name).toBe("linux");
    }
    expect(guestTypeFromHost("Linux root (x86-64)")).toBe("linux");
    expect(guestTypeFromHost("Racines")).toBeNull();
  });

  it("maps wmic's types (Win32_DiskPartition.Type) and old fdisk's cut names", () => {
    expect(guestTypeFromHost("GPT: Basic Data")).toBe("basic-data");
    expect(guestTypeFromHost("GPT: System")).toBe("efi");
    expect(guestTypeFromHost("Installable File System")).toBe("basic-data");
    expect(guestTypeFromHost("GPT: Unknown")).toBeNull();
    expect(guestTypeFromHost("GPT: Logical Disk Manager Data")).toBeNull();
    expect(guestTypeFromHost("Extended w/Extended Int 13")).toBeNull();
    expect(guestTypeFromHost("Microsoft basic")).toBe("basic-data");
    expect(guestTypeFromHost("  Linux   filesystem ")).toBe("linux");
    expect(guestTypeFromHost("Linux root (x86-64)")).toBe("linux");
  });

  it("gives null for nothing or nonsense", () => {
    for (const text of [undefined, "", "   ", "Unknown", "zz", "🙂", "83x", "123"]) {
      expect(guestTypeFromHost(text)).toBeNull();
    }
  });

  it("gives null for the names of Object's own properties (a lookup must not find them)", () => {
    for (const text of ["constructor", "toString", "__proto__", "hasOwnProperty", "valueOf"]) {
      expect(guestTypeFromHost(text)).toBeNull();
    }
  });
});

describe("GUEST_TYPE_INFO", () => {
  it("has a label, a well-formed GPT GUID and the documented MBR byte for every type", () => {
    const mbr: Record<string, number | null> = {};
    for (const type of GUEST_PARTITION_TYPES) {
      const info = GUEST_TYPE_INFO[type];
      expect(info.label.length).toBeGreaterThan(0);
      expect(guidBytes(info.gpt)).not.toBeNull();
      mbr[type] = info.mbr;
    }
    // docs/guest-heads.md: 0x07 NTFS/exFAT, 0x0C FAT32, 0x83 Linux, 0x82 swap, 0x8E LVM, 0xEF EFI.
    expect(mbr).toMatchObject({
      "basic-data": 0x07,
      fat32: 0x0c,
      linux: 0x83,
      "linux-swap": 0x82,
      "linux-lvm": 0x8e,
      efi: 0xef,
      msr: null,
      "bios-boot": null,
    });
  });

  it("maps each type's own GPT GUID and MBR byte back to it (FAT32 is basic data on GPT)", () => {
    for (const type of GUEST_PARTITION_TYPES) {
      const info = GUEST_TYPE_INFO[type];
      expect(guestTypeFromHost(info.gpt)).toBe(type === "fat32" ? "basic-data" : type);
      if (info.mbr !== null) expect(guestTypeFromHost(info.mbr.toString(16))).toBe(type);
    }
  });
});
