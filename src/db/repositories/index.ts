/** The repositories: owner-scoped data access, one class per aggregate. */
export * from "./artifact-repository.js";
export * from "./job-event-repository.js";
export * from "./job-repository.js";
export * from "./job-variant-repository.js";
export * from "./job-version-repository.js";
export * from "./llm-usage-repository.js";
export * from "./one-round-trip.js";
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type Page, type PageRequest } from "./pagination.js";
export * from "./share-link-repository.js";
export * from "./tailoring-repository.js";
export * from "./task-repository.js";
export * from "./translation-repository.js";
