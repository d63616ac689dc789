-- Row-level security for translations (see 0001_row_level_security.sql for the model):
-- the app role sees an owner's rows only under that owner's scope, or under the system scope.
GRANT SELECT, INSERT, UPDATE, DELETE ON translations TO resume_agent_app;
--> statement-breakpoint
ALTER TABLE translations ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE translations FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY translations_owner_isolation ON translations TO resume_agent_app
  USING (owner_user_id = current_setting('app.owner_user_id', true) OR current_setting('app.system', true) = 'on')
  WITH CHECK (owner_user_id = current_setting('app.owner_user_id', true) OR current_setting('app.system', true) = 'on');
--> statement-breakpoint
-- updated_at strictly increases, so it serves as the If-Match token of a translation (field edits).
CREATE TRIGGER translations_touch_updated_at BEFORE UPDATE ON translations
  FOR EACH ROW EXECUTE FUNCTION resume_agent_touch_updated_at();
