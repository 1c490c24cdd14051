/**
 * The words of GNU parted's human `print` in the languages it is read in: English, German,
 * French, Spanish, Brazilian Portuguese, Italian, Dutch, Swedish, Polish, Czech, Russian,
 * Ukrainian, Japanese and Chinese (simplified and traditional). Facts: parted 3.5's own
 * catalogues (Debian's libparted-i18n) and the real listings made with them
 * (test-fixtures/parted/localized-*, scripts/make-tool-fixtures.sh). One table per concept; a
 * catalogue that leaves a word untranslated prints it in English (Czech keeps `Disk` and
 * `Sector size (logical/physical)`, German `Flags`), so every table also holds the English word.
 */

/** `Model: ATA Samsung SSD (scsi)`. */
export const MODEL_TITLES: readonly string[] = [
  "Model",
  "Modell", // de, sv
  "Modèle",
  "Modelo", // es, pt_BR
  "Modello",
  "Модель", // ru, uk
  "モデル",
  "型号",
  "型號",
];

/** `Disk /dev/sda: 2097152s` (German writes `Festplatte  /dev/sda:  2097152s`). */
export const DISK_TITLES: readonly string[] = [
  "Disk", // en, cs, sv
  "Festplatte",
  "Disque",
  "Disco", // es, pt_BR, it
  "Schijf",
  "Dysk",
  "Диск", // ru, uk
  "ディスク",
  "磁盘",
  "磁碟",
];

/** `Sector size (logical/physical): 512B/4096B` (Ukrainian writes the unit `Б`). */
export const SECTOR_SIZE_TITLES: readonly string[] = [
  "Sector size (logical/physical)", // en, cs
  "Sektorgröße (logisch/physisch)",
  "Taille des secteurs (logiques/physiques)",
  "Tamaño de sector (lógico/físico)",
  "Tamanho do setor (lógico/físico)",
  "Dimensione del settore (logica/fisica)",
  "Sectorgrootte (logisch/fysiek)",
  "Sektorstorlek (logisk/fysisk)",
  "Rozmiar sektora (logiczny/fizyczny)",
  "Размер сектора (логич./физич.)",
  "Розмір сектора (логічний/фізичний)",
  "セクタサイズ (論理/物理)",
  "扇区大小 (逻辑/物理)",
  "磁區大小 (邏輯/物理)",
];
/** The letter of the byte unit in the sector size line. */
export const BYTE_UNIT_LETTERS = "BБ";

/** `Partition Table: gpt`. */
export const TABLE_TITLES: readonly string[] = [
  "Partition Table",
  "Partitionstabelle",
  "Table de partitions",
  "Tabla de particiones",
  "Tabela de partições",
  "Tabella delle partizioni",
  "Partitietabel",
  "Partitionstabell",
  "Tablica partycji",
  "Tabulka oddílů",
  "Таблица разделов",
  "таблиця розділів",
  "パーティションテーブル",
  "分区表",
  "分割區",
];

/** `Disk Flags: pmbr_boot`: nothing the plan needs. */
export const DISK_FLAGS_TITLES: readonly string[] = [
  "Disk Flags", // en, cs
  "Disk-Flags",
  "Drapeaux de disque",
  "Banderas de disco",
  "Opções de disco",
  "Flag del disco",
  "Schijfvlaggen",
  "Diskflaggor",
  "Flagi dysku",
  "Флаги диска",
  "Прапорці диска",
  "ディスクフラグ",
  "磁盘标志",
  "磁碟旗標",
];

export type PartedColumn =
  "number" | "start" | "end" | "size" | "type" | "filesystem" | "name" | "flags";

/** Column titles; some are several words (`Sistema de ficheros`, `Файловая система`). */
export const COLUMN_TITLES: Readonly<Record<PartedColumn, readonly string[]>> = {
  number: [
    "Number",
    "Nummer",
    "Numéro",
    "Número",
    "Numero",
    "Numer",
    "Číslo",
    "Номер",
    "番号",
    "编号",
    "編號",
  ],
  start: [
    "Start",
    "Anfang",
    "Début",
    "Inicio",
    "Início",
    "Inizio",
    "Begin",
    "Början",
    "Początek",
    "Začátek",
    "Начало",
    "Початок",
    "開始",
    "起始点",
    "起點",
  ],
  end: [
    "End",
    "Ende",
    "Fin",
    "Fim",
    "Fine",
    "Einde",
    "Slut",
    "Koniec",
    "Konec",
    "Конец",
    "Кінець",
    "終了",
    "结束点",
    "終點",
  ],
  size: [
    "Size",
    "Größe",
    "Taille",
    "Tamaño",
    "Tamanho",
    "Dimensione",
    "Grootte",
    "Storlek",
    "Rozmiar",
    "Velikost",
    "Размер",
    "Розмір",
    "サイズ",
    "大小",
  ],
  type: ["Type", "Typ", "Tipo", "Тип", "タイプ", "类型", "類型"],
  filesystem: [
    "File system",
    "Dateisystem",
    "Système de fichiers",
    "Sistema de ficheros",
    "Sistema de arquivos",
    "Bestandssysteem",
    "Filsystem",
    "System plików",
    "Systém souborů",
    "Файловая система",
    "Файлова система",
    "ファイルシステム",
    "文件系统",
    "檔案系統",
  ],
  name: [
    "Name",
    "Nom",
    "Nombre",
    "Nome",
    "Naam",
    "Namn",
    "Nazwa",
    "Název",
    "Имя",
    "Назва",
    "名前",
    "名称",
    "名稱",
  ],
  flags: [
    "Flags",
    "Drapeaux",
    "Banderas",
    "Opções",
    "Flag",
    "Vlaggen",
    "Flaggor",
    "Flaga",
    "Přepínače",
    "Флаги",
    "Ознаки",
    "フラグ",
    "标志",
    "旗標",
  ],
};

