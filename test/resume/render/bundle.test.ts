import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { isAppError } from "../../../src/errors.js";
import { buildBundle, createBundleManifest, renderJsonResume } from "../../../src/resume/render/index.js";
import { sampleResume } from "./fixtures.js";
import { zipEntries } from "./zip-entries.js";

const manifestInput = {
  job_id: "5b4d7c9e-1111-4222-8333-944455556666",
  template: "modern" as const,
  page_size: "A4" as const,
  source_updated_at: "2026-11-25T09:00:00.123Z",
  job_description_sha256: createHash("sha256").update("Web developer").digest("hex"),
  artifact_versions: { pdf: 3, json: 2 },
  generator: { name: "resume-agent", version: "0.1.0" },
  created_at: "2026-11-25T09:30:00.000Z",
};

describe("buildBundle", () => {
  it("zips the files with a manifest of sizes, hashes, versions and provenance", async () => {
    const json = renderJsonResume(sampleResume());
    const pdf = Buffer.from("%PDF-1.7 test bytes");
    const zip = await buildBundle(
      [
        { filename: "richard-hendriks.pdf", bytes: pdf },
        { filename: "richard-hendriks.json", bytes: json },
      ],
      manifestInput,
    );
    const entries = await zipEntries(zip);
    expect([...entries.keys()]).toEqual(["richard-hendriks.pdf", "richard-hendriks.json", "manifest.json"]);
    expect(entries.get("richard-hendriks.pdf")!.equals(pdf)).toBe(true);
    const manifest = JSON.parse(entries.get("manifest.json")!.toString());
    expect(manifest).toMatchObject({
      manifest_version: 1,
      job_id: manifestInput.job_id,
      template: "modern",
      source_updated_at: manifestInput.source_updated_at,
      job_description_sha256: manifestInput.job_description_sha256,
      artifact_versions: { pdf: 3, json: 2 },
      generator: { name: "resume-agent", version: "0.1.0" },
    });
    expect(manifest.files).toEqual([
      {
        filename: "richard-hendriks.pdf",
        size: pdf.length,
        sha256: createHash("sha256").update(pdf).digest("hex"),
      },
      {
        filename: "richard-hendriks.json",
        size: json.length,
        sha256: createHash("sha256").update(json).digest("hex"),
      },
    ]);
    // Identical input, identical archive.
    const again = await buildBundle(
      [
        { filename: "richard-hendriks.pdf", bytes: pdf },
        { filename: "richard-hendriks.json", bytes: json },
      ],
      manifestInput,
    );
    expect(again.equals(zip)).toBe(true);
  });

  it("rejects unsafe or duplicate names and an invalid manifest", async () => {
    const file = { filename: "a.pdf", bytes: Buffer.from("x") };
    for (const bad of ["../evil.pdf", "dir/a.pdf", "manifest.json", ".hidden"]) {
      const error = await buildBundle([{ ...file, filename: bad }], manifestInput).catch((e: unknown) => e);
      expect(isAppError(error, "validation_failed"), bad).toBe(true);
    }
    expect(() => createBundleManifest([file, file], manifestInput)).toThrow(/duplicate/);
    expect(() =>
      createBundleManifest([file], { ...manifestInput, job_description_sha256: "not-a-hash" }),
    ).toThrow(/Invalid bundle manifest/);
  });
});

describe("renderJsonResume", () => {
  it("exports valid JSON Resume with positions flattened and custom sections kept", () => {
    const json = JSON.parse(renderJsonResume(sampleResume()).toString("utf8"));
    expect(json.basics.name).toBe("Richard Hendriks");
    expect(json.work[0]).toMatchObject({
      name: "Pied Piper",
      position: "CEO/President",
      startDate: "2013-12",
    });
    expect(json.meta).toBeUndefined();
  });
});
