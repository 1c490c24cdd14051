/**
 * Findings: what the safety checks report. An error blocks the download; a warning is shown
 * and explained. Codes are stable identifiers (tests, the CLI's JSON and the UI rely on them).
 */

export type Severity = "error" | "warning";

/** What a finding concerns. Indexes are 0-based positions in the plan's arrays. */
export interface FindingTarget {
  vm?: number;
  range?: number;
  disk?: string;
  partition?: number;
  /** A field of the VM or disk, e.g. `name`, `head.file`, `device`. */
  field?: string;
}

export interface Finding {
  severity: Severity;
  /** Stable, kebab-case: `overlap`, `past-disk-end`, … */
  code: string;
  /** One or two sentences a user understands, with the exact numbers involved. */
  message: string;
  targets: FindingTarget[];
}

export const hasErrors = (findings: readonly Finding[]): boolean =>
  findings.some((f) => f.severity === "error");

/**
 * A finding on one line, for the download confirmation: its first sentence (or clause), at
 * most 120 characters. The full text stays in place and in the review summary, so a finding
 * is never shown in full three times.
 *
 * @example compactFinding("The size of \"x\" is unknown, so … Enter the disk's exact size.")
 * // 'The size of "x" is unknown, so …'
 */
export function compactFinding(message: string): string {
  const sentence = /^(.*?[.:;])(\s|$)/.exec(message)?.[1] ?? message;
  const chars = [...sentence];
  return chars.length <= 120 ? sentence : `${chars.slice(0, 119).join("")}…`;
}
