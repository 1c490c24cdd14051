/**
 * The words and shapes of fdisk's output: util-linux 2.1x–2.38 in English, German, French,
 * Spanish, Brazilian Portuguese, Russian, Polish, Ukrainian, Dutch, Italian, Chinese
 * (simplified), Czech and Japanese, and busybox fdisk. Facts: docs/listings.md.
 */

// Words as util-linux 2.38 prints them in English, German, French, Spanish, Brazilian Portuguese,
// Russian, Polish, Ukrainian, Dutch, Chinese, Czech and Japanese (its own catalogues;
// test-fixtures/fdisk/localized-*). Chinese writes full-width colons and commas: the reader reads
// them as ": " and ", ". Czech groups the disk's counts by thousands (`17 179 869 184 bajtů`).
// Italian's catalogue translates only some column titles: the rest stays English.
const DISK_WORD = String.raw`(?:Disk|Festplatte|Platte|Disque|Disco|Диск|Dysk|Schijf|ディスク)`;
const BYTES_WORD = String.raw`(?:bytes|Bytes|Byte|octets|байт|bajtów|байтів|字节|bajtů|bajtech|バイト)`;
const SECTORS_WORD = String.raw`(?:sectors|Sektoren|secteurs|sectores|setores|секторов|секторів|sectoren|个扇区|sektorů|セクタ)`;

export const DISK_HEADER = new RegExp(String.raw`^${DISK_WORD}\s+(\S+?)\s*:\s+(.*)$`);
/** A count, grouped by thousands with spaces or not (remove the spaces before reading it). */
const COUNT = String.raw`(\d{1,3}(?: \d{3})+|\d+)`;
export const DISK_BYTES = new RegExp(String.raw`(?:^|[\s,])${COUNT}\s*${BYTES_WORD}(?=,|$)`);
export const DISK_SECTORS = new RegExp(String.raw`(?:^|[\s,])${COUNT}\s*${SECTORS_WORD}$`);
/** Polish puts the word first: `Dysk /dev/sda: 16 GiB, bajtów: 17179869184, sektorów: 33554432`. */
export const DISK_BYTES_WORD_FIRST = /(?:^|[\s,])bajtów:\s*(\d+)(?=,|$)/;
export const DISK_SECTORS_WORD_FIRST = /(?:^|[\s,])sektorów:\s*(\d+)$/;
/** util-linux 2.11 and older: `Disk /dev/hda: 255 heads, 63 sectors, 2434 cylinders`. */
export const DISK_OLD_GEOMETRY = /^\d+ heads, \d+ sectors, \d+ cylinders$/;
/** Interactive fdisk piped: `Command (m for help): Disk /dev/sda: …` on one line. */
export const PROMPT_PREFIX = /^[^()]{0,40}\([^()]{1,40}\)\s*:\s+/;

export const UNITS = new RegExp(
  String.raw`^(?:Units|Einheiten|Unités|Unidades|Единицы|Jednostki|Одиниці|Eenheid|单元|Jednotky)\s*[:=]\s*(\S+?),?\s+(?:of|von|de|по|czyli|з|van|\/|po)\s+(\d+)\s*[*×]\s*(\d+)(?:\s*=\s*(\d+))?\s*${BYTES_WORD}$`,
);
/** Japanese: `単位: セクタ (1 * 512 = 512 バイト)`, the groups of UNITS in the same order. */
export const UNITS_PARENTHESIZED = new RegExp(
  String.raw`^単位\s*:\s*(\S+)\s*\((\d+)\s*[*×]\s*(\d+)(?:\s*=\s*(\d+))?\s*${BYTES_WORD}\)$`,
);
export const CYLINDER_UNIT =
  /^(?:cylinders?|Zylinder|cylindres?|cilindros?|цилиндр(?:а|ов)?|cylindr(?:y|ów))$/i;
