/**
 * The plan tools' buttons, in their order in the row (PlanTools.tsx). The first screen draws
 * their places before the planner arrives (App.tsx), so the row wraps the same way then.
 */
export const PLAN_TOOLS_OPENERS = ["Open plan…", "Import descriptor…"] as const;
/** Shown once there is a plan; their places are kept until then. */
export const PLAN_TOOLS_LATER = ["Copy share link", "Save plan"] as const;
