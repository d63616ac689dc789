/**
 * A field's value as one line of text for a person, e.g. in a comparison of two versions: text as it
 * is, a list of words or bullets joined, an entry by what names it ("Acme"), a list of entries by
 * their names. Never raw JSON for the shapes the resume model has.
 */
import { entryLabel } from "./describe-path.js";

/** One line for `value`; `empty` stands for a missing or blank value. */
export function describeValue(value: unknown, empty: string): string {
  if (value === null || value === undefined) return empty;
  if (typeof value === "string") return value.trim() === "" ? empty : value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) {
    const parts = value.map((item) => describeValue(item, "")).filter((part) => part !== "");
    return parts.length === 0 ? empty : parts.join("; ");
  }
  if (typeof value === "object") {
    const label = entryLabel(value);
    if (label) return label;
    const parts = Object.entries(value as Record<string, unknown>)
      .filter(([key]) => key !== "id")
      .map(([, v]) => describeValue(v, ""))
      .filter((part) => part !== "");
    return parts.length === 0 ? empty : parts.join(", ");
  }
  return empty;
}
