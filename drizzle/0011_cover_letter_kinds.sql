ALTER TABLE "artifact_counters" DROP CONSTRAINT "artifact_counters_kind_valid";--> statement-breakpoint
ALTER TABLE "artifacts" DROP CONSTRAINT "artifacts_kind_valid";--> statement-breakpoint
ALTER TABLE "job_artifact_latest" DROP CONSTRAINT "job_artifact_latest_kind_valid";--> statement-breakpoint
ALTER TABLE "artifact_counters" ADD CONSTRAINT "artifact_counters_kind_valid" CHECK ("artifact_counters"."kind" IN ('pdf', 'docx', 'zip', 'json', 'html', 'markdown', 'cover_letter_pdf', 'cover_letter_docx'));--> statement-breakpoint
ALTER TABLE "artifacts" ADD CONSTRAINT "artifacts_kind_valid" CHECK ("artifacts"."kind" IN ('pdf', 'docx', 'zip', 'json', 'html', 'markdown', 'cover_letter_pdf', 'cover_letter_docx'));--> statement-breakpoint
ALTER TABLE "job_artifact_latest" ADD CONSTRAINT "job_artifact_latest_kind_valid" CHECK ("job_artifact_latest"."kind" IN ('pdf', 'docx', 'zip', 'json', 'html', 'markdown', 'cover_letter_pdf', 'cover_letter_docx'));