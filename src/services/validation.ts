/**
 * zod issues → the `errors` list of a 400 problem (`{path, message}` per failing field).
 */
import type { z } from "zod";

export function zodFieldErrors(error: z.ZodError, prefix: string): { path: string; message: string }[] {
  return error.issues.slice(0, 50).map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join("."),
    message: issue.message,
  }));
}
