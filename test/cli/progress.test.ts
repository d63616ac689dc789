import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createProgress } from "../../src/cli/progress.js";

/** A writable that records output and claims to be (or not be) a terminal. */
function stream(isTTY: boolean) {
  let text = "";
  const s = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  }) as unknown as NodeJS.WriteStream;
  Object.assign(s, {
    isTTY,
    columns: 100,
    cursorTo: () => true,
    clearLine: () => true,
    moveCursor: () => true,
  });
  return { s, text: () => text };
}

describe("progress", () => {
  it("prints numbered stage lines when the output is not a terminal", () => {
    const out = stream(false);
    const progress = createProgress({ stream: out.s, total: 3 });
    progress.step("reading cv.pdf");
    progress.step("parsing");
    progress.step("rendering pdf");
    progress.done("wrote 1 file(s)");
    expect(out.text()).toBe("[1/3] reading cv.pdf\n[2/3] parsing\n[3/3] rendering pdf\nwrote 1 file(s)\n");
  });

  it("draws a bar with the current stage on a terminal", () => {
    const out = stream(true);
    const progress = createProgress({ stream: out.s, total: 2 });
    progress.step("parsing");
    progress.step("rendering pdf");
    progress.done("wrote 1 file(s)");
    const text = out.text();
    expect(text).toContain("█");
    expect(text).toContain("rendering pdf");
    expect(text).toContain("2/2 done");
    expect(text).toMatch(/wrote 1 file\(s\)\n$/);
    expect(text).not.toContain("[1/2]");
  });

  it("uses plain lines on a terminal when asked to", () => {
    const out = stream(true);
    createProgress({ stream: out.s, total: 1, plain: true }).step("parsing");
    expect(out.text()).toBe("[1/1] parsing\n");
  });
});
