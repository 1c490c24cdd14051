import type { LineParser } from "./types.ts";

/** Placeholder until the fdisk parser lands: recognises nothing. */
export const parseFdisk: LineParser = () => null;
