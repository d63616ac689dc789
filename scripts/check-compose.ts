/**
 * Checks compose.yaml where no container engine can run it: against the
 * Compose Specification's JSON schema (vendored in deploy/compose-spec), and
 * for what the self-hosting setup promises: PostgreSQL, the API and a worker
 * from one image, healthchecks, a volume for /data, read-only containers, and
 * secrets only from .env.
 *
 * Usage: `npx tsx scripts/check-compose.ts` (exit 1 on problems).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Ajv2019 } from "ajv/dist/2019.js";
import { parse } from "yaml";

const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url));

/** The Compose schema's own string formats, as the reference implementation reads them. */
const FORMATS: Record<string, RegExp> = {
  duration: /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/,
  ports: /^((\[[0-9a-fA-F:.]+\]|[0-9.]+):)?(\d+(-\d+)?:)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/,
  expose: /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/,
  subnet_ip_address: /^[0-9a-fA-F:.]+\/\d{1,3}$/,
};

type Service = {
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  env_file?: string | string[];
  healthcheck?: { test?: string[] };
  volumes?: string[];
  read_only?: boolean;
  tmpfs?: string | string[];
};

/** Read compose.yaml and the vendored schema. */
export function readComposeInputs(root = REPO_ROOT): { compose: string; schema: object } {
  return {
    compose: readFileSync(join(root, "compose.yaml"), "utf8"),
    schema: JSON.parse(readFileSync(join(root, "deploy/compose-spec/compose-spec.json"), "utf8")) as object,
  };
}

/** Every problem found; an empty list means compose.yaml passes. */
export function checkCompose(inputs: { compose: string; schema: object }): string[] {
  // Merge keys (`<<: *app`) are YAML 1.1, which Compose reads.
  const document = parse(inputs.compose, { merge: true }) as { services?: Record<string, Service> };
  // The schema uses draft-04 style `id` keywords beside 2019-09 ones, and names its meta-schema
  // with a trailing `#` that ajv does not register: it is trusted as vendored, not validated.
  const ajv = new Ajv2019({ allErrors: true, strict: false, validateSchema: false });
  ajv.removeKeyword("id"); // ajv refuses draft-04 `id`; here it only labels subschemas
  for (const [name, pattern] of Object.entries(FORMATS)) ajv.addFormat(name, pattern);
  const validate = ajv.compile(inputs.schema);
  const problems: string[] = [];
  if (!validate(document)) {
    for (const error of validate.errors ?? []) {
      problems.push(`schema: ${error.instancePath || "/"} ${error.message ?? "is invalid"}`);
    }
  }

  const services = document.services ?? {};
  const missing = ["postgres", "migrate", "api", "worker"].filter((s) => !services[s]);
  for (const name of missing) problems.push(`no ${name} service`);
  const { api, worker, migrate, postgres } = services;
  if (missing.length > 0 || !api || !worker || !migrate || !postgres) return problems;

  if (api.command?.join(" ") !== "serve --no-worker") problems.push("api must run `serve --no-worker`");
  if (worker.command?.join(" ") !== "worker") problems.push("worker must run `worker`");
  if (migrate.command?.join(" ") !== "migrate") problems.push("migrate must run `migrate`");
  for (const [name, service] of Object.entries({ postgres, api, worker })) {
    if (!service.healthcheck?.test?.length) problems.push(`${name} needs a healthcheck`);
  }
  for (const [name, service] of Object.entries({ migrate, api, worker })) {
    if (service.image !== api.image) problems.push(`${name} must run the same image as api`);
    if (!service.volumes?.some((v) => /:\/data$/.test(v)))
      problems.push(`${name} must mount a volume at /data`);
    if (service.read_only !== true) problems.push(`${name} must run with a read-only root file system`);
    if (![service.tmpfs ?? []].flat().includes("/tmp")) problems.push(`${name} needs a tmpfs at /tmp`);
    if (![service.env_file ?? []].flat().includes(".env"))
      problems.push(`${name} must read its secrets from .env`);
    const url = service.environment?.DATABASE_URL ?? "";
    if (!url.includes("${POSTGRES_PASSWORD")) {
      problems.push(`${name}: DATABASE_URL must take the password from .env (\${POSTGRES_PASSWORD})`);
    }
  }
  const password = postgres.environment?.POSTGRES_PASSWORD ?? "";
  if (!/^\$\{POSTGRES_PASSWORD(:\?[^}]*)?\}$/.test(password)) {
    problems.push("postgres: POSTGRES_PASSWORD must come from .env, not be written in compose.yaml");
  }
  return problems;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const problems = checkCompose(readComposeInputs());
  for (const p of problems) console.log(`FAIL ${p}`);
  if (problems.length === 0)
    console.log("ok   compose.yaml matches the Compose Specification and our checks");
  process.exitCode = problems.length === 0 ? 0 : 1;
}
