CREATE TABLE "llm_usage" (
	"owner_user_id" text NOT NULL,
	"day" text NOT NULL,
	"tokens" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "llm_usage_owner_user_id_day_pk" PRIMARY KEY("owner_user_id","day"),
	CONSTRAINT "llm_usage_day_format" CHECK ("llm_usage"."day" ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
	CONSTRAINT "llm_usage_tokens_nonnegative" CHECK ("llm_usage"."tokens" >= 0)
);
--> statement-breakpoint
CREATE TABLE "tailorings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_user_id" text NOT NULL,
	"job_id" uuid NOT NULL,
	"posting" text NOT NULL,
	"engine" text DEFAULT 'builtin' NOT NULL,
	"task_id" uuid,
	"analysis" jsonb,
	"fit" jsonb,
	"proposals" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"questions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"answers" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"cover_letter" jsonb,
	"history" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"audit" jsonb,
	"audit_expires_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tailorings_owner_not_blank" CHECK (length("tailorings"."owner_user_id") > 0),
	CONSTRAINT "tailorings_engine_valid" CHECK ("tailorings"."engine" IN ('builtin', 'llm')),
	CONSTRAINT "tailorings_posting_size" CHECK (length("tailorings"."posting") BETWEEN 1 AND 100000)
);
--> statement-breakpoint
ALTER TABLE "tailorings" ADD CONSTRAINT "tailorings_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tailorings" ADD CONSTRAINT "tailorings_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "tailorings_job_created_idx" ON "tailorings" USING btree ("job_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "tailorings_audit_expiry_idx" ON "tailorings" USING btree ("audit_expires_at");