CREATE TABLE "artifact_counters" (
	"job_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"next_version" integer NOT NULL,
	CONSTRAINT "artifact_counters_job_id_kind_pk" PRIMARY KEY("job_id","kind"),
	CONSTRAINT "artifact_counters_kind_valid" CHECK ("artifact_counters"."kind" IN ('pdf', 'docx', 'zip', 'json')),
	CONSTRAINT "artifact_counters_version_positive" CHECK ("artifact_counters"."next_version" >= 1)
);
--> statement-breakpoint
CREATE TABLE "artifacts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"job_id" uuid NOT NULL,
	"owner_user_id" text NOT NULL,
	"task_id" uuid,
	"kind" text NOT NULL,
	"version" integer NOT NULL,
	"is_zip" boolean DEFAULT false NOT NULL,
	"blob_path" text NOT NULL,
	"filename" text NOT NULL,
	"content_type" text NOT NULL,
	"size_bytes" bigint NOT NULL,
	"sha256" text NOT NULL,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"expires_at" timestamp with time zone DEFAULT now() + interval '90 days' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "artifacts_kind_valid" CHECK ("artifacts"."kind" IN ('pdf', 'docx', 'zip', 'json')),
	CONSTRAINT "artifacts_version_positive" CHECK ("artifacts"."version" >= 1),
	CONSTRAINT "artifacts_size_nonnegative" CHECK ("artifacts"."size_bytes" >= 0),
	CONSTRAINT "artifacts_zip_flag" CHECK ("artifacts"."is_zip" = ("artifacts"."kind" = 'zip')),
	CONSTRAINT "artifacts_sha256_hex" CHECK ("artifacts"."sha256" ~ '^[0-9a-f]{64}$')
);
--> statement-breakpoint
CREATE TABLE "job_artifact_latest" (
	"job_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"latest_artifact_id" uuid NOT NULL,
	"latest_version" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "job_artifact_latest_job_id_kind_pk" PRIMARY KEY("job_id","kind"),
	CONSTRAINT "job_artifact_latest_kind_valid" CHECK ("job_artifact_latest"."kind" IN ('pdf', 'docx', 'zip', 'json')),
	CONSTRAINT "job_artifact_latest_version_positive" CHECK ("job_artifact_latest"."latest_version" >= 1)
);
--> statement-breakpoint
CREATE TABLE "job_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "job_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"job_id" uuid NOT NULL,
	"owner_user_id" text NOT NULL,
	"task_id" uuid,
	"trace_id" uuid NOT NULL,
	"event_type" text NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "job_events_type_not_blank" CHECK (length("job_events"."event_type") > 0)
);
--> statement-breakpoint
CREATE TABLE "jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_user_id" text NOT NULL,
	"original_filename" text,
	"content_type" text,
	"size_bytes" bigint,
	"sha256" text,
	"upload_blob_path" text,
	"parse_status" text DEFAULT 'pending' NOT NULL,
	"sections" jsonb,
	"current_schema" jsonb,
	"cv_sections_confirmed" boolean DEFAULT false NOT NULL,
	"schema_dirty" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "jobs_owner_not_blank" CHECK (length("jobs"."owner_user_id") > 0),
	CONSTRAINT "jobs_size_nonnegative" CHECK ("jobs"."size_bytes" IS NULL OR "jobs"."size_bytes" >= 0),
	CONSTRAINT "jobs_parse_status_valid" CHECK ("jobs"."parse_status" IN ('pending', 'parsed', 'failed')),
	CONSTRAINT "jobs_sha256_hex" CHECK ("jobs"."sha256" IS NULL OR "jobs"."sha256" ~ '^[0-9a-f]{64}$')
);
--> statement-breakpoint
CREATE TABLE "tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"job_id" uuid,
	"owner_user_id" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"request_hash" text NOT NULL,
	"task_type" text NOT NULL,
	"input_payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"stage" text,
	"progress" smallint,
	"priority" smallint DEFAULT 0 NOT NULL,
	"run_at" timestamp with time zone DEFAULT now() NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"max_attempts" integer DEFAULT 3 NOT NULL,
	"worker_id" text,
	"lease_token" uuid,
	"lease_expires_at" timestamp with time zone,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"timeout_at" timestamp with time zone,
	"cancel_requested_at" timestamp with time zone,
	"result" jsonb,
	"error_code" text,
	"error_message" text,
	"trace_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tasks_status_valid" CHECK ("tasks"."status" IN ('queued', 'running', 'completed', 'failed', 'canceled')),
	CONSTRAINT "tasks_attempts_valid" CHECK ("tasks"."attempts" >= 0 AND "tasks"."max_attempts" >= 1),
	CONSTRAINT "tasks_progress_range" CHECK ("tasks"."progress" IS NULL OR "tasks"."progress" BETWEEN 0 AND 100),
	CONSTRAINT "tasks_running_has_lease" CHECK ("tasks"."status" <> 'running' OR ("tasks"."lease_token" IS NOT NULL AND "tasks"."lease_expires_at" IS NOT NULL AND "tasks"."worker_id" IS NOT NULL)),
	CONSTRAINT "tasks_finished_has_time" CHECK ("tasks"."status" NOT IN ('completed', 'failed', 'canceled') OR "tasks"."finished_at" IS NOT NULL),
	CONSTRAINT "tasks_failed_has_error" CHECK ("tasks"."status" <> 'failed' OR "tasks"."error_code" IS NOT NULL),
	CONSTRAINT "tasks_key_not_blank" CHECK (length("tasks"."idempotency_key") BETWEEN 1 AND 255)
);
--> statement-breakpoint
ALTER TABLE "artifact_counters" ADD CONSTRAINT "artifact_counters_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "artifacts" ADD CONSTRAINT "artifacts_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "artifacts" ADD CONSTRAINT "artifacts_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_artifact_latest" ADD CONSTRAINT "job_artifact_latest_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_artifact_latest" ADD CONSTRAINT "job_artifact_latest_latest_artifact_id_artifacts_id_fk" FOREIGN KEY ("latest_artifact_id") REFERENCES "public"."artifacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_events" ADD CONSTRAINT "job_events_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "artifacts_job_kind_version_uq" ON "artifacts" USING btree ("job_id","kind","version");--> statement-breakpoint
CREATE UNIQUE INDEX "artifacts_task_kind_uq" ON "artifacts" USING btree ("task_id","kind");--> statement-breakpoint
CREATE UNIQUE INDEX "artifacts_blob_path_uq" ON "artifacts" USING btree ("blob_path");--> statement-breakpoint
CREATE INDEX "artifacts_expires_idx" ON "artifacts" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "job_artifact_latest_artifact_idx" ON "job_artifact_latest" USING btree ("latest_artifact_id");--> statement-breakpoint
CREATE INDEX "job_events_job_id_idx" ON "job_events" USING btree ("job_id","id");--> statement-breakpoint
CREATE INDEX "job_events_created_idx" ON "job_events" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "jobs_owner_created_idx" ON "jobs" USING btree ("owner_user_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "tasks_owner_idempotency_key_uq" ON "tasks" USING btree ("owner_user_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "tasks_queued_claim_idx" ON "tasks" USING btree ("priority","run_at","id") WHERE "tasks"."status" = 'queued';--> statement-breakpoint
CREATE INDEX "tasks_running_lease_idx" ON "tasks" USING btree ("lease_expires_at") WHERE "tasks"."status" = 'running';--> statement-breakpoint
CREATE INDEX "tasks_job_created_idx" ON "tasks" USING btree ("job_id","created_at");--> statement-breakpoint
CREATE INDEX "tasks_finished_idx" ON "tasks" USING btree ("finished_at") WHERE "tasks"."status" IN ('completed', 'failed', 'canceled');