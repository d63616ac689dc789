-- Readiness (/readyz) compares the applied migrations with the ones the build ships. When pods connect
-- as a runtime user that only holds resume_agent_app (not the migration user), that check must be able
-- to read drizzle's journal; members of the role inherit these grants.
GRANT USAGE ON SCHEMA drizzle TO resume_agent_app;
--> statement-breakpoint
GRANT SELECT ON drizzle.__drizzle_migrations TO resume_agent_app;
