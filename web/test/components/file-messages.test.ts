import { describe, expect, it } from "vitest";
import type { Artifact } from "../../src/api/types.js";
import { fileLabel, fileLabelParts } from "../../src/components/file-messages.js";

function artifact(over: Partial<Artifact>): Artifact {
  return {
    id: "a1",
    job_id: "j1",
    task_id: null,
    kind: "pdf",
    version: 1,
    is_zip: false,
    is_latest: true,
    out_of_date: false,
    template: null,
    page_size: null,
    language: "en",
    filename: "cv.pdf",
    content_type: "application/pdf",
    size_bytes: 1000,
    sha256: "0",
    expires_at: "2026-12-30T00:00:00.000Z",
    created_at: "2026-11-30T00:00:00.000Z",
    download_url: "/x",
    download_url_expires_at: "2026-11-30T01:00:00.000Z",
    languages: [],
    ...over,
  };
}

describe("fileLabel", () => {
  it("names the template by its display name, the page size and the language", () => {
    expect(fileLabel(artifact({ template: "modern", page_size: "A4", language: "fr" }), "en")).toBe(
      "Modern template · A4 · in French",
    );
  });

  it("lists every language of a bundle", () => {
    expect(
      fileLabelParts(artifact({ template: "classic", page_size: "Letter", languages: ["en", "de"] }), "en"),
    ).toEqual(["Classic template", "Letter", "in English, German"]);
  });

  it("keeps an unknown template id and language tag as they are; a file with no design names only its language", () => {
    expect(fileLabel(artifact({ template: "retired", language: "zz-invalid-tag-!" }), "en")).toBe(
      "retired template · in zz-invalid-tag-!",
    );
    expect(fileLabel(artifact({}), "en")).toBe("in English");
  });
});
