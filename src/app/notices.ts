/**
 * Notices above the planner: one per topic (a newer one on the same topic replaces it), each
 * dismissable, some with one action ("Restore my previous plan", "Reload").
 */
import { createSignal } from "solid-js";

export interface Notice {
  id: number;
  /** One notice per topic: a newer one replaces it. */
  topic: string;
  kind: "note" | "error";
  text: string;
  /** Listed under the text: issues with their JSON paths, reader errors with line numbers. */
  details: string[];
  action: { label: string; run: () => void } | null;
}

export type Notify = (
  topic: string,
  kind: Notice["kind"],
  text: string,
  details?: string[],
  action?: Notice["action"],
) => void;

export function createNotices() {
  const [notices, setNotices] = createSignal<Notice[]>([]);
  let nextId = 1;
  const notify: Notify = (topic, kind, text, details = [], action = null) =>
    setNotices((list) => [
      ...list.filter((n) => n.topic !== topic),
      { id: nextId++, topic, kind, text, details, action },
    ]);
  const dismissTopic = (topic: string) =>
    setNotices((list) => list.filter((n) => n.topic !== topic));
  const dismiss = (id: number) => setNotices((list) => list.filter((n) => n.id !== id));
  return { notices, notify, dismissTopic, dismiss };
}

export type Notices = ReturnType<typeof createNotices>;

/** An error's message, for a notice. */
export const describeError = (e: unknown): string => (e instanceof Error ? e.message : String(e));
