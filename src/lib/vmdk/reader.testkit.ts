/** For the reader tests: descriptors as VirtualBox and VBoxManage write them, and helpers. */
import { Rng } from "../prng.testkit.ts";
import type { Plan } from "../plan/types.ts";
import { vmdkSectors } from "../units.ts";
import { readDescriptor, type ReadDescriptor } from "./reader.ts";

export const UUID = "0b6d7a7e-7f38-4c1e-9d7e-1d2f3a4b5c6d";

/** VirtualBox's own raw-disk descriptor, as docs/vmdk.md shows it. */
export const VIRTUALBOX = `# Disk DescriptorFile
version=1
CID=4f1c2a9e
parentCID=ffffffff
createType="partitionedDevice"

# Extent description
RW 2048 FLAT "Raw_Sectors_1MiB" 0
RW 125829120 FLAT "\\\\.\\PhysicalDrive0" 125831168

# The disk Data Base 
#DDB

ddb.virtualHWVersion = "4"
ddb.adapterType="ide"
ddb.geometry.cylinders="16383"
ddb.geometry.heads="16"
ddb.geometry.sectors="63"
ddb.uuid.image="${UUID}"
ddb.uuid.parent="00000000-0000-0000-0000-000000000000"
ddb.uuid.modification="00000000-0000-0000-0000-000000000000"
ddb.uuid.parentmodification="00000000-0000-0000-0000-000000000000"
`;

/** The forms `VBoxManage createmedium … --variant RawDisk --property Partitions=…` writes. */
export const VBOXMANAGE_PARTITIONS = `# Disk DescriptorFile
version=1
CID=a3c5e6f1
parentCID=ffffffff
createType="partitionedDevice"

# Extent description
RW 63 FLAT "rawdisk-pt.vmdk" 0
RW 1985 ZERO 
RDONLY 1024000 FLAT "/dev/sda" 2048
NOACCESS 2048 ZERO 
RW 4096 FLAT "/dev/sda2" 0

# The disk Data Base 
#DDB

ddb.virtualHWVersion = "4"
ddb.adapterType="ide"
ddb.uuid.image="${UUID}"
`;

/** Ranges folded to start below 2^55 − 2^52 and last at most 2^50 sectors. */
export function foldedUnder2pow55(plan: Plan): Plan {
  return {
    ...plan,
    vms: plan.vms.map((v) => ({
      ...v,
      ranges: v.ranges.map((r) => ({
        ...r,
        startSector: vmdkSectors(r.startSector % (2n ** 55n - 2n ** 52n)),
        sectors: vmdkSectors(1n + (r.sectors % 2n ** 50n)),
      })),
    })),
  };
}

/** A v4 UUID from the shared generator's random numbers. */
export function uuidFrom(rng: Rng): string {
  const hex = (n: number) => Array.from({ length: n }, () => rng.int(0, 15).toString(16)).join("");
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${rng.pick(["8", "9", "a", "b"])}${hex(3)}-${hex(12)}`;
}

export function read(text: string): ReadDescriptor {
  const result = readDescriptor(text);
  if (!result.ok) throw new Error(`line ${result.error.line}: ${result.error.message}`);
  return result.descriptor;
}

export function refusal(text: string | Uint8Array) {
  const result = readDescriptor(text);
  if (result.ok) throw new Error("accepted");
  return result.error;
}
