import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { resumeSchema } from "../../../src/resume/model.js";
import { applyProposals, optimizeResume, type Proposal } from "../../../src/resume/optimize/index.js";
import { sampleResume } from "../render/fixtures.js";

const JOB_JSON = readFileSync(new URL("../render/golden/sample.job.json", import.meta.url), "utf8");

function resumeWith(highlights: string[], current = false) {
  return resumeSchema.parse({
    basics: { name: "Sam Lee", email: "sam@example.org" },
    work: [
      {
        name: "Acme Corp",
        positions: [
          {
            title: "Engineer",
            dates: current
              ? { text: "2021 – Present", start: "2021", current: true }
              : { text: "2019 – 2021", start: "2019", end: "2021" },
            highlights,
          },
        ],
      },
    ],
    skills: [
      { name: "Backend", keywords: ["Ruby", "PostgreSQL", "TypeScript"] },
      { name: "Frontend", keywords: ["CSS", "React"] },
    ],
  });
}

const byPath = (proposals: Proposal[], path: string) =>
  proposals.filter((p) => p.path === path && p.applicable);

describe("built-in optimizer", () => {
  it("rewrites weak openings, tense, filler and bullet markers into one proposal per field", async () => {
    const resume = resumeWith([
      "• responsible for managing the billing platform for 12 teams.",
      "Responsible for the on-call rotation of 4 services.",
      "Worked on the search relevance project in 2020.",
      "Develops internal tooling in order to cut build times by 30%.",
      "Successfully utilized caching to serve 2x traffic.",
    ]);
    const { proposals } = await optimizeResume(resume, { engine: "builtin" });
    const proposed = (i: number) =>
      byPath(proposals, `work.0.positions.0.highlights.${i}`).map((p) => p.proposed);
    expect(proposed(0)).toEqual(["Managed the billing platform for 12 teams."]);
    expect(proposed(1)).toEqual(["Owned the on-call rotation of 4 services."]);
    expect(proposed(2)).toEqual(["Contributed to the search relevance project in 2020."]);
    expect(proposed(3)).toEqual(["Developed internal tooling to cut build times by 30%."]);
    expect(proposed(4)).toEqual(["Used caching to serve 2x traffic."]);
    const first = byPath(proposals, "work.0.positions.0.highlights.0")[0]!;
    expect(first.category).toBe("wording");
    expect(first.reason).toMatch(/action verb/);
  });

  it("keeps present tense in a current role and leaves noun-like openings alone", async () => {
    const resume = resumeWith(
      ["Manage a team of 6 engineers.", "Design system work across 3 products."],
      true,
    );
    const { proposals } = await optimizeResume(resume, { engine: "builtin" });
    expect(byPath(proposals, "work.0.positions.0.highlights.0")).toEqual([]);
    const past = resumeWith(["Design system work across 3 products.", "Manages a team of 6 engineers."]);
    const result = await optimizeResume(past, { engine: "builtin" });
    expect(byPath(result.proposals, "work.0.positions.0.highlights.0")).toEqual([]);
    expect(byPath(result.proposals, "work.0.positions.0.highlights.1")[0]?.proposed).toBe(
      "Managed a team of 6 engineers.",
    );
  });

  it("aligns final punctuation with the majority and proposes removing duplicates", async () => {
    const resume = resumeWith([
      "Cut p99 latency by 40% with a new cache",
      "Shipped 3 releases a week",
      "Cut p99 latency by 40% with a new cache layer",
      "Ran 2 hiring loops.",
    ]);
    const { proposals } = await optimizeResume(resume, { engine: "builtin" });
    const duplicate = byPath(proposals, "work.0.positions.0.highlights.2")[0]!;
    expect(duplicate).toMatchObject({ proposed: "", category: "length" });
    expect(byPath(proposals, "work.0.positions.0.highlights.3")[0]).toMatchObject({
      proposed: "Ran 2 hiring loops",
      category: "consistency",
    });
  });

  it("hints at missing metrics without inventing any", async () => {
    const resume = resumeWith(["Improved the deployment pipeline."]);
    const { proposals } = await optimizeResume(resume, { engine: "builtin" });
    const hint = proposals.find((p) => p.category === "quantification")!;
    expect(hint).toMatchObject({ applicable: false, proposed: "Improved the deployment pipeline." });
    expect(hint.reason).toMatch(/number/);
  });

  it("extracts job keywords from a JSON Resume job, scores coverage and reorders skills by relevance", async () => {
    const result = await optimizeResume(sampleResume(), { engine: "builtin", jobDescription: JOB_JSON });
    expect(result.keywords.slice(0, 8)).toEqual([
      "HTML",
      "CSS",
      "JavaScript",
      "React",
      "Node.js",
      "SQL",
      "NoSQL",
      "MongoDB",
    ]);
    expect(result.keywords).not.toContain("Microsoft"); // the employer is not a skill
    expect(result.keyword_coverage!.matched).toEqual(
      expect.arrayContaining(["HTML", "CSS", "JavaScript", "SQL"]),
    );
    expect(result.keyword_coverage!.missing).toEqual(expect.arrayContaining(["React", "Node.js", "MongoDB"]));
    expect(result.keyword_coverage!.score).toBeCloseTo(
      result.keyword_coverage!.matched.length / result.keywords.length,
      2,
    );
    // SQL appears in the resume (a course) but not in its skills: proposed for the best-matching group.
    const skills = result.proposals.find((p) => p.path === "skills.0.keywords")!;
    expect(skills.proposed).toEqual(["HTML", "CSS", "Javascript", "SQL"]);
    expect(result.rejected).toEqual([]);
  });

  it("orders skill groups and keywords by a plain-text job description", async () => {
    const resume = resumeWith(["Built React dashboards used by 300 people."]);
    const job = "We build our product with React and CSS. Experience with TypeScript is a plus.";
    const { proposals, keyword_coverage } = await optimizeResume(resume, {
      engine: "builtin",
      jobDescription: job,
    });
    expect(keyword_coverage?.missing).toEqual([]);
    expect(proposals.find((p) => p.path === "skills.0.keywords")?.proposed).toEqual([
      "TypeScript",
      "Ruby",
      "PostgreSQL",
    ]);
    expect(proposals.find((p) => p.path === "skills")?.proposed).toEqual(["Frontend", "Backend"]);
  });

  it("is deterministic: same input, same proposals and ids", async () => {
    const a = await optimizeResume(sampleResume(), { engine: "builtin", jobDescription: JOB_JSON });
    const b = await optimizeResume(sampleResume(), { engine: "builtin", jobDescription: JOB_JSON });
    expect(b).toEqual(a);
  });
});

