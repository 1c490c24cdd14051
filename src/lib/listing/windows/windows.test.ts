import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseListing } from "../index.ts";
import { planFromListing } from "../../plan/fromListing.ts";
import { checkPlan } from "../../check/index.ts";
import { assignPartition } from "../../plan/ops.ts";
import { addVm } from "../../plan/ops.ts";
import { EXAMPLE_LISTING } from "../../example.ts";
import { canonicalDiskNumber } from "./numbers.ts";
import { csvFields, csvObjects, jsonObjects, type BrokenCsvRow } from "./powershell.ts";

const fixtures = resolve(dirname(fileURLToPath(import.meta.url)), "../../../../test-fixtures");
const read = (path: string) => readFileSync(join(fixtures, path), "utf8");

describe("Get-Partition | Format-List with Get-Disk | Format-List", () => {
  const result = parseListing(read("get-partition/format-list-with-get-disk.txt"));

  it("gives an exact disk \\\\.\\PhysicalDrive1 with its size and sector size", () => {
    if (!result.ok) throw new Error(result.error);
    expect(result.format).toBe("get-partition");
    expect(result.disks).toHaveLength(1);
    const disk = result.disks[0];
    expect(disk?.device).toBe("\\\\.\\PhysicalDrive1");
    expect(disk?.sizeBytes).toBe(500107862016n);
    expect(disk?.logicalSectorSize).toBe(512);
    expect(disk?.partitions.map((p) => [p.number, p.startByte, p.sizeBytes, p.exact])).toEqual([
      [1, 1048576n, 104857600n, true],
      [2, 105906176n, 16777216n, true],
      [3, 122683392n, 499438845952n, true],
      [4, 499561529344n, 546308096n, true],
    ]);
  });

  it("plans exactly: a VM on partition 3 builds with no error", () => {
    const plan = planFromListing(result, "win");
    if (!plan.ok) throw new Error(plan.error);
    const withVm = assignPartition(addVm(plan.plan, "data"), 0, "d0", 2);
    if (!withVm.ok) throw new Error(withVm.error);
    const errors = checkPlan(withVm.value).filter((f) => f.severity === "error");
    expect(errors).toEqual([]);
    expect(checkPlan(withVm.value).map((f) => f.code)).not.toContain("disk-end-unknown");
  });
});

describe("PowerShell's default tables, where values do not sit under their dashes", () => {
  it("Get-Partition: each Offset (a character left of its dashes) exactly, the type and letter", () => {
    const result = parseListing(read("get-partition/table-default.txt"));
    if (!result.ok) throw new Error(result.error);
    const truth = JSON.parse(read("get-partition/table-default.truth.json")) as [
      { partitions: { startByte: string }[] },
    ];
    const partitions = result.disks[0]?.partitions ?? [];
    expect(partitions.map((p) => p.startByte?.toString())).toEqual(
      truth[0].partitions.map((p) => p.startByte),
    );
    expect(partitions.map((p) => p.type)).toEqual(["System", "Reserved", "Basic", "Recovery"]);
    expect(partitions.map((p) => p.mountPoint)).toEqual([undefined, undefined, "D:", undefined]);
    // The default view rounds Size ("100 MB"): no size is taken as exact.
    expect(partitions.every((p) => !p.exact && p.sizeBytes === null)).toBe(true);
  });

  it("Get-Disk: a model longer than its title, the serial beside it, the partition style", () => {
    const result = parseListing(read("get-disk/table-default.txt"));
    if (!result.ok) throw new Error(result.error);
    expect(result.disks.map((d) => [d.identity?.model, d.identity?.serial, d.tableType])).toEqual([
      ["WDC PC SN730 SDBQNTY-512G", "E823_8FA6_BF53", "gpt"],
      ["Samsung SSD 860 EVO 500GB", "S3Z9NB0K123456X", "gpt"],
    ]);
  });
});

