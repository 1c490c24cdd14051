import type { PlanIssue } from "../lib/plan/codec.ts";

const MAX_DETAILS = 30;

/** A plan's validation issues as notice details, with their JSON paths; the first 30. */
export const issueLines = (issues: readonly PlanIssue[]): string[] => {
  const lines = issues
    .slice(0, MAX_DETAILS)
    .map((i) => `${i.path === "" ? "(the document)" : i.path}: ${i.message}`);
  if (issues.length > MAX_DETAILS) lines.push(`… and ${issues.length - MAX_DETAILS} more.`);
  return lines;
};
