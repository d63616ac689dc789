// @vitest-environment jsdom
import { describe, expect, it } from "vitest";
import { href, navigate, parseRoute, setNavigationGuard } from "../src/router.js";

describe("routes", () => {
  it("reads and writes job routes", () => {
    const id = "0b7c6f1e-8a7b-4c2d-9e1f-2a3b4c5d6e7f";
    expect(parseRoute("")).toEqual({ name: "home" });
    expect(parseRoute("#/")).toEqual({ name: "home" });
    expect(parseRoute(`#/jobs/${id}`)).toEqual({ name: "job", jobId: id, tab: "review" });
    expect(parseRoute(`#/jobs/${id}/export`)).toEqual({ name: "job", jobId: id, tab: "export" });
    expect(parseRoute(`#/jobs/${id}/nope`)).toEqual({ name: "not-found" });
    expect(parseRoute("#/jobs/<script>/review")).toEqual({ name: "not-found" });
    expect(href({ name: "job", jobId: id, tab: "history" })).toBe(`#/jobs/${id}/history`);
  });

  it("asks the guard before navigating and stays when it says no", async () => {
    window.location.hash = "#/";
    let answer = false;
    let asked = 0;
    const remove = setNavigationGuard(async () => {
      asked++;
      return answer;
    });
    await navigate("#/jobs/abc/review");
    expect(window.location.hash).toBe("#/");
    answer = true;
    await navigate("#/jobs/abc/review");
    expect(window.location.hash).toBe("#/jobs/abc/review");
    expect(asked).toBe(2);
    remove();
    await navigate("#/");
    expect(asked).toBe(2);
  });
});