describe("Get-Partition | Format-Table with values cut short to fit the window", () => {
  // Hand-written from PowerShell's table rule: a value wider than its column is cut and ends
  // in "…" (PowerShell 6 on) or "..." (Windows PowerShell 5.1); `Format-Table *` on a console
  // too narrow for every property cuts numbers too.
  it.each([
    ["…", "10485…", "1048…"],
    ["...", "104...", "104..."],
  ])(
    "%s: a cut Offset or Size is not read, and the note says why (not rounding)",
    (_, offset, size) => {
      const text = [
        "",
        "OperationalStatus Type     DiskNumber DriveLetter Offset PartitionNumber Size",
        "----------------- ----     ---------- ----------- ------ --------------- ----",
        `Online            System            0             ${offset.padEnd(6)}               1 ${size}`,
        "Online            Basic             0           C 1226…                3 4992…",
      ].join("\n");
      const result = parseListing(text);
      if (!result.ok) throw new Error(result.error);
      const parts = result.disks[0]?.partitions ?? [];
      expect(parts.map((p) => [p.startByte, p.sizeBytes, p.exact])).toEqual([
        [null, null, false],
        [null, null, false],
      ]);
      const cut = result.notes.find((n) => /cut Offset, Size short/.test(n.text));
      expect(cut?.important).toBe(true);
      expect(cut?.text).toContain("Format-List DiskNumber,PartitionNumber,Offset,Size,Type");
      expect(result.notes.some((n) => /rounds Size/.test(n.text))).toBe(false);
    },
  );

  it("a cut Type keeps the exact numbers, with a plain note", () => {
    const text = [
      "PartitionNumber  DriveLetter Offset                                        Size Type",
      "---------------  ----------- ------                                        ---- ----",
      "1                           1048576                                   104857600 Sys…",
      "2                C          105906176                                  16777216 Res…",
    ].join("\n");
    const result = parseListing(text);
    if (!result.ok) throw new Error(result.error);
    expect(result.disks[0]?.partitions.map((p) => p.exact)).toEqual([true, true]);
    const cut = result.notes.find((n) => /cut Type short/.test(n.text));
    expect(cut).toBeDefined();
    expect(cut?.important).toBeUndefined();
  });
});

