CREATE TABLE "job_variants" (
	"job_id" uuid PRIMARY KEY NOT NULL,
	"owner_user_id" text NOT NULL,
	"master_job_id" uuid NOT NULL,
	"target" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"overrides" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "job_variants_owner_not_blank" CHECK (length("job_variants"."owner_user_id") > 0),
	CONSTRAINT "job_variants_not_own_master" CHECK ("job_variants"."master_job_id" <> "job_variants"."job_id")
);
--> statement-breakpoint
CREATE TABLE "job_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_user_id" text NOT NULL,
	"job_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"name" text,
	"reason" text NOT NULL,
	"restored_from_id" uuid,
	"replaced_version_id" uuid,
	"sections" jsonb NOT NULL,
	"sections_sha256" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "job_versions_owner_not_blank" CHECK (length("job_versions"."owner_user_id") > 0),
	CONSTRAINT "job_versions_number_positive" CHECK ("job_versions"."number" >= 1),
	CONSTRAINT "job_versions_name_size" CHECK ("job_versions"."name" IS NULL OR length("job_versions"."name") BETWEEN 1 AND 200),
	CONSTRAINT "job_versions_reason_valid" CHECK ("job_versions"."reason" IN ('edit', 'snapshot', 'restore')),
	CONSTRAINT "job_versions_sha256_hex" CHECK ("job_versions"."sections_sha256" ~ '^[0-9a-f]{64}$')
);
--> statement-breakpoint
CREATE TABLE "share_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_user_id" text NOT NULL,
	"job_id" uuid NOT NULL,
	"artifact_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"recipient" text NOT NULL,
	"passcode_hash" text,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"view_count" integer DEFAULT 0 NOT NULL,
	"first_viewed_at" timestamp with time zone,
	"last_viewed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "share_links_owner_not_blank" CHECK (length("share_links"."owner_user_id") > 0),
	CONSTRAINT "share_links_token_hash_hex" CHECK ("share_links"."token_hash" ~ '^[0-9a-f]{64}$'),
	CONSTRAINT "share_links_recipient_size" CHECK (length("share_links"."recipient") BETWEEN 1 AND 200),
	CONSTRAINT "share_links_views_nonnegative" CHECK ("share_links"."view_count" >= 0)
);
--> statement-breakpoint
CREATE TABLE "share_views" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "share_views_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"link_id" uuid NOT NULL,
	"owner_user_id" text NOT NULL,
	"viewed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"user_agent" text NOT NULL,
	"country" text,
	CONSTRAINT "share_views_user_agent_size" CHECK (length("share_views"."user_agent") BETWEEN 1 AND 40),
	CONSTRAINT "share_views_country_code" CHECK ("share_views"."country" IS NULL OR "share_views"."country" ~ '^[A-Z]{2}$')
);
--> statement-breakpoint
ALTER TABLE "job_variants" ADD CONSTRAINT "job_variants_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_variants" ADD CONSTRAINT "job_variants_master_job_id_jobs_id_fk" FOREIGN KEY ("master_job_id") REFERENCES "public"."jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_versions" ADD CONSTRAINT "job_versions_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_links" ADD CONSTRAINT "share_links_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_links" ADD CONSTRAINT "share_links_artifact_id_artifacts_id_fk" FOREIGN KEY ("artifact_id") REFERENCES "public"."artifacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_views" ADD CONSTRAINT "share_views_link_id_share_links_id_fk" FOREIGN KEY ("link_id") REFERENCES "public"."share_links"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "job_variants_master_idx" ON "job_variants" USING btree ("master_job_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "job_versions_job_number_uq" ON "job_versions" USING btree ("job_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "share_links_token_hash_uq" ON "share_links" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "share_links_job_created_idx" ON "share_links" USING btree ("job_id","created_at");--> statement-breakpoint
CREATE INDEX "share_links_artifact_idx" ON "share_links" USING btree ("artifact_id");--> statement-breakpoint
CREATE INDEX "share_views_link_idx" ON "share_views" USING btree ("link_id","id");