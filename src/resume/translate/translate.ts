/**
 * Translating the fields that need it, with a language model or without one.
 *
 * Without a model every field is copied and marked `copied` ("needs translation"); the labels and
 * dates are localised when the translation is composed. With a model the fields go out in one
 * structured request per batch and every answer passes the guards below; a field that fails one
 * keeps the copied source (and says why), so nothing unchecked reaches the CV.
 *
 * Guards: a field holding an e-mail address, phone number or link is never sent (contact details do
 * not leave the process) and is copied; every number of the source must be in the translation (dates
 * and metrics are numbers); the person's name, employers, institutions and other organisation names
 * the source mentions must be kept verbatim.
 */
import { z } from "zod";
import { AppError } from "../../errors.js";
import { completeStructured } from "../../llm/structured-json.js";
import { estimateTokens, type LlmProvider, type Usage } from "../../llm/types.js";
import type { Resume } from "../model.js";
import { redactContacts } from "../optimize/redact.js";
import type { FieldUpdate } from "./compose.js";
import type { TranslatableField } from "./fields.js";

export type TranslateOptions = {
  provider: LlmProvider;
  maxTokensPerRequest: number;
  /** Called with the estimated tokens before each request; throws when the owner's budget is used up. */
  reserveTokens?: (estimate: number) => Promise<void>;
  signal?: AbortSignal | undefined;
};

export type TranslateResult = {
  updates: Map<string, FieldUpdate>;
  /** Fields whose model answer a guard refused (kept as copies), with the reason. */
  refused: { key: string; reason: string }[];
  usage: Usage;
};

const LANGUAGE_NAMES = new Intl.DisplayNames(["en"], { type: "language" });
const languageName = (tag: string) => {
  try {
    return LANGUAGE_NAMES.of(tag) ?? tag;
  } catch {
    return tag;
  }
};

const answerSchema = z.object({
  fields: z.array(z.object({ key: z.string().max(300), text: z.string().max(5_000) })).max(500),
});

/** The JSON schema sent as structured output (strict-mode compatible). */
export const TRANSLATION_RESPONSE_SCHEMA = {
  type: "object",
  additionalProperties: false,
  required: ["fields"],
  properties: {
    fields: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["key", "text"],
        properties: { key: { type: "string" }, text: { type: "string" } },
      },
    },
  },
} as const;

export function systemPrompt(from: string, to: string): string {
  return [
    `You translate the text fields of a CV from ${languageName(from)} to ${languageName(to)}.`,
    "Each field has a key; answer every key once with its translation, in the same order.",
    "Keep unchanged: names of people, employers, institutions, products and technologies, e-mail addresses, links, dates and every number.",
    "Translate faithfully: add nothing, leave nothing out, keep the tone and tense of a CV.",
  ].join(" ");
}

/** Names that must survive translation verbatim: the person, employers and other organisations. */
export function protectedNames(resume: Resume): string[] {
  const names = [
    resume.basics.name,
    ...resume.work.map((w) => w.name),
    ...resume.education.map((e) => e.institution),
    ...resume.volunteer.map((v) => v.organization),
    ...resume.awards.map((a) => a.awarder),
    ...resume.certificates.flatMap((c) => [c.name, c.issuer]),
    ...resume.publications.flatMap((p) => [p.name, p.publisher]),
    ...resume.projects.flatMap((p) => [p.name, p.entity]),
  ];
  return [...new Set(names.map((n) => n.trim()).filter((n) => n.length >= 2))];
}

const DIGITS = /\d+/g;

/** Why `translated` may not stand for `source`, or null when it keeps what must be kept. */
export function guardTranslation(
  source: string,
  translated: string,
  names: readonly string[],
): string | null {
  if (!translated.trim()) return "the translation is empty";
  const have = new Set(translated.match(DIGITS) ?? []);
  const lost = (source.match(DIGITS) ?? []).filter((n) => !have.has(n));
  if (lost.length) return `numbers changed: ${[...new Set(lost)].slice(0, 5).join(", ")}`;
  const dropped = names.filter((n) => source.includes(n) && !translated.includes(n));
  if (dropped.length) return `names changed: ${dropped.slice(0, 3).join(", ")}`;
  return null;
}

/** Every field copied as it is, marked as still to be translated. */
export function copyFields(fields: readonly TranslatableField[]): Map<string, FieldUpdate> {
  return new Map(fields.map((f) => [f.key, { text: f.text, state: "copied" as const }]));
}

const OUTPUT_SHARE = 0.5;

/** Batches of fields whose request (and answer, about as long) fits the per-request token cap. */
function batches(fields: readonly TranslatableField[], system: string, cap: number): TranslatableField[][] {
  const budget = Math.floor(cap * OUTPUT_SHARE) - estimateTokens(system) - 50;
  const out: TranslatableField[][] = [];
  let current: TranslatableField[] = [];
  let size = 0;
  for (const field of fields) {
    const cost = estimateTokens(JSON.stringify(field)) + 4;
    if (cost > budget) {
      throw new AppError("llm_budget_exceeded", "A field is too long for the per-request token limit.", {
        details: { key: field.key, limit: cap },
      });
    }
    if (size + cost > budget && current.length) {
      out.push(current);
      current = [];
      size = 0;
    }
    current.push(field);
    size += cost;
  }
  if (current.length) out.push(current);
  return out;
}

/** Translate `fields` of `primary` from `from` to `to` with the model; see the guards above. */
export async function translateFields(
  primary: Resume,
  fields: readonly TranslatableField[],
  from: string,
  to: string,
  options: TranslateOptions,
): Promise<TranslateResult> {
  const names = protectedNames(primary);
  const updates = copyFields(fields);
  const refused: TranslateResult["refused"] = [];
  const usage: Usage = { inputTokens: 0, outputTokens: 0 };
  const sendable = fields.filter((f) => {
    if (redactContacts(f.text) === f.text) return true;
    refused.push({ key: f.key, reason: "holds contact details, which are not sent to the model" });
    return false;
  });
  const system = systemPrompt(from, to);
  for (const batch of batches(sendable, system, options.maxTokensPerRequest)) {
    options.signal?.throwIfAborted();
    const user = JSON.stringify({ fields: batch.map((f) => ({ key: f.key, text: f.text })) });
    const maxOutputTokens = Math.max(256, Math.ceil(estimateTokens(user) * 1.5));
    await options.reserveTokens?.(estimateTokens(system + user) + maxOutputTokens);
    const answer = await completeStructured(
      options.provider,
      {
        system,
        user,
        schema: { name: "cv_translation", schema: TRANSLATION_RESPONSE_SCHEMA },
        maxOutputTokens,
        signal: options.signal,
      },
      answerSchema,
    );
    usage.inputTokens += answer.usage.inputTokens;
    usage.outputTokens += answer.usage.outputTokens;
    const answered = new Map(answer.value.fields.map((f) => [f.key, f.text]));
    for (const field of batch) {
      const text = answered.get(field.key);
      if (text === undefined) {
        refused.push({ key: field.key, reason: "the model did not answer this field" });
        continue;
      }
      const reason = guardTranslation(field.text, text, names);
      if (reason) refused.push({ key: field.key, reason });
      else updates.set(field.key, { text: text.trim(), state: "machine" });
    }
  }
  return { updates, refused, usage };
}
