/**
 * The export screen's live preview: the job's PDF with export settings the
 * user is still choosing, rendered on request and never stored. The same
 * renderer as the export, without the round-trip check (nothing is kept, and
 * the export runs it), so a change of colour or font shows in a few
 * milliseconds of render time.
 */
import { withOwner } from "../db/owner-scope.js";
import { JobRepository } from "../db/repositories/job-repository.js";
import { AppError, notFound } from "../errors.js";
import { resumeSchema } from "../resume/model.js";
import type { ExportSettings } from "../resume/settings.js";
import { readStream } from "../storage/read-stream.js";
import type { ServiceDeps } from "./deps.js";

export class PreviewService {
  constructor(private readonly deps: Pick<ServiceDeps, "database" | "blobStore" | "fonts">) {}

  /** The job as a PDF with `settings`. Throws `not_found`, `job_not_parsed` or a render error. */
  async pdf(owner: string, jobId: string, settings: ExportSettings): Promise<Buffer> {
    const job = await withOwner(this.deps.database, owner, (tx) =>
      new JobRepository(tx).findById(jobId, owner),
    );
    if (!job) throw notFound("job");
    if (!job.sections) throw new AppError("job_not_parsed", "This CV has not been read yet.");
    const photo = job.photoBlobPath
      ? await readStream(await this.deps.blobStore.get(job.photoBlobPath))
      : undefined;
    // Loaded on the first preview: an API process that never previews never loads the renderer.
    const [{ renderPdf }, fonts] = await Promise.all([
      import("../resume/render/render-pdf.js"),
      this.deps.fonts(),
    ]);
    return renderPdf(resumeSchema.parse(job.sections), settings, {
      fonts,
      photo,
      verify: false,
    });
  }
}
