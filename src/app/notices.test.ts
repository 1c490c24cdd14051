import { createRoot } from "solid-js";
import { describe, expect, it } from "vitest";
import { createNotices } from "./notices.ts";

describe("notices", () => {
  it("keeps one notice per topic, the newest, and dismisses by id or topic", () => {
    createRoot((dispose) => {
      const n = createNotices();
      n.notify("file", "error", "first");
      n.notify("link", "note", "a link");
      n.notify("file", "note", "second", ["detail"]);
      expect(n.notices().map((x) => [x.topic, x.kind, x.text])).toEqual([
        ["link", "note", "a link"],
        ["file", "note", "second"],
      ]);
      expect(n.notices()[1]?.details).toEqual(["detail"]);
      const id = n.notices()[0]?.id ?? -1;
      n.dismiss(id);
      expect(n.notices().map((x) => x.topic)).toEqual(["file"]);
      n.dismissTopic("file");
      expect(n.notices()).toEqual([]);
      dispose();
    });
  });

  it("gives every notice a new id, so a replaced one is a new notice", () => {
    createRoot((dispose) => {
      const n = createNotices();
      n.notify("t", "note", "a");
      const first = n.notices()[0]?.id;
      n.notify("t", "note", "b");
      expect(n.notices()[0]?.id).not.toBe(first);
      dispose();
    });
  });
});
