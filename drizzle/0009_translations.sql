CREATE TABLE "translations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_user_id" text NOT NULL,
	"job_id" uuid NOT NULL,
	"language" text NOT NULL,
	"engine" text DEFAULT 'copy' NOT NULL,
	"task_id" uuid,
	"sections" jsonb,
	"fields" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "translations_owner_not_blank" CHECK (length("translations"."owner_user_id") > 0),
	CONSTRAINT "translations_language_tag" CHECK ("translations"."language" ~ '^[a-z]{2,3}$'),
	CONSTRAINT "translations_engine_valid" CHECK ("translations"."engine" IN ('copy', 'llm'))
);
--> statement-breakpoint
ALTER TABLE "translations" ADD CONSTRAINT "translations_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "translations" ADD CONSTRAINT "translations_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "translations_job_language_uq" ON "translations" USING btree ("job_id","language");