import { describe, expect, it } from "vitest";
import { type Resume, resumeSchema } from "../../../src/resume/model.js";
import { guardProposals } from "../../../src/resume/optimize/guards.js";
import { applyProposals, optimizeResume } from "../../../src/resume/optimize/index.js";
import { mentions } from "../../../src/resume/optimize/keywords.js";
import { makeProposal, type ProposalDraft } from "../../../src/resume/optimize/proposal.js";
import { allResumeText } from "../../../src/resume/optimize/resume-text.js";
import { longResume, sampleResume } from "../render/fixtures.js";

const JOB = "We need a TypeScript engineer who knows Kubernetes and can cut costs by 20%.";

function guard(resume: Resume, drafts: ProposalDraft[], jobText = JOB) {
  return guardProposals(drafts.map(makeProposal), { resume, resumeText: allResumeText(resume), jobText });
}

/** Locked facts of a resume: what no optimizer may change. */
function lockedFacts(resume: Resume) {
  return {
    basics: { ...resume.basics, summary: undefined },
    employers: resume.work.map((w) => w.name),
    titles: resume.work.flatMap((w) => w.positions.map((p) => [p.title, p.dates])),
    education: resume.education.map((e) => [e.institution, e.studyType, e.area, e.dates]),
    projects: resume.projects.map((p) => [p.name, p.dates]),
  };
}

