import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, hashOwner, taskLogFields } from "../../src/observability/logger.js";

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { lines, destination };
}

describe("logger", () => {
  it("writes JSON with correlation fields and never the CV content or the raw owner", () => {
    const { lines, destination } = capture();
    const logger = createLogger({ level: "info", base: { component: "worker" }, destination });
    const child = logger.child(
      taskLogFields({
        traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
        ownerUserId: "alice@example.com",
        id: "t1",
      }),
    );
    child.info(
      {
        sections: { basics: { name: "Alice Example" } },
        resume: { basics: { email: "alice@example.com" } },
        job: { job_description: "Senior engineer at Example" },
      },
      "task started",
    );
    const line = lines[0]!;
    expect(line).toMatchObject({
      level: "info",
      service: "resume-agent",
      component: "worker",
      trace_id: "4bf92f3577b34da6a3ce929d0e0e4736",
      owner: hashOwner("alice@example.com"),
      task_id: "t1",
      msg: "task started",
    });
    const text = JSON.stringify(line);
    expect(text).not.toContain("Alice Example");
    expect(text).not.toContain("alice@example.com");
    expect(text).not.toContain("Senior engineer");
  });

  it("hashes owners stably and distinctly", () => {
    expect(hashOwner("a")).toBe(hashOwner("a"));
    expect(hashOwner("a")).not.toBe(hashOwner("b"));
    expect(hashOwner("a")).toMatch(/^[0-9a-f]{16}$/);
  });
});