describe("a Get-Disk block pasted with wmic's listing", () => {
  it("fills the worked example's disk size, so its size warning goes away", () => {
    const getDisk = [
      "",
      "PS C:\\> Get-Disk -Number 0 | Format-List Number,LogicalSectorSize,Size",
      "",
      "Number            : 0",
      "LogicalSectorSize : 512",
      "Size              : 240057409536",
      "",
    ].join("\n");
    const result = parseListing(`${EXAMPLE_LISTING}\n${getDisk}`);
    if (!result.ok) throw new Error(result.error);
    expect(result.format).toBe("wmic");
    expect(result.disks[0]?.sizeBytes).toBe(240057409536n);
    expect(result.disks[0]?.logicalSectorSize).toBe(512);
    expect(result.notes.some((n) => n.text.startsWith("Not read: Number"))).toBe(false);
    // Get-Disk's 512 settles what wmic's note assumed: the note asking to make sure goes.
    expect(result.notes.some((n) => n.text.includes("BlockSize is not listed"))).toBe(false);
    const alone = parseListing(EXAMPLE_LISTING);
    if (!alone.ok) throw new Error(alone.error);
    expect(alone.notes.map((n) => n.text)).toEqual([
      expect.stringContaining("BlockSize is not listed"),
    ]);
  });

  it("the size warning names the Get-Disk command whose pasted output makes it go away", () => {
    const warnings = (listing: string) => {
      const plan = planFromListing(parseListing(listing), "win");
      if (!plan.ok) throw new Error(plan.error);
      const withVm = assignPartition(addVm(plan.plan, "web"), 0, "d0", 1);
      if (!withVm.ok) throw new Error(withVm.error);
      return checkPlan(withVm.value).filter((f) => f.code === "disk-end-unknown");
    };
    const [warning] = warnings(EXAMPLE_LISTING);
    const command = /`(Get-Disk [^`]*)`/.exec(warning?.message ?? "")?.[1];
    expect(command).toBe("Get-Disk -Number 0 | Format-List Number,LogicalSectorSize,Size");
    // What PowerShell prints for it (Format-List: one "Name : value" line per property asked).
    const output = `PS C:\\> ${command}\n\nNumber            : 0\nLogicalSectorSize : 512\nSize              : 240057409536\n`;
    expect(warnings(`${EXAMPLE_LISTING}\n${output}`)).toEqual([]);
  });

  it("refuses to keep wmic's sizes exact when Get-Disk says 4096-byte sectors", () => {
    const result = parseListing(
      `${EXAMPLE_LISTING}\n\nNumber            : 0\nLogicalSectorSize : 4096\nSize              : 240057409536\n`,
    );
    if (!result.ok) throw new Error(result.error);
    expect(result.disks[0]?.partitions.every((p) => !p.exact)).toBe(true);
  });
});

describe("canonicalDiskNumber", () => {
  it.each([
    ["\\\\.\\PhysicalDrive3", 3],
    ["\\\\?\\physicaldrive12", 12],
    ["/dev/sda", null],
    [null, null],
  ])("%s → %s", (device, n) => {
    expect(canonicalDiskNumber(device)).toBe(n);
  });
});

describe("Get-Partition and Get-Disk | ConvertTo-Json", () => {
  const numbers = (listing: string) => {
    const result = parseListing(listing);
    if (!result.ok) throw new Error(result.error);
    return result.disks.map((d) => ({
      device: d.device,
      size: d.sizeBytes,
      sector: d.logicalSectorSize,
      partitions: d.partitions.map((p) => [p.number, p.startByte, p.sizeBytes, p.exact]),
    }));
  };

  it("Windows PowerShell 5.1 (two spaces after the colon): every number exact", () => {
    const listing = [
      "PS C:\\> Get-Partition | Select-Object DiskNumber,PartitionNumber,Offset,Size,Type | ConvertTo-Json",
      "[",
      "    {",
      '        "DiskNumber":  0,',
      '        "PartitionNumber":  1,',
      '        "Offset":  1048576,',
      '        "Size":  314572800,',
      '        "Type":  "System"',
      "    },",
      "    {",
      '        "DiskNumber":  0,',
      '        "PartitionNumber":  2,',
      '        "Offset":  315621376,',
      '        "Size":  255731367936,',
      '        "Type":  "Basic"',
      "    }",
      "]",
    ].join("\n");
    expect(numbers(listing)).toEqual([
      {
        device: "\\\\.\\PhysicalDrive0",
        size: null,
        sector: null,
        partitions: [
          [1, 1048576n, 314572800n, true],
          [2, 315621376n, 255731367936n, true],
        ],
      },
    ]);
  });

  it("PowerShell 7 and -Compress: offsets past 2^53 keep every digit, `\\u0000` is no letter", () => {
    const pretty = [
      "[",
      "  {",
      '    "DiskNumber": 2,',
      '    "PartitionNumber": 1,',
      '    "DriveLetter": "\\u0000",',
      '    "Offset": 17408,',
      '    "Size": 134217728',
      "  },",
      "  {",
      '    "DiskNumber": 2,',
      '    "PartitionNumber": 2,',
      '    "DriveLetter": "F",',
      '    "Offset": 9007199254741504,',
      '    "Size": 12001903001600',
      "  }",
      "]",
    ].join("\n");
    const compressed = JSON.stringify(
      JSON.parse(pretty.replace("9007199254741504", '"X"')),
    ).replace('"X"', "9007199254741504");
    for (const listing of [pretty, compressed]) {
      const result = parseListing(listing);
      if (!result.ok) throw new Error(result.error);
      const partitions = result.disks[0]?.partitions ?? [];
      expect(partitions.map((p) => [p.startByte, p.sizeBytes, p.exact, p.mountPoint])).toEqual([
        [17408n, 134217728n, true, undefined],
        [9007199254741504n, 12001903001600n, true, "F:"],
      ]);
      expect(result.notes).toEqual([]);
    }
  });

  it("objects nested in another, Get-Disk's with them; a partition without Offset takes its disk out", () => {
    const listing = (offset: string) =>
      [
        "{",
        '    "Disks":  [',
        "                  {",
        '                      "Number":  1,',
        '                      "FriendlyName":  "ST20000NM007D",',
        '                      "Size":  20000588955648,',
        '                      "LogicalSectorSize":  4096,',
        '                      "PartitionStyle":  "GPT"',
        "                  }",
        "              ],",
        '    "Partitions":  [',
        "                       {",
        '                           "DiskNumber":  1,',
        '                           "PartitionNumber":  1,',
        offset,
        '                           "Size":  134217728',
        "                       }",
        "                   ]",
        "}",
      ].join("\n");
    const read = parseListing(listing('                           "Offset":  1048576,'));
    if (!read.ok) throw new Error(read.error);
    expect(
      read.disks.map((d) => [d.device, d.sizeBytes, d.logicalSectorSize, d.tableType]),
    ).toEqual([["\\\\.\\PhysicalDrive1", 20000588955648n, 4096, "gpt"]]);
    expect(read.disks[0]?.partitions.map((p) => [p.startByte, p.sizeBytes])).toEqual([
      [1048576n, 134217728n],
    ]);
    // Without its Offset the partition cannot be placed: it would look free, so the disk is
    // not shown, and with no other disk the listing is refused.
    const result = parseListing(listing(""));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatch(
      /\\\\\.\\PhysicalDrive1 \(disk 1\): Get-Partition lists a partition on it without its Offset/,
    );
    expect(result.notes.map((n) => n.text)).toContainEqual(
      expect.stringMatching(/^1 Get-Partition object gives no Offset/),
    );
  });

  it("reads a paste of unclosed brackets once, not once per line", () => {
    const lines = Array.from({ length: 100_000 }, () => "[ {");
    const t0 = performance.now();
    expect(jsonObjects(lines)).toEqual([]);
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});

describe("Get-Partition and Get-Disk | ConvertTo-Csv or Export-Csv", () => {
  const exact = (listing: string) => {
    const result = parseListing(listing);
    if (!result.ok) throw new Error(result.error);
    return {
      format: result.format,
      disks: result.disks.map((d) => ({
        device: d.device,
        size: d.sizeBytes,
        sector: d.logicalSectorSize,
        table: d.tableType,
        serial: d.identity?.serial,
        partitions: d.partitions.map((p) => [p.number, p.startByte, p.sizeBytes, p.exact]),
        letters: d.partitions.map((p) => p.mountPoint ?? "-").join(""),
      })),
      notes: result.notes.map((n) => n.text),
    };
  };
  // Windows PowerShell 5.1's Export-Csv of every property (a file opened with the file button):
  // a #TYPE line, every value quoted, ObjectId holding doubled quotes, no letter empty.
  const partitions51 = [
    "#TYPE Microsoft.Management.Infrastructure.CimInstance#ROOT/Microsoft/Windows/Storage/MSFT_Partition",
    '"OperationalStatus","Type","DiskPath","DiskId","DiskNumber","DriveLetter","GptType","Guid","IsActive","IsBoot","IsHidden","IsOffline","IsReadOnly","IsShadowCopy","IsSystem","MbrType","NoDefaultDriveLetter","Offset","PartitionNumber","Size","TransitionState","AccessPaths","ObjectId","PSComputerName"',
    '"Online","System","\\\\?\\scsi#disk&ven_nvme&prod_samsung#4&2b0f6a0&0&020000#{53f56307-b6bf-11d0-94f2-00a0c91efb8b}","\\\\?\\scsi#disk&ven_nvme&prod_samsung#4&2b0f6a0&0&020000#{53f56307-b6bf-11d0-94f2-00a0c91efb8b}","0","","{c12a7328-f81f-11d2-ba4b-00a0c93ec93b}","{6c5f2a4e-1b3d-4c8e-9f0a-7d2e3b4c5a61}","False","False","False","False","False","False","True",,"True","1048576","1","104857600","1","System.String[]","{1}\\\\PC\\root/Microsoft/Windows/Storage/Providers_v2\\WSP_Partition.ObjectId=""{b3c7a1e0-0000-0000-0000-100000000000}:PR:{00000000-0000-0000-0000-100000000000}\\\\?\\scsi#disk""",',
    '"Online","Basic","\\\\?\\scsi#disk&ven_nvme&prod_samsung#4&2b0f6a0&0&020000#{53f56307-b6bf-11d0-94f2-00a0c91efb8b}","\\\\?\\scsi#disk&ven_nvme&prod_samsung#4&2b0f6a0&0&020000#{53f56307-b6bf-11d0-94f2-00a0c91efb8b}","0","C","{ebd0a0a2-b9e5-4433-87c0-68b6b72699c7}","{0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0}","False","True","False","False","False","False","False",,"False","122683392","3","499984367616","1","System.String[]","{1}\\\\PC\\root/Microsoft/Windows/Storage/Providers_v2\\WSP_Partition.ObjectId=""{b3c7a1e0-0000-0000-0000-100000000000}:PR:{00000000-0000-0000-0000-007500000000}\\\\?\\scsi#disk""",',
  ];
  const disk51 = [
    "#TYPE Selected.Microsoft.Management.Infrastructure.CimInstance",
    '"Number","Path","LogicalSectorSize","Size","SerialNumber","PartitionStyle","IsBoot","IsSystem"',
    '"0","\\\\?\\scsi#disk&ven_nvme&prod_samsung#4&2b0f6a0&0&020000#{53f56307-b6bf-11d0-94f2-00a0c91efb8b}","512","500107862016","0025_3851_91B0_1234.","GPT","True","True"',
  ];

  it("Windows PowerShell 5.1: every property of Get-Partition and Get-Disk, exact, no notes", () => {
    expect(exact([...partitions51, "", ...disk51].join("\n"))).toEqual({
      format: "get-partition",
      disks: [
        {
          device: "\\\\.\\PhysicalDrive0",
          size: 500107862016n,
          sector: 512,
          table: "gpt",
          serial: "0025_3851_91B0_1234.",
          partitions: [
            [1, 1048576n, 104857600n, true],
            [3, 122683392n, 499984367616n, true],
          ],
          letters: "-C:",
        },
      ],
      notes: [],
    });
  });

  it("PowerShell 7 with -UseCulture (;) and -UseQuotes AsNeeded: quoted separators, NUL letters, offsets past 2^53", () => {
    const listing = [
      "PS C:\\> Get-Partition -DiskNumber 2 | Select-Object DiskNumber,PartitionNumber,DriveLetter,Offset,Size,Type | ConvertTo-Csv -UseCulture -UseQuotes AsNeeded",
      "DiskNumber;PartitionNumber;DriveLetter;Offset;Size;Type",
      "2;1;\0;17408;134217728;Reserved",
      '2;2;F;9007199254741504;12001903001600;"Basic; ""data"""',
    ].join("\n");
    const result = parseListing(listing);
    if (!result.ok) throw new Error(result.error);
    expect(result.format).toBe("get-partition");
    const partitions = result.disks[0]?.partitions ?? [];
    expect(
      partitions.map((p) => [p.startByte, p.sizeBytes, p.exact, p.mountPoint, p.type]),
    ).toEqual([
      [17408n, 134217728n, true, undefined, "Reserved"],
      [9007199254741504n, 12001903001600n, true, "F:", 'Basic; "data"'],
    ]);
  });

  it("a row cut short is not read, and an important note says what may look free", () => {
    const listing = [
      '"DiskNumber","PartitionNumber","Offset","Size"',
      '"1","1","1048576","104857600"',
      '"1","2","105906176"',
      '"1","3","122683392","1000000000"',
    ].join("\n");
    const result = parseListing(listing);
    if (!result.ok) throw new Error(result.error);
    expect(result.disks[0]?.partitions.map((p) => [p.number, p.startByte])).toEqual([
      [1, 1048576n],
      [3, 122683392n],
    ]);
    expect(result.notes).toEqual([
      {
        line: 3,
        text: expect.stringMatching(
          /^This CSV row has 3 values where its header \(line 1\) names 4: .* what looks like free space may be that partition/,
        ),
        important: true,
      },
    ]);
  });

  it("many broken rows: five notes of their own, one for the rest; read in linear time", () => {
    const header = '"DiskNumber","PartitionNumber","Offset","Size"';
    const listing = [header, '"0","1","1048576","104857600"'];
    for (let k = 0; k < 12; k++) listing.push(`"0","${k + 2}","${(k + 1) * 1073741824}"`);
    const result = parseListing(listing.join("\n"));
    if (!result.ok) throw new Error(result.error);
    expect(result.disks[0]?.partitions.map((p) => p.number)).toEqual([1]);
    const important = result.notes.filter((n) => n.important);
    expect(important.map((n) => n.line)).toEqual([3, 4, 5, 6, 7, 8]);
    expect(important[5]?.text).toMatch(
      /^7 more CSV rows from this line on do not fit their header/,
    );
    expect(result.notes.filter((n) => n.text.startsWith("Not read"))).toEqual([]);
    // Each row with a quote left open joins the next lines, a few at most: 8 MB stay fast.
    const open = `"${"x".repeat(1990)},"a"`;
    const broken: BrokenCsvRow[] = [];
    const t0 = performance.now();
    csvObjects([header, ...Array.from({ length: 4000 }, () => open)], broken);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(broken.length).toBeGreaterThan(1000);
  });

  it("two outputs in a row, each after its prompt: both read, no row taken for broken", () => {
    const listing = [
      "PS C:\\> Get-Partition -DiskNumber 1 | Select DiskNumber,PartitionNumber,Offset,Size | ConvertTo-Csv",
      '"DiskNumber","PartitionNumber","Offset","Size"',
      '"1","1","1048576","104857600"',
      "PS C:\\> Get-Disk -Number 1 | Select Number,LogicalSectorSize,Size | ConvertTo-Csv",
      '"Number","LogicalSectorSize","Size"',
      '"1","4096","2000398934016"',
      "PS C:\\> ",
    ].join("\n");
    const result = parseListing(listing);
    if (!result.ok) throw new Error(result.error);
    expect(result.disks.map((d) => [d.device, d.sizeBytes, d.logicalSectorSize])).toEqual([
      ["\\\\.\\PhysicalDrive1", 2000398934016n, 4096],
    ]);
    expect(result.notes.filter((n) => n.important)).toEqual([]);
  });

  it("tab-separated: a spreadsheet's copy of the exported cells, and -Delimiter with quotes", () => {
    // Copied cells: no quotes, an empty cell is nothing between two tabs, even the last one.
    const copied = [
      "DiskNumber\tPartitionNumber\tOffset\tSize\tType\tDriveLetter",
      "0\t1\t1048576\t104857600\tSystem\t",
      "0\t3\t122683392\t499484311552\tBasic\tC",
    ].join("\n");
    const delimited = [
      '"DiskNumber"\t"PartitionNumber"\t"Offset"\t"Size"\t"Type"\t"DriveLetter"',
      '"0"\t"1"\t"1048576"\t"104857600"\t"System"\t""',
      '"0"\t"3"\t"122683392"\t"499484311552"\t"Basic"\t"C"',
    ].join("\n");
    for (const listing of [copied, delimited]) {
      expect(exact(listing)).toEqual({
        format: "get-partition",
        disks: [
          {
            device: "\\\\.\\PhysicalDrive0",
            size: null,
            sector: null,
            table: undefined,
            serial: undefined,
            partitions: [
              [1, 1048576n, 104857600n, true],
              [3, 122683392n, 499484311552n, true],
            ],
            letters: "-C:",
          },
        ],
        notes: [],
      });
    }
  });

  it("joins a value quoted over two lines, and leaves wmic's own CSV to wmic", () => {
    const objects = csvObjects(['"Number","FriendlyName","Size"', '"1","Disk', 'two","2000"']);
    expect(objects.map((o) => [Object.fromEntries(o.props), o.lines])).toEqual([
      [{ Number: "1", FriendlyName: "Disk\ntwo", Size: "2000" }, [0, 1, 2]],
    ]);
    const wmic = [
      "",
      "Node,BlockSize,DiskIndex,Index,Name,NumberOfBlocks,Size,StartingOffset",
      "PC,512,0,0,Disk #0  Partition #0,204800,104857600,1048576",
    ].join("\n");
    expect(exact(wmic).format).toBe("wmic");
  });

  it("splits fields as CSV does: quoted separators and quotes, empty values, an open quote", () => {
    expect(csvFields('"a,b","c""d",,e', ",")).toEqual(["a,b", 'c"d', "", "e"]);
    expect(csvFields("x;y", ";")).toEqual(["x", "y"]);
    expect(csvFields('"open,', ",")).toBeNull();
    expect(csvFields('"a"b,c', ",")).toBeNull();
  });
});

