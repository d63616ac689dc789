import { describe, expect, it } from "vitest";
import { ApiError } from "../../src/api/problem.js";
import { refuseBeforeUpload, uploadRefusal } from "../../src/components/upload-messages.js";

const limits = { upload_max_bytes: 10 * 1024 * 1024, accepted_extensions: [".pdf", ".docx"] };

describe("refuseBeforeUpload", () => {
  it("refuses a file over the limit and states the limit and the file's size", () => {
    expect(refuseBeforeUpload({ name: "cv.pdf", size: 30 * 1024 * 1024 }, limits)).toBe(
      "cv.pdf is 30.0 MB; the largest file accepted is 10.0 MB. Save a smaller version (for example a PDF without images) and upload that.",
    );
  });

  it("lets a file at the limit through, and anything when the limits are unknown", () => {
    expect(refuseBeforeUpload({ name: "cv.pdf", size: limits.upload_max_bytes }, limits)).toBeNull();
    expect(refuseBeforeUpload({ name: "cv.pdf", size: 1e9 }, null)).toBeNull();
  });

  it("gives specific advice for word processor formats, whatever the case of the ending", () => {
    expect(refuseBeforeUpload({ name: "old.DOC", size: 1000 }, limits)).toMatch(
      /legacy Word \(\.doc\).*save it as \.docx or PDF/,
    );
    expect(refuseBeforeUpload({ name: "cv.odt", size: 1000 }, limits)).toMatch(/OpenDocument/);
    expect(refuseBeforeUpload({ name: "cv.pages", size: 1000 }, limits)).toMatch(/Apple Pages/);
    expect(refuseBeforeUpload({ name: "cv.rtf", size: 1000 }, limits)).toMatch(/RTF/);
    expect(refuseBeforeUpload({ name: "cv.docx", size: 1000 }, limits)).toBeNull();
  });
});

describe("uploadRefusal", () => {
  it("uses the format the server recognised by the bytes", () => {
    const error = new ApiError("x", "format_needs_conversion", 415, {
      code: "format_needs_conversion",
      format: "rtf",
    });
    expect(uploadRefusal(error, limits)).toMatch(/^This is an RTF file/);
  });

  it("states the limit the server names, else the one it published", () => {
    const named = new ApiError("x", "payload_too_large", 413, { limit: { max_bytes: 2048 } });
    expect(uploadRefusal(named, limits)).toMatch(/limit of 2\.0 KB/);
    const bare = new ApiError("x", "payload_too_large", 413, null);
    expect(uploadRefusal(bare, limits)).toMatch(/limit of 10\.0 MB/);
    expect(uploadRefusal(new ApiError("x", "pdf_corrupt", 422), limits)).toBeNull();
  });
});