/** Capitalised names and numbers of a text, as a fabrication scorer sees them. */
function factsOf(text: string): Set<string> {
  return new Set(text.match(/\b(?:\p{Lu}[\p{L}\d.+#-]*|\d+(?:[.,]\d+)*)\b/gu) ?? []);
}

describe("guards", () => {
  const resume = sampleResume();
  const bullet = "work.0.positions.0.highlights.1";
  const original = "Successfully won Techcrunch Disrupt";

  it("rejects any proposal on a locked field: names, contact, employers, titles, dates, degrees, institutions", () => {
    const locked: ProposalDraft[] = [
      {
        path: "basics.name",
        original: "Richard Hendriks",
        proposed: "Rick Hendriks",
        reason: "r",
        category: "wording",
      },
      {
        path: "basics.email",
        original: "richard.hendriks@mail.com",
        proposed: "r@x.io",
        reason: "r",
        category: "wording",
      },
      {
        path: "work.0.name",
        original: "Pied Piper",
        proposed: "Pied Piper Inc.",
        reason: "r",
        category: "consistency",
      },
      {
        path: "work.0.positions.0.title",
        original: "CEO/President",
        proposed: "CEO",
        reason: "r",
        category: "wording",
      },
      {
        path: "work.0.positions.0.dates.text",
        original: "Dec 2013 – Dec 2014",
        proposed: "2013 – 2015",
        reason: "r",
        category: "consistency",
      },
      {
        path: "education.0.studyType",
        original: "Bachelor",
        proposed: "Master",
        reason: "r",
        category: "wording",
      },
      {
        path: "education.0.institution",
        original: "University of Oklahoma",
        proposed: "OU",
        reason: "r",
        category: "length",
      },
      { path: "meta.confidence", original: "", proposed: "", reason: "r", category: "length" },
      { path: "__proto__.polluted", original: "", proposed: "x", reason: "r", category: "length" },
    ];
    const { accepted, rejected } = guard(resume, locked);
    expect(accepted).toEqual([]);
    expect(rejected).toHaveLength(locked.length);
    for (const r of rejected) expect(r.reason).toMatch(/^locked field/);
  });

  it("rejects numbers, organisations and technologies found in neither the resume nor the user's answers", () => {
    const { accepted, rejected } = guard(resume, [
      {
        path: bullet,
        original,
        proposed: "Won Techcrunch Disrupt against 450 teams",
        reason: "r",
        category: "quantification",
      },
      {
        path: bullet,
        original,
        proposed: "Won Techcrunch Disrupt, backed by Google",
        reason: "r",
        category: "wording",
      },
      {
        path: bullet,
        original,
        proposed: "Won Techcrunch Disrupt with a Rust prototype",
        reason: "r",
        category: "wording",
      },
      {
        path: bullet,
        original,
        proposed: "Won Techcrunch Disrupt with a kubernetes.io demo",
        reason: "r",
        category: "wording",
      },
      // Rejected although the job description has both: the posting is not a source of facts about the author.
      {
        path: bullet,
        original,
        proposed: "Won Techcrunch Disrupt on Kubernetes, cutting costs by 20%",
        reason: "r",
        category: "keyword_alignment",
      },
      { path: bullet, original, proposed: "Won Techcrunch Disrupt", reason: "r", category: "wording" },
    ]);
    expect(rejected.map((r) => r.reason)).toEqual([
      expect.stringContaining('"450"'),
      expect.stringContaining('"Google"'),
      expect.stringContaining('"Rust"'),
      expect.stringContaining('"kubernetes.io"'),
      expect.stringMatching(/(?=.*"20%")(?=.*"Kubernetes")/),
    ]);
    expect(accepted.map((p) => p.proposed)).toEqual(["Won Techcrunch Disrupt"]);
    // What the user vouches for in an answer is theirs to claim.
    const withAnswer = guardProposals(
      [
        makeProposal({
          path: bullet,
          original,
          proposed: "Won Techcrunch Disrupt on Kubernetes",
          reason: "r",
          category: "keyword_alignment",
        }),
      ],
      { resume, resumeText: allResumeText(resume), answers: ["Yes, the demo ran on Kubernetes (k8s)."] },
    );
    expect(withAnswer.accepted).toHaveLength(1);
  });

  it("rejects misquoted originals, type changes and skills the resume never mentions", () => {
    const { rejected } = guard(resume, [
      {
        path: bullet,
        original: "Won a hackathon",
        proposed: "Won Techcrunch Disrupt",
        reason: "r",
        category: "wording",
      },
      { path: bullet, original, proposed: ["Won"], reason: "r", category: "wording" },
      {
        path: "skills.0.keywords",
        original: ["HTML", "CSS", "Javascript"],
        proposed: ["HTML", "CSS", "Javascript", "TypeScript"],
        reason: "r",
        category: "keyword_alignment",
      },
      {
        path: "skills",
        original: ["Web Development", "Compression"],
        proposed: ["Compression", "Cooking"],
        reason: "r",
        category: "keyword_alignment",
      },
    ]);
    expect(rejected.map((r) => r.reason)).toEqual([
      "original text does not match the resume",
      "proposal changes the kind of value",
      expect.stringContaining("fabrication: skill not in the resume (TypeScript)"),
      "skill groups can only be reordered",
    ]);
  });
});

describe("fabrication scorer over the corpus", () => {
  const weak = resumeSchema.parse({
    basics: {
      name: "Jo Park",
      email: "jo@example.org",
      phone: "+1 555 0100",
      summary: "Very experienced developer.",
    },
    work: [
      {
        name: "Globex",
        positions: [
          {
            title: "Developer",
            dates: { text: "2018 – 2020", start: "2018", end: "2020" },
            highlights: [
              "- responsible for managing releases for Initech and Umbrella",
              "Worked on the Postgres migration",
              "Successfully utilized Redis in order to cache 3 APIs",
              "Worked on the Postgres migration.",
            ],
          },
        ],
      },
    ],
    skills: [{ name: "Data", keywords: ["Redis"] }],
  });
  const corpus: Resume[] = [sampleResume(), longResume(3), weak];

  it.each(corpus.map((r, i) => [i, r] as const))(
    "resume %i: applying every built-in proposal keeps personal info and employers and adds no new names or numbers",
    async (_i, resume) => {
      const result = await optimizeResume(resume, {
        engine: "builtin",
        jobDescription: "Senior engineer: TypeScript, React, PostgreSQL, Kubernetes, mentoring.",
      });
      const applied = applyProposals(
        resume,
        result.proposals,
        result.proposals.map((p) => p.id),
      );
      expect(applied.stale).toEqual([]);
      expect(lockedFacts(applied.resume)).toEqual(lockedFacts(resume));
      const before = factsOf(allResumeText(resume));
      const beforeText = allResumeText(resume);
      // A known alias of something the resume names ("Postgres" → "PostgreSQL") is not new.
      const invented = [...factsOf(allResumeText(applied.resume))].filter(
        (f) => !before.has(f) && !mentions(beforeText, f),
      );
      // Capitalised verbs at the start of rewritten bullets are the only new capitalised words.
      expect(
        invented.filter(
          (f) => !/^(Managed|Owned|Led|Contributed|Supported|Used|[A-Z][a-z]+ed|Built|Won|Ran)$/.test(f),
        ),
      ).toEqual([]);
    },
  );
});
