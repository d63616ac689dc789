import type { Job } from "../api/types.js";
import { format } from "./job-messages.js";

/** The one-word state of a job: reading, could not read, to confirm, confirmed. */
export function StatusBadge({ job }: { job: Pick<Job, "parse_status" | "cv_sections_confirmed"> }) {
  if (job.parse_status === "pending")
    return <span className="badge badge--info">{format("status.reading")}</span>;
  if (job.parse_status === "failed")
    return <span className="badge badge--error">{format("status.failed")}</span>;
  if (!job.cv_sections_confirmed)
    return <span className="badge badge--warning">{format("status.to_confirm")}</span>;
  return <span className="badge badge--success">{format("status.confirmed")}</span>;
}
