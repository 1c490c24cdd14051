/**
 * For tests only: the CLI's main() in this process (starting `npm run -s cli` costs a second
 * each time), with standard output and error captured.
 */
import { vi } from "vitest";
import { main } from "./main.ts";

export async function cliInProcess(
  ...args: string[]
): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const out = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  try {
    return { status: await main(args), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}
