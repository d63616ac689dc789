DROP INDEX "artifacts_expires_idx";--> statement-breakpoint
DROP INDEX "job_events_created_idx";--> statement-breakpoint
DROP INDEX "tasks_finished_idx";--> statement-breakpoint
CREATE INDEX "artifacts_expires_idx" ON "artifacts" USING btree ("expires_at","id");--> statement-breakpoint
CREATE INDEX "job_events_created_idx" ON "job_events" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "tasks_finished_idx" ON "tasks" USING btree ("finished_at","id") WHERE "tasks"."status" IN ('completed', 'failed', 'canceled');