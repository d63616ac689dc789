import { describe, expect, it } from "vitest";
import { redactContacts } from "../../../src/resume/optimize/redact.js";
import { costRatio, disagreements, randomTexts } from "../../support/text-samples.js";

// The single pattern the redaction used before it was made linear: the reference for its meaning.
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}/gu;
const URL_LIKE = /\b(?:https?:\/\/|www\.)\S+/giu;
const PHONE = /(?:\+\d{1,3}[\s./-]?)?(?:\(\d{1,5}\)[\s./-]?)?\d(?:[\s./-]?\d){6,14}/g;
const reference = (text: string) =>
  text.replace(EMAIL, "[email]").replace(URL_LIKE, "[link]").replace(PHONE, "[phone]");

describe("contact redaction", () => {
  it("replaces addresses, links and phone numbers in prose", () => {
    expect(
      redactContacts("Mail jane.doe+cv@mail.example.co.uk or call +49 30 1234 5678, see https://jane.dev"),
    ).toBe("Mail [email] or call [phone], see [link]");
    expect(redactContacts("Zoë: zoë@exämple.de")).toBe("Zoë: [email]");
  });

  it("finds an address that starts where the previous one ended", () => {
    expect(redactContacts("a@b.de1c@d.fr")).toBe("[email][email]");
  });

  it("means what the single pattern meant", () => {
    const samples = randomTexts(
      ["a", "Z", "@", ".", "de", "1", "-", "_", "%", "+", " ", "é", "𝐀", "co"],
      50_000,
      3,
    );
    expect(disagreements(samples, redactContacts, reference)).toEqual([]);
  });

  it("reads a long run of address characters once", async () => {
    const ratio = await costRatio(
      () => redactContacts(`${"a.".repeat(25_000)}@`),
      () => redactContacts("word ".repeat(10_000)),
    );
    expect(ratio).toBeLessThan(20);
  });
});
