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

/** Findings of one code left out of a summary, and how many. */
export interface OmittedFindings {
  severity: Severity;
  code: string;
  count: number;
}

/** How many findings of each code the zip's README.txt and the CLI's messages show in full. */
export const FINDINGS_SHOWN_PER_CODE = 5;

/**
 * The findings as a text for people shows them: the first `perCode` of each code (in their
 * order), and a count of the rest of each code. A plan at the format's limits has tens of
 * thousands of per-range warnings; listed one by one they bury the few that matter. The page
 * pages the full list; the CLI's `check` JSON keeps it whole.
 *
 * @example summariseFindings(twelveNotAligned, 5)
 * // { shown: [the first 5], omitted: [{ severity: "warning", code: "not-aligned-1mib", count: 7 }] }
 */
export function summariseFindings(
  findings: readonly Finding[],
  perCode: number = FINDINGS_SHOWN_PER_CODE,
): { shown: Finding[]; omitted: OmittedFindings[] } {
  const seen = new Map<string, OmittedFindings>();
  const shown: Finding[] = [];
  for (const finding of findings) {
    const key = `${finding.severity} ${finding.code}`;
    let group = seen.get(key);
    if (!group) {
      group = { severity: finding.severity, code: finding.code, count: 0 };
      seen.set(key, group);
    }
    group.count++;
    if (group.count <= perCode) shown.push(finding);
  }
  const omitted = [...seen.values()]
    .filter((g) => g.count > perCode)
    .map((g) => ({ ...g, count: g.count - perCode }));
  return { shown, omitted };
}

/**
 * A sentence for findings left out of a summary.
 *
 * @example omittedSentence({ severity: "warning", code: "not-aligned-1mib", count: 7 })
 * // '7 more warnings like "not-aligned-1mib" above are not listed here.'
 */
export function omittedSentence(omitted: OmittedFindings): string {
  const one = omitted.count === 1;
  const kind = one ? omitted.severity : `${omitted.severity}s`;
  return `${omitted.count} more ${kind} like "${omitted.code}" above ${one ? "is" : "are"} not listed here.`;
}