export const SECTOR_UNIT =
  /^(?:sectors?|Sektoren|Sektor|secteurs?|sector(?:es)?|setor(?:es)?|сектор(?:а|ов|и|ів)?|sektor(?:y|ów|ů)?|sector(?:en)?|扇区|セクタ)$/i;

export const SECTOR_SIZE = new RegExp(
  String.raw`^(?:Sector size \(logical/physical\)|Sektorgröße \(logisch/physikalisch\)|Taille de secteur \(logique / physique\)|Tamaño de sector \(lógico ?/ ?físico\)|Tamanho de setor \(lógico/físico\)|Размер сектора \(логический/физический\)|Розмір сектора \(логічного/фізичного\)|Sectorgrootte \(logisch/fysiek\)|扇区大小\(逻辑/物理\)|Velikost sektoru \(logického/fyzického\)|セクタサイズ \(論理 / 物理\))\s*:\s*(\d+)\s*${BYTES_WORD}\s*/\s*(\d+)\s*${BYTES_WORD}$`,
);
/** Polish: `Rozmiar sektora (logiczny/fizyczny) w bajtach: 512 / 512`. */
export const SECTOR_SIZE_NUMBERS_ONLY =
  /^Rozmiar sektora \(logiczny\/fizyczny\) w bajtach\s*:\s*(\d+)\s*\/\s*(\d+)$/;
