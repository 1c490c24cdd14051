import type { LineParser } from "./types.ts";

/** Placeholder until the wmic parser lands: recognises nothing. */
export const parseWmic: LineParser = () => null;
