import { Link } from "react-router";
import type { Job } from "../api/types.js";
import { jobPath } from "../router.js";
import { Notice } from "./notice.js";

/** Why a step is unavailable yet, with the way forward; null when it is available. */
export function blockedReason(job: Job): string | null {
  if (job.parse_status === "pending") return "This CV is still being read.";
  if (job.parse_status === "failed") return "This CV could not be read, so there is nothing to work with.";
  if (!job.cv_sections_confirmed) return "Confirm your sections on the Review tab first.";
  return null;
}

export function NeedsConfirmation({ job, reasonId }: { job: Job; reasonId: string }) {
  const reason = blockedReason(job);
  if (!reason) return null;
  return (
    <Notice tone="warning" title="Not available yet" polite>
      <span id={reasonId}>{reason}</span>{" "}
      {job.parse_status === "parsed" ? <Link to={jobPath(job.id, "review")}>Go to Review</Link> : null}
    </Notice>
  );
}
