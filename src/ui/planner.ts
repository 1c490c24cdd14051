/**
 * Everything after the paste area: the store, the engine (parsers, plan operations, safety
 * checks, descriptors) and the steps that show them. App.tsx loads this module right after
 * the first paint, so the first screen (what the page is, the warning, the paste area) stays
 * small; scripts/check-size.ts holds that screen to its budget.
 */
// First, so that the plan tools' own stylesheet still comes after these in the cascade.
import "./plannerStyles.css";
export { createAppStore } from "../app/store.ts";
export { ParsedListing } from "./ParsedListing.tsx";
export { DisksStep } from "./DisksStep.tsx";
export { VmsStep } from "./VmsStep.tsx";
export { ReviewStep } from "./ReviewStep.tsx";
export { createSession } from "../app/session.ts";
export { PlanTools } from "./PlanTools.tsx";
export { planToJson } from "../lib/plan/codec.ts";
