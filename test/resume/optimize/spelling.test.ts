import { describe, expect, it } from "vitest";
import { skillLexicon } from "../../../src/resume/job/lexicon.js";
import { type ResumeInput, resumeSchema } from "../../../src/resume/model.js";
import { optimizeResume } from "../../../src/resume/optimize/index.js";
import { allResumeText } from "../../../src/resume/optimize/resume-text.js";
import {
  builtFromKnownParts,
  differsByDoubling,
  editDistance,
  spellingProposals,
  unknownShare,
} from "../../../src/resume/optimize/spelling.js";
import { Spellers } from "../../../src/resume/spelling/speller.js";

const resume = (input: ResumeInput) => resumeSchema.parse(input);
const spellers = new Spellers();

describe("spelling pass", () => {
  it("corrects French in a French CV through the proposal flow, leaving names and skills alone", async () => {
    const cv = resume({
      basics: { summary: "Ingénieure passionnée par la qualité logicielle et les produits utiles." },
      work: [
        {
          name: "Doctolib",
          positions: [
            {
              title: "Développeuse",
              dates: { text: "2020 – 2023", start: "2020", end: "2023" },
              highlights: [
                "Conception d'une architecture fonctionelle pour les rendez-vous avec Kubernetes et Kafka",
                "Migration des services de la plateforme vers Doctolib Cloud avec une équipe de cinq personnes",
              ],
            },
          ],
        },
      ],
    });
    const result = await optimizeResume(cv, { engine: "builtin", spellers });
    expect(result.language).toBe("fr");
    const spelling = result.proposals.find(
      (p) => p.path === "work.0.positions.0.highlights.0" && p.applicable,
    )!;
    expect(spelling.proposed).toBe(
      "Conception d'une architecture fonctionnelle pour les rendez-vous avec Kubernetes et Kafka",
    );
    expect(spelling.reason).toContain('"fonctionelle" → "fonctionnelle"');
    // Names (Doctolib) and skills (Kubernetes, Kafka) are never "corrected".
    const second = result.proposals.find((p) => p.path === "work.0.positions.0.highlights.1" && p.applicable);
    expect(second?.reason ?? "").not.toContain("Spelling");
  }, 60_000);

  it("merges a correction into the proposal that already rewrites the field", async () => {
    const cv = resume({
      work: [
        {
          name: "Acme",
          positions: [{ title: "Dev", highlights: ["Responsible for managing the recieving team"] }],
        },
      ],
    });
    const en = await spellers.get("en");
    const base = (await optimizeResume(cv, { engine: "builtin" })).proposals;
    const merged = spellingProposals(cv, base, en, { lexicon: skillLexicon(), capitalisedNouns: false });
    const field = merged.filter((p) => p.path === "work.0.positions.0.highlights.0" && p.applicable);
    expect(field).toHaveLength(1);
    expect(field[0]!.proposed).toBe("Managed the receiving team");
  }, 30_000);

  it("leaves working vocabulary and words built from known parts alone, and still corrects typos", async () => {
    const cv = resume({
      basics: {
        summary:
          "Backend engineer who builds scalable services with high uptime and a clean codebase. Comfortable with upselling, onboarding and tokenization.",
      },
      work: [
        {
          name: "Acme",
          positions: [
            {
              title: "Engineer",
              highlights: [
                "Owned failover and serverless deployments on the roadmap",
                "Wrote the begining of the recieving service untill launch",
              ],
            },
          ],
        },
      ],
    });
    const result = await optimizeResume(cv, { engine: "builtin", spellers });
    const summary = result.proposals.find((p) => p.path === "basics.summary");
    expect(summary?.reason ?? "").not.toContain("Spelling");
    const clean = result.proposals.find((p) => p.path === "work.0.positions.0.highlights.0");
    expect(clean?.reason ?? "").not.toContain("Spelling");
    const typos = result.proposals.find(
      (p) => p.path === "work.0.positions.0.highlights.1" && p.category === "spelling",
    )!;
    expect(typos.proposed).toBe("Wrote the beginning of the receiving service until launch");
  }, 30_000);

  it("knows words built from parts, and doubled letters", async () => {
    const en = await spellers.get("en");
    for (const word of ["backend", "uptime", "codebase", "microservices", "deployable", "inferencing"])
      expect(builtFromKnownParts(word, en), word).toBe(true);
    for (const word of ["responsability", "managment", "begining", "recieving"])
      expect(builtFromKnownParts(word, en), word).toBe(false);
    expect(differsByDoubling("untill", "until")).toBe(true);
    expect(differsByDoubling("recieving", "receiving")).toBe(false);
  }, 30_000);

  it("proposes nothing for a CV in another language than the dictionary's, or for line-break hyphens", async () => {
    // Italian, which the detector reads as Spanish: the Spanish dictionary would "correct" half of it.
    const italian = resume({
      basics: {
        summary:
          "Ingegnere con esperienza nella progettazione di sistemi distribuiti e nella gestione di progetti complessi. Capacità di guidare squadre tecniche, migliorare la latenza delle richieste e ottimizzare i processi aziendali per clienti nazionali e internazionali.",
      },
      work: [
        {
          name: "Acme",
          positions: [
            {
              title: "Ingegnere",
              highlights: [
                "Supervisione della migrazione dei servizi principali verso nuove piattaforme con risposta immediata",
                "Gestione delle richieste dei clienti e miglioramento della qualità dei pagamenti mensili",
              ],
            },
          ],
        },
      ],
    });
    const es = await spellers.get("es");
    const en = await spellers.get("en");
    expect(unknownShare(allResumeText(italian), es, en)).toBeGreaterThan(0.4);
    expect(
      spellingProposals(italian, [], es, { lexicon: skillLexicon(), capitalisedNouns: false, english: en }),
    ).toEqual([]);

    const hyphenated = resume({
      work: [
        {
          name: "Acme",
          positions: [
            { title: "Researcher", highlights: ["Language mod-eling that cut data require-ments"] },
          ],
        },
      ],
    });
    expect(
      spellingProposals(hyphenated, [], en, {
        lexicon: skillLexicon(),
        capitalisedNouns: false,
        english: en,
      }),
    ).toEqual([]);
  }, 60_000);

  it("measures edits", () => {
    expect(editDistance("fonctionelle", "fonctionnelle")).toBe(1);
    expect(editDistance("abc", "xyz123", 2)).toBe(3);
  });
});
