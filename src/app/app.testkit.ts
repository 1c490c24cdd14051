/** For the src/app tests: a Storage in memory that can be told to refuse, and page events. */
import type { PageEvents } from "./autosave.ts";

export class MemoryStorage implements Storage {
  readonly items = new Map<string, string>();
  /** When set, setItem throws this (a full or blocked storage). */
  refuse: string | null = null;
  get length(): number {
    return this.items.size;
  }
  clear(): void {
    this.items.clear();
  }
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  key(index: number): string | null {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
  setItem(key: string, value: string): void {
    if (this.refuse !== null) throw new Error(this.refuse);
    this.items.set(key, value);
  }
}

export function pageEvents(): PageEvents & {
  hide(): void;
  leave(): void;
  storage(key: string, newValue: string | null): void;
} {
  const win = new EventTarget();
  const doc = Object.assign(new EventTarget(), {
    visibilityState: "visible" as DocumentVisibilityState,
  });
  return {
    window: win,
    document: doc,
    hide() {
      doc.visibilityState = "hidden";
      doc.dispatchEvent(new Event("visibilitychange"));
    },
    leave() {
      win.dispatchEvent(new Event("pagehide"));
    },
    /** Another tab wrote `key` (the fields of a StorageEvent that the page reads). */
    storage(key, newValue) {
      win.dispatchEvent(Object.assign(new Event("storage"), { key, newValue }));
    },
  };
}
