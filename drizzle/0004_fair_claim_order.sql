DROP INDEX "tasks_queued_claim_idx";--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "fair_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
CREATE INDEX "tasks_queued_fair_idx" ON "tasks" USING btree ("priority","fair_at","id") WHERE "tasks"."status" = 'queued';--> statement-breakpoint
CREATE INDEX "tasks_owner_queued_fair_idx" ON "tasks" USING btree ("owner_user_id","fair_at") WHERE "tasks"."status" = 'queued';--> statement-breakpoint
-- Tasks queued before this migration keep their order: their fair time is their run time.
UPDATE "tasks" SET "fair_at" = "run_at" WHERE "status" = 'queued';
--> statement-breakpoint
-- Every statement of the task engine sets updated_at itself; a row trigger on the queue's hot path
-- cost about a tenth of the database's time per task.
DROP TRIGGER IF EXISTS tasks_touch_updated_at ON tasks;
