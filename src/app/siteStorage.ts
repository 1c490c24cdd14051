/**
 * This site's localStorage, or why it cannot be used (disabled, blocked, full): never an
 * exception. Tests pass their own Storage.
 */
import { describeError } from "./notices.ts";

export interface SiteStorage {
  read(key: string): { ok: true; value: string | null } | { ok: false; error: string };
  /** null when written, else why not. */
  write(key: string, value: string): string | null;
  remove(key: string): void;
}

export function siteStorage(get: () => Storage = () => window.localStorage): SiteStorage {
  return {
    read(key) {
      try {
        return { ok: true, value: get().getItem(key) };
      } catch (e) {
        return { ok: false, error: describeError(e) };
      }
    },
    write(key, value) {
      try {
        get().setItem(key, value);
        return null;
      } catch (e) {
        return describeError(e);
      }
    },
    remove(key) {
      try {
        get().removeItem(key);
      } catch {
        // nothing to do: the next autosave overwrites it
      }
    },
  };
}
