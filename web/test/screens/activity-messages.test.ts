import { describe, expect, it } from "vitest";
import type { Activity } from "../../src/api/types.js";
import { ACTIVITY_MESSAGES, describeActivity } from "../../src/screens/activity-messages.js";

function action(act: string, status: Activity["status"], params: Record<string, unknown> = {}): Activity {
  return {
    id: "t1",
    action: act,
    status,
    message_key: `activity.${act}.${status}`,
    params,
    started_at: "2026-11-30T10:00:00.000Z",
    updated_at: "2026-11-30T10:00:05.000Z",
    details: { task_id: "t1", trace_ids: ["abc"], attempts: 1, events: 3 },
  };
}

describe("describeActivity", () => {
  it("says what an export made, in words, without ids", () => {
    expect(
      describeActivity(action("export", "completed", { formats: ["pdf", "docx"], template: "modern" })),
    ).toBe("Exported PDF and Word with the Modern template.");
    expect(describeActivity(action("export", "completed", { formats: ["pdf", "docx", "json"] }))).toBe(
      "Exported PDF, Word and JSON Resume.",
    );
    expect(describeActivity(action("export", "completed"))).toBe("An export finished.");
  });

  it("names the reason of a failure from its error code", () => {
    expect(describeActivity(action("parse", "failed", { error_code: "pdf_encrypted" }))).toBe(
      "Reading the CV failed: This PDF is password-protected. Remove the protection and upload it again.",
    );
    expect(describeActivity(action("export", "failed"))).toBe("The export failed: no reason was given.");
  });

  it("describes the person's own actions", () => {
    expect(describeActivity(action("created", "done", { format: "pdf", size_bytes: 2048 }))).toBe(
      "You uploaded the CV (PDF, 2.0 KB).",
    );
    expect(
      describeActivity(action("edited", "done", { sections: true, export_settings: false, merged: 0 })),
    ).toBe("You edited the CV.");
    expect(
      describeActivity(action("edited", "done", { sections: false, export_settings: true, merged: 0 })),
    ).toBe("You changed the export settings.");
    expect(describeActivity(action("edited", "done", { sections: true, merged: 2 }))).toBe(
      "You edited the CV; 2 changes from another tab were merged.",
    );
    expect(describeActivity(action("confirmed", "done", { acknowledged: 3 }))).toBe(
      "You confirmed the sections with 3 items still marked for a check.",
    );
    expect(describeActivity(action("photo_set", "done"))).toBe("You added a photo.");
  });

  it("falls back to a sentence for its status when the action is unknown, never a raw key", () => {
    expect(describeActivity(action("retention", "completed"))).toBe("A step finished.");
    expect(describeActivity(action("something_new", "done"))).toBe("Something changed.");
  });

  it("has a sentence for every status of every task type the server runs", () => {
    for (const type of ["parse", "export", "optimize", "translate", "cover_letter"]) {
      for (const status of ["queued", "running", "completed", "failed", "canceled"]) {
        expect(Object.hasOwn(ACTIVITY_MESSAGES, `activity.${type}.${status}`)).toBe(true);
      }
    }
  });
});