describe("`Get-Disk | Get-Partition`: one DiskPath group per disk", () => {
  const NVME = "\\\\?\\scsi#disk&ven_nvme&prod_samsung_ssd_970#5&1a2b3c4d&0&000000#{53f56307}";
  const WDC = "\\\\?\\scsi#disk&ven_wdc&prod_wd20ezrz#4&2b3c4d5e&0&010000#{53f56307}";
  const groups = [
    "",
    `   DiskPath: ${NVME}`,
    "",
    "PartitionNumber  DriveLetter Offset                                        Size Type",
    "---------------  ----------- ------                                        ---- ----",
    "1                           1048576                                     100 MB System",
    "3                C           122683392                                 465.1 GB Basic",
    "",
    "",
    `   DiskPath: ${WDC}`,
    "",
    "PartitionNumber  DriveLetter Offset                                        Size Type",
    "---------------  ----------- ------                                        ---- ----",
    "1                           17408                                       128 MB Reserved",
    "2                D           135266304                                  1.82 TB Basic",
    "",
  ];
  const starts = (listing: string) => {
    const result = parseListing(listing);
    if (!result.ok) throw new Error(result.error);
    return result.disks.map((d) => [d.device, d.partitions.map((p) => p.startByte)]);
  };

  it("keeps the two disks apart when Get-Disk's table lists only one, without Path", () => {
    const getDisk = [
      "Number Friendly Name Serial Number     HealthStatus OperationalStatus Total Size Partition",
      "                                                                                  Style",
      "------ ------------- -------------     ------------ ----------------- ---------- ---------",
      "1      WDC WD20EZRZ  WD-WCC4M1234567   Healthy      Online               1.82 TB GPT",
    ];
    expect(starts([...groups, ...getDisk].join("\n"))).toEqual([
      ["\\\\.\\PhysicalDrive1", []],
      [null, [1048576n, 122683392n]],
      [null, [17408n, 135266304n]],
    ]);
  });

  it("takes one table as the only disk a Get-Disk block without Path lists, and says so", () => {
    const getDisk = [
      "Number            : 1",
      "LogicalSectorSize : 512",
      "Size              : 2000398934016",
    ];
    const listing = [...groups.slice(0, 8), ...getDisk].join("\n");
    expect(starts(listing)).toEqual([["\\\\.\\PhysicalDrive1", [1048576n, 122683392n]]]);
    const result = parseListing(listing);
    expect(result.notes).toContainEqual({
      line: 2,
      text: expect.stringContaining("it was taken as disk 1") as unknown as string,
      important: true,
    });
  });

  it("names each group's disk by Get-Disk's Path, and reads the DiskPath lines", () => {
    const getDisk = [
      "Number            : 0",
      `Path              : ${NVME}`,
      "LogicalSectorSize : 512",
      "Size              : 500107862016",
      "",
      "Number            : 1",
      `Path              : ${WDC}`,
      "LogicalSectorSize : 512",
      "Size              : 2000398934016",
    ];
    const listing = [...groups, ...getDisk].join("\n");
    expect(starts(listing)).toEqual([
      ["\\\\.\\PhysicalDrive0", [1048576n, 122683392n]],
      ["\\\\.\\PhysicalDrive1", [17408n, 135266304n]],
    ]);
    const result = parseListing(listing);
    expect(result.notes.filter((n) => n.text.startsWith("Not read"))).toEqual([]);
  });

  it("says at each DiskPath line that its disk is not named", () => {
    const result = parseListing(groups.join("\n"));
    expect(
      result.notes.filter((n) => n.text.includes("only by its DiskPath")).map((n) => n.line),
    ).toEqual([2, 10]);
  });
});
