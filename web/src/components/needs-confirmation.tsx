import { Link } from "react-router";
import type { Job } from "../api/types.js";
import { jobPath } from "../router.js";
import { format } from "./job-messages.js";
import { Notice } from "./notice.js";

/** Why a step is unavailable yet, with the way forward; null when it is available. */
export function blockedReason(job: Job): string | null {
  if (job.parse_status === "pending") return format("blocked.reading");
  if (job.parse_status === "failed") return format("blocked.failed");
  if (!job.cv_sections_confirmed) return format("blocked.unconfirmed");
  return null;
}

export function NeedsConfirmation({ job, reasonId }: { job: Job; reasonId: string }) {
  const reason = blockedReason(job);
  if (!reason) return null;
  return (
    <Notice tone="warning" title={format("blocked.title")} polite>
      <span id={reasonId}>{reason}</span>{" "}
      {job.parse_status === "parsed" ? (
        <Link to={jobPath(job.id, "review")}>{format("blocked.go_review")}</Link>
      ) : null}
    </Notice>
  );
}
