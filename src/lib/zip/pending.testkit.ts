/**
 * Stand-ins for engine functions declared but not yet implemented by their owners
 * (check.ts, codec.ts throw "not implemented yet" until they land). The real function is
 * always called first; the stand-in answers only while the real one is still a stub.
 * Delete this file once checkPlan and planToJson have landed.
 */
import type { Finding } from "../plan/findings.ts";
import type { Plan } from "../plan/types.ts";

export function orStandIn<A extends unknown[], R>(
  real: (...args: A) => R,
  standIn: (...args: A) => R,
) {
  return (...args: A): R => {
    try {
      return real(...args);
    } catch (e) {
      if (e instanceof Error && e.message === "not implemented yet") return standIn(...args);
      throw e;
    }
  };
}

export const noFindings = (_plan: Plan): Finding[] => [];

export const jsonWithBigints = (plan: Plan): string =>
  `${JSON.stringify(plan, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value), 2)}\n`;
