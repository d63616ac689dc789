/**
 * A cover letter: greeting, paragraphs and closing, drafted by the engine
 * (template or model) and edited by the user.
 */
import { z } from "zod";

export const coverLetterSchema = z.object({
  greeting: z.string().max(300).default(""),
  paragraphs: z.array(z.string().max(3_000)).max(20),
  closing: z.string().max(300).default(""),
  source: z.enum(["template", "llm", "user"]).default("user"),
  /** The CV text each drafted paragraph draws on. */
  evidence: z
    .array(z.object({ path: z.string().max(200), text: z.string().max(400) }))
    .max(10)
    .default([]),
});
export type CoverLetter = z.output<typeof coverLetterSchema>;