/** What `print free` writes in the rows of unused space. */
export const FREE_SPACE_WORDS: readonly string[] = [
  "Free Space",
  "Freier Platz",
  "Espace libre",
  "Espacio Libre",
  "Espaço livre",
  "Spazio libero",
  "Vrije ruimte",
  "Ledigt utrymme",
  "Wolne miejsce",
  "Volné místo",
  "Свободное место",
  "Вільний простір",
  "空き容量",
  "可用空间",
  "可用空間",
];

/**
 * Every partition flag parted 3.5 prints (libparted's flag names), in English. A row whose
 * blanks were collapsed has no columns left to cut; its flags are still told apart by being
 * these words, at the row's end (parted.ts).
 */
export const PARTED_FLAGS: readonly string[] = [
  "boot",
  "root",
  "swap",
  "hidden",
  "raid",
  "lvm",
  "lba",
  "hp-service",
  "palo",
  "prep",
  "msftres",
  "bios_grub",
  "atvrecv",
  "diag",
  "legacy_boot",
  "msftdata",
  "irst",
  "esp",
  "chromeos_kernel",
  "bls_boot",
  "linux-home",
  "no_automount",
];

/**
 * Partition flags in English and as the catalogues translate them. The host-partition check
 * knows the English names (boot, esp, swap, msftres, ...), so every flag is read back into
 * English. Flags no catalogue translates (esp, msftres, msftdata, lvm, raid, ...) are printed
 * in English in every language.
 */
export const FLAG_TRANSLATIONS: Readonly<Record<string, readonly string[]>> = {
  boot: [
    "arranque",
    "démarrage",
    "avvio",
    "opstart",
    "startbar",
    "ładowalna",
    "загрузочный",
    "启动",
    "啟動",
  ],
  swap: ["växlingsutrymme", "wymiany", "подкачка", "交换", "交換分割區"],
  legacy_boot: ["arranque_legacy", "застарілий_завантажувальний", "旧版启动"],
  bios_grub: ["grub_bios"],
  bls_boot: ["arranque_bls"],
  root: ["raíz", "racine", "hoofdmap", "rot", "корневой", "кореневий", "根"],
  hidden: [
    "versteckt",
    "caché",
    "oculta",
    "escondida",
    "nascosta",
    "verborgen",
    "dold",
    "ukryta",
    "skrytý",
    "скрытый",
    "схований",
    "隐藏",
    "隱藏分割區",
  ],
  "hp-service": ["utilidad-hp", "usługa-hp", "hp-сервіс", "hp-服务", "hp-服務"],
  chromeos_kernel: ["núcleo_chromeos"],
  diag: ["诊断"],
};

/**
 * msdos partition types. parted 3.5 prints them in English in every language, but its
 * catalogues translate them, so a build that passes them through the catalogue prints these.
 */
export const TYPE_TRANSLATIONS: Readonly<
  Record<"primary" | "extended" | "logical", readonly string[]>
> = {
  primary: [
    "primär",
    "primaire",
    "primaria",
    "primária",
    "primair",
    "główna",
    "primární",
    "основной",
    "основний",
    "プライマリ",
    "主分区",
    "主分割區",
  ],
  extended: [
    "erweitert",
    "étendue",
    "extendida",
    "estendida",
    "estesa",
    "uitgebreid",
    "utökad",
    "rozszerzona",
    "rozšířený",
    "расширенный",
    "розширений",
    "拡張",
    "扩展",
    "擴充分割區",
  ],
  logical: [
    "logisch",
    "logique",
    "lógica",
    "logica",
    "logisk",
    "logiczna",
    "logický",
    "логический",
    "логічний",
    "論理",
    "逻辑",
    "邏輯分割區",
  ],
};

/** English for a translated word of one of the tables above, or the word itself. */
export function inEnglish(
  table: Readonly<Record<string, readonly string[]>>,
  word: string,
): string {
  for (const [english, words] of Object.entries(table)) {
    if (words.includes(word)) return english;
  }
  return word;
}
