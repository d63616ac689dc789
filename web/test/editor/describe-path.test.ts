import { describe, expect, it } from "vitest";
import { resumeSchema } from "../../../src/resume/model.js";
import type { Resume } from "../../src/api/types.js";
import { describeFieldKey } from "../../src/editor/describe-path.js";

const parse = (value: unknown) => resumeSchema.parse(value) as unknown as Resume;

describe("describeFieldKey", () => {
  const before = parse({
    work: [
      { id: "w1", name: "Acme", positions: [{ id: "p1", title: "Engineer" }] },
      { id: "w2", name: "Globex", positions: [{ id: "p2", title: "Intern" }] },
    ],
  });
  const after = parse({ work: [{ id: "w2", name: "Globex", positions: [{ id: "p2", title: "Lead" }] }] });

  it("names entries by what they hold, looked up by their id", () => {
    expect(describeFieldKey([before], "work/@w2/positions/@p2/title")).toBe(
      "Experience › Globex › Intern › Title",
    );
    expect(describeFieldKey([after], "work/@w2/positions/@p2/title")).toBe(
      "Experience › Globex › Lead › Title",
    );
    expect(describeFieldKey([before], "basics/label")).toBe("Profile › Headline");
  });

  it("looks in the next version when the first no longer holds the entry, and leaves out one none holds", () => {
    expect(describeFieldKey([after, before], "work/@w1/positions/@p1/title")).toBe(
      "Experience › Acme › Engineer › Title",
    );
    expect(describeFieldKey([after, null], "work/@gone/name")).toBe("Experience › Name");
  });
});
