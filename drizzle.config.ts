import { defineConfig } from "drizzle-kit";

// Generation only reads the schema; no database connection is needed.
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/db/schema.ts",
  out: "./drizzle",
  casing: "snake_case",
});
