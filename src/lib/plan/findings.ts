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
