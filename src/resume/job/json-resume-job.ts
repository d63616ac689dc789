/**
 * JSON Resume's job schema (the fields we read; others are allowed and kept out).
 */
import { z } from "zod";

const text = (max: number) => z.string().max(max);

export const jsonResumeJobSchema = z
  .object({
    title: text(300).optional(),
    company: text(300).optional(),
    type: text(100).optional(),
    description: text(20_000).optional(),
    location: z
      .union([
        text(300),
        z
          .object({
            address: text(300).optional(),
            city: text(200).optional(),
            region: text(200).optional(),
            countryCode: text(10).optional(),
          })
          .loose(),
      ])
      .optional(),
    remote: text(40).optional(),
    experience: text(100).optional(),
    responsibilities: z.array(text(2_000)).max(100).optional(),
    qualifications: z.array(text(2_000)).max(100).optional(),
    skills: z
      .array(
        z
          .object({
            name: text(300).optional(),
            keywords: z.array(text(300)).max(100).optional(),
          })
          .loose(),
      )
      .max(100)
      .optional(),
  })
  .loose();
export type JsonResumeJob = z.infer<typeof jsonResumeJobSchema>;

/** A JSON Resume job inside a string, or null when the string is not one. */
export function jsonJobIn(input: string): JsonResumeJob | null {
  const trimmed = input.trim();
  if (!trimmed.startsWith("{")) return null;
  try {
    const parsed = jsonResumeJobSchema.safeParse(JSON.parse(trimmed));
    return parsed.success ? parsed.data : null;
  } catch {
    // Plain text that happens to start with a brace.
    return null;
  }
}
