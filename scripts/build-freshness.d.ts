/** Types of build-freshness.js (plain JavaScript, so `npm start` checks it without compiling). */
export declare const BUILDS: Record<"server" | "web", { output: string; sources: string[] }>;
/** True when the build's output is missing or older than any of its sources. */
export declare function buildIsStale(name: "server" | "web"): boolean;