export const LABEL_TYPE =
  /^(?:Disklabel type|Disk label type|Festplattenbezeichnungstyp|Type d'étiquette de disque|Tipo de etiqueta de disco|Tipo de rótulo do disco|Тип метки диска|Typ etykiety dysku|Тип мітки диска|Schijflabeltype|磁盘标签类型|Typ popisu disku|ディスクラベルのタイプ)\s*:\s*(\S+)$/;
/** Known lines that carry nothing the plan needs. */
export const QUIET_LINES = [
  /^(?:I\/O size \(minimum\/optimal\)|E\/A-Größe \(minimal\/optimal\)|taille d'E\/S \(minimale \/ optimale\)|Tamaño (?:de )?E\/S \(mínimo\/óptimo\)|Tamanho E\/S \(mínimo\/ótimo\)|Размер I\/O \(минимальный\/оптимальный\)|Rozmiar we\/wy \(minimalny\/optymalny\) w bajtach|Розмір введення-виведення \(мінімальний\/оптимальний\)|In-\/uitvoergrootte \(minimaal\/optimaal\)|I\/O 大小\(最小\/最佳\)|Velikost I\/O \(minimální\/optimální\)|I\/O サイズ \(最小 \/ 推奨\))\s*:/,
  /^(?:Geometry|Geometrie|Géométrie)\s*:\s*\d+/,
  /^\d+ heads, \d+ sectors\/track, \d+ cylinders(?:, total \d+ (?:sectors|secteurs))?$/,
  // busybox fdisk puts cylinders first.
  /^\d+ cylinders, \d+ heads, \d+ sectors\/track$/,
  // util-linux 2.13–2.20's catalogues: German, French, Spanish.
  /^\d+ Köpfe, \d+ Sektoren\/Spur(?:en)?, \d+ Zylinder(?:, zusammen \d+ Sektoren)?$/,
  /^\d+ têtes, \d+ secteurs\/piste, \d+ cylindres(?:, total \d+ secteurs)?$/,
  /^\d+ cabezas, \d+ sectores\/pista, \d+ cilindros(?:, \d+ sectores en total)?$/,
];

export type ColumnKind =
  | "device"
  | "number"
  | "boot"
  | "start"
  | "end"
  | "sectors"
  | "cylinders"
  | "blocks"
  | "size"
  | "id"
  | "chs"
  | "type"
  | "text";

/**
 * Column titles of util-linux fdisk (2.1x–2.38, en/de/fr/es/pt_BR/ru/pl/uk/nl/zh_CN/cs/ja, and the few titles its
 * Italian catalogue translates) and busybox fdisk.
 */
export const COLUMN_WORDS: Readonly<Record<string, ColumnKind>> = {
  Device: "device",
  Gerät: "device",
  Périphérique: "device",
  "Disposit.": "device",
  Dispositivo: "device",
  "Устр-во": "device",
  Urządzenie: "device",
  Пристрій: "device",
  Apparaat: "device",
  设备: "device",
  Zařízení: "device",
  デバイス: "device",
  "#": "number",
  Boot: "boot",
  // util-linux 2.13–2.20 (German, French), and RHEL 7's Russian (2.23).
  "boot.": "boot",
  Amorce: "boot",
  Загр: "boot",
  Amorçage: "boot",
  Inicio: "boot", // Spanish: "Comienzo" is the start
  Inicializar: "boot",
  Avvio: "boot",
  Загрузочный: "boot",
  Rozruch: "boot",
  "Заван.": "boot",
  "Op.": "boot",
  启动: "boot",
  Zaveditelný: "boot",
  起動: "boot",
  Start: "start",
  Anfang: "start",
  Début: "start",
  Comienzo: "start",
  Início: "start",
  Начало: "start",
  Początek: "start",
  Початок: "start",
  Begin: "start",
  起点: "start",
  Začátek: "start",
  開始位置: "start",
  StartLBA: "start",
  End: "end",
  Ende: "end",
  Fin: "end",
  Final: "end",
  Fim: "end",
  Fine: "end",
  Конец: "end",
  Koniec: "end",
  Konec: "end",
  Кінець: "end",
  Einde: "end",
  末尾: "end",
  終了位置: "end",
  EndLBA: "end",
  Sectors: "sectors",
  Sektoren: "sectors",
  Secteurs: "sectors",
  Sectores: "sectors",
  Setores: "sectors",
  Settori: "sectors",
  Секторы: "sectors",
  Sektory: "sectors",
  Сектори: "sectors",
  Sectoren: "sectors",
  扇区: "sectors",
  セクタ: "sectors",
  Cylinders: "cylinders",
  Zylinder: "cylinders",
  Cylindres: "cylinders",
  Blocks: "blocks",
  Blöcke: "blocks",
  Blocs: "blocks",
  Bloques: "blocks",
  Блоки: "blocks",
  Size: "size",
  Größe: "size",
  Taille: "size",
  Tamaño: "size",
  Tamanho: "size",
  Размер: "size",
  Rozmiar: "size",
  Розмір: "size",
  Grootte: "size",
  大小: "size",
  Velikost: "size",
  サイズ: "size",
  Id: "id",
  Kn: "id",
  Kennung: "id",
  Идентификатор: "id",
  Ід: "id",
  "Start-C/H/S": "chs",
  "End-C/H/S": "chs",
  StartCHS: "chs",
  EndCHS: "chs",
  Type: "type",
  Typ: "type",
  Tipo: "type",
  Тип: "type",
  类型: "type",
  Druh: "type",
  タイプ: "type",
  System: "type",
  Système: "type",
  Sistema: "type",
  Система: "type",
};

/** Token shapes of the one-word columns; a line whose tokens do not fit is not a row. */
export const TOKEN_SHAPE: Partial<Record<ColumnKind, RegExp>> = {
  number: /^\d{1,6}$/,
  start: /^\d{1,40}$/,
  end: /^\d{1,40}$/,
  sectors: /^\d{1,40}$/,
  cylinders: /^\d{1,40}$/,
  blocks: /^\d{1,40}\+?$/,
  size: /^\d+(?:[.,]\d+)?[KMGTPEZY]?(?:i?B)?$/,
  id: /^[0-9a-fA-F]{1,2}$/,
  chs: /^\d+[/,]\d+[/,]\d+$/,
};

export const EXTENDED_IDS = new Set(["5", "f", "85"]);

/** Column words by lower case: a header pasted in another case still names its columns. */
export const COLUMN_WORDS_LOWER: ReadonlyMap<string, ColumnKind> = new Map(
  Object.entries(COLUMN_WORDS).map(([word, kind]) => [word.toLowerCase(), kind]),
);
