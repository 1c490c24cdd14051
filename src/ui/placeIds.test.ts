import { describe, expect, it } from "vitest";
import {
  diskFieldId,
  diskId,
  diskOfPlaceId,
  rangeId,
  rangeOfPlaceId,
  vmFieldId,
  vmId,
  vmOfPlaceId,
} from "./placeIds.ts";

describe("place ids read back", () => {
  it("finds the VM of a card, a field and a range row", () => {
    expect(vmOfPlaceId(vmId(3))).toBe(3);
    expect(vmOfPlaceId(vmFieldId(12, "head.file"))).toBe(12);
    expect(vmOfPlaceId(rangeId(7, 4095))).toBe(7);
    expect(vmOfPlaceId(diskId("d0"))).toBeNull();
    expect(vmOfPlaceId(null)).toBeNull();
  });

  it("finds a range row, and nothing in a VM's other fields", () => {
    expect(rangeOfPlaceId(rangeId(7, 4095))).toEqual({ vm: 7, range: 4095 });
    expect(rangeOfPlaceId(vmFieldId(7, "name"))).toBeNull();
  });

  it("finds the disk of a panel and of its fields, and tells d1 from d10", () => {
    const ids = ["d0", "d1", "d10"];
    expect(diskOfPlaceId(diskId("d10"), ids)).toBe(2);
    expect(diskOfPlaceId(diskFieldId("d1", "sizeBytes"), ids)).toBe(1);
    expect(diskOfPlaceId(diskFieldId("d10", "device"), ids)).toBe(2);
    expect(diskOfPlaceId(vmId(1), ids)).toBeNull();
  });
});