describe("applyProposals", () => {
  it("applies accepted proposals by path, reports stale ones and removes duplicates last", async () => {
    const resume = resumeWith([
      "responsible for managing the billing platform for 12 teams.",
      "Cut p99 latency by 40% with a new cache.",
      "Cut p99 latency by 40% with a new cache layer.",
      "Worked on the search relevance project in 2020.",
    ]);
    const { proposals } = await optimizeResume(resume, { engine: "builtin" });
    const at = (i: number) => byPath(proposals, `work.0.positions.0.highlights.${i}`)[0]!;
    // The user edits bullet 3 after the proposals were made: that proposal is now stale.
    const edited = structuredClone(resume);
    edited.work[0]!.positions[0]!.highlights[3] = "Led the search relevance project in 2020.";
    const hint = proposals.find((p) => !p.applicable);
    const result = applyProposals(edited, proposals, [
      at(2).id,
      at(0).id,
      at(3).id,
      ...(hint ? [hint.id] : []),
    ]);
    expect(result.applied).toEqual([at(0).id, at(2).id]);
    expect(result.stale).toEqual([at(3).id]);
    if (hint) expect(result.skipped).toEqual([hint.id]);
    expect(result.resume.work[0]!.positions[0]!.highlights).toEqual([
      "Managed the billing platform for 12 teams.",
      "Cut p99 latency by 40% with a new cache.",
      "Led the search relevance project in 2020.",
    ]);
    // Nothing else moved.
    expect(result.resume.basics).toEqual(resume.basics);
    expect(result.resume.work[0]!.name).toBe("Acme Corp");
  });

  it("reorders skill groups by name and refuses an order that no longer matches", async () => {
    const resume = resumeWith(["Built React dashboards used by 300 people."]);
    const { proposals } = await optimizeResume(resume, {
      engine: "builtin",
      jobDescription: "React and CSS.",
    });
    const order = proposals.find((p) => p.path === "skills")!;
    const applied = applyProposals(resume, proposals, [order.id]);
    expect(applied.resume.skills.map((s) => s.name)).toEqual(["Frontend", "Backend"]);
    expect(applied.resume.skills[0]!.keywords).toEqual(["CSS", "React"]);
    const changed = structuredClone(resume);
    changed.skills.push({ id: "extra", name: "Tools", level: "", keywords: [] });
    expect(applyProposals(changed, proposals, [order.id]).stale).toEqual([order.id]);
  });
});
