/**
 * The layering rule (ARCHITECTURE.md, "Layers"), checked by `npm run check:layers`.
 *
 *   cli → app → http → services → tasks/handlers → tasks (engine)
 *                                 ↘ retention, db, storage, resume
 *
 * Each rule names what a layer must NOT import; everything below it is allowed.
 * `src/config.ts`, `src/errors.ts` and `src/api-paths.ts` are shared leaves.
 */
const LEAVES = "^src/(config|errors|api-paths|task-states)\\.ts$";
const layer = (name) => `^src/${name}(/|\\.ts$)`;
const ENGINE = "^src/tasks/(?!handlers/)";
const HANDLERS = "^src/tasks/handlers/";

/** `from` must not import any of `to`. */
const forbid = (name, from, to, comment) => ({
  name,
  severity: "error",
  comment,
  from: typeof from === "string" ? { path: from } : from,
  to: { path: to },
});

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "Modules import each other in one direction only.",
      from: { path: "^src/" },
      to: { circular: true },
    },
    forbid(
      "cli-is-the-top",
      { path: "^src/", pathNot: layer("cli") },
      layer("cli"),
      "Only the CLI imports the CLI.",
    ),
    forbid(
      "app-is-the-composition-root",
      { path: "^src/", pathNot: `${layer("cli")}|${layer("app")}` },
      layer("app"),
      "Only the CLI imports the composition root; everything else receives what it needs.",
    ),
    forbid(
      "http-calls-services",
      layer("http"),
      `${layer("storage")}|${layer("tasks")}|${layer("retention")}|^src/db/(?!schema\\.ts$)`,
      "Routes call services; they never reach the database, the blob store or the task engine directly.",
    ),
    {
      name: "http-reads-row-types-only",
      severity: "error",
      comment: "The presenters turn the rows services return into JSON: types only, never queries.",
      from: { path: layer("http") },
      to: { path: "^src/db/schema\\.ts$", dependencyTypesNot: ["type-only"] },
    },
    forbid(
      "services-stay-below-http",
      layer("services"),
      `${layer("http")}|${HANDLERS}`,
      "Services know nothing of HTTP and enqueue tasks through the engine, not through handlers.",
    ),
    forbid(
      "handlers-use-repositories",
      HANDLERS,
      `${layer("services")}|${layer("http")}`,
      "Task handlers depend on repositories, storage and the resume core, never on services.",
    ),
    forbid(
      "engine-knows-no-handler",
      ENGINE,
      `${HANDLERS}|${layer("services")}|${layer("http")}|${layer("resume")}|${layer("storage")}|${layer("retention")}`,
      "The task engine runs any handler; it knows none of them and nothing of resumes or files.",
    ),
    forbid(
      "retention-below-services",
      layer("retention"),
      `${layer("services")}|${layer("http")}|${layer("tasks")}`,
      "Retention is called by its task handler and the CLI.",
    ),
    forbid(
      "db-is-a-base-layer",
      layer("db"),
      `${layer("services")}|${layer("http")}|${layer("tasks")}|${layer("retention")}|${layer("storage")}`,
      "The data layer imports only the resume core's constants and the shared leaves.",
    ),
    forbid(
      "storage-is-a-base-layer",
      layer("storage"),
      `${layer("services")}|${layer("http")}|${layer("tasks")}|${layer("retention")}|${layer("db")}|${layer("resume")}`,
      "Blob storage knows nothing of the database or of resumes.",
    ),
    forbid(
      "resume-core-is-pure",
      layer("resume"),
      `${layer("services")}|${layer("http")}|${layer("tasks")}|${layer("retention")}|${layer("db")}|${layer("storage")}|${layer("observability")}`,
      "Parsing, rendering and optimizing work on bytes and models only.",
    ),
    forbid(
      "llm-is-an-adapter",
      layer("llm"),
      `${layer("services")}|${layer("http")}|${layer("tasks")}|${layer("retention")}|${layer("db")}|${layer("storage")}|${layer("resume")}`,
      "Language-model providers speak wire formats; what to ask and what to accept is the resume core's.",
    ),
    forbid(
      "observability-is-a-leaf",
      layer("observability"),
      `^src/(?!observability/|config\\.ts$|errors\\.ts$)`,
      "Logging, metrics and tracing import nothing else of ours.",
    ),
    forbid(
      "leaves-are-leaves",
      LEAVES,
      `^src/(?!config\\.ts$|errors\\.ts$|api-paths\\.ts$|task-states\\.ts$)`,
      "Shared leaves import no layer.",
    ),
    forbid(
      "web-client-is-separate",
      "^web/src/",
      "^src/(?!http/schemas\\.ts$|resume/|task-states\\.ts$|api-paths\\.ts$)",
      "The web client talks to the API over HTTP; it may share the API's schemas, the task states and the resume model's pure modules.",
    ),
    {
      name: "web-types-from-api-schemas",
      severity: "error",
      comment:
        "The web client derives its response types from the API's zod schemas as types only, so the bundle holds no server code.",
      from: { path: "^web/src/" },
      to: { path: "^src/http/schemas\\.ts$", dependencyTypesNot: ["type-only"] },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "\\.test\\.tsx?$" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { extensions: [".ts", ".tsx", ".js"] },
  },
};
