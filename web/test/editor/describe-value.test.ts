import { describe, expect, it } from "vitest";
import { describeValue } from "../../src/editor/describe-value.js";

describe("describeValue", () => {
  it("shows text as it is and a blank or missing value as the placeholder", () => {
    expect(describeValue("Staff engineer", "(empty)")).toBe("Staff engineer");
    expect(describeValue("  ", "(empty)")).toBe("(empty)");
    expect(describeValue(undefined, "(empty)")).toBe("(empty)");
    expect(describeValue(null, "(empty)")).toBe("(empty)");
  });

  it("joins lists and names entries instead of printing JSON", () => {
    expect(describeValue(["TypeScript", "React"], "-")).toBe("TypeScript; React");
    expect(
      describeValue(
        [
          { id: "w1", name: "Acme" },
          { id: "w2", name: "Globex" },
        ],
        "-",
      ),
    ).toBe("Acme; Globex");
    expect(describeValue({ id: "x", network: "GitHub", username: "ada" }, "-")).toBe("GitHub, ada");
    expect(describeValue([], "-")).toBe("-");
  });
});
