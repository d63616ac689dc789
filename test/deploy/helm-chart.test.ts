/**
 * The Helm chart renders, lints and validates against the Kubernetes schemas
 * (no cluster needed), keeps its operational guarantees, and the validation
 * really fails on broken manifests.
 */
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  CHART_DIR,
  ciValuesFiles,
  lintChart,
  type Manifest,
  parseManifests,
  renderChart,
  unknownFieldProblems,
  validateManifests,
} from "../../scripts/validate-chart.js";

type Container = {
  name: string;
  args?: string[];
  env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[];
  readinessProbe?: { httpGet?: { path: string } };
  livenessProbe?: { httpGet?: { path: string } };
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: { readOnlyRootFilesystem?: boolean; allowPrivilegeEscalation?: boolean };
  volumeMounts?: { name: string; mountPath: string }[];
};
type PodSpec = {
  containers: Container[];
  securityContext?: { runAsNonRoot?: boolean };
  terminationGracePeriodSeconds?: number;
  volumes?: { name: string; emptyDir?: object }[];
};

const MINIMAL = join(CHART_DIR, "ci/minimal-values.yaml");
const FULL = join(CHART_DIR, "ci/full-values.yaml");

function find(manifests: Manifest[], kind: string, nameSuffix: string): Manifest {
  const found = manifests.find((m) => m.kind === kind && String(m.metadata?.name).endsWith(nameSuffix));
  if (!found) throw new Error(`no ${kind} *${nameSuffix} in the rendered chart`);
  return found;
}

function podSpec(manifest: Manifest): PodSpec {
  const spec = manifest.spec as unknown;
  if (manifest.kind === "CronJob")
    return (spec as { jobTemplate: { spec: { template: { spec: PodSpec } } } }).jobTemplate.spec.template
      .spec;
  return (spec as { template: { spec: PodSpec } }).template.spec;
}

function envOf(container: Container): Record<string, string | undefined> {
  return Object.fromEntries(
    (container.env ?? []).map((e) => [
      e.name,
      e.value ?? `secret:${e.valueFrom?.secretKeyRef?.name}/${e.valueFrom?.secretKeyRef?.key}`,
    ]),
  );
}

describe("helm chart", () => {
  let minimal: Manifest[];
  let full: Manifest[];

  beforeAll(async () => {
    minimal = parseManifests(await renderChart({ valuesFiles: [MINIMAL] }));
    full = parseManifests(await renderChart({ valuesFiles: [FULL] }));
  });

  it("lints strictly and renders schema-valid manifests for every CI values file", async () => {
    const files = await ciValuesFiles();
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const file of files) {
      await lintChart([file]);
      const manifests = parseManifests(await renderChart({ valuesFiles: [file] }));
      expect(validateManifests(manifests), file).toEqual([]);
      expect(unknownFieldProblems(manifests), file).toEqual([]);
    }
  });

  it("renders every workload the deployment needs", () => {
    const kinds = full.map((m) => `${m.kind}/${m.metadata?.name}`).sort();
    expect(kinds).toEqual(
      [
        "CronJob/resume-agent-retention",
        "Deployment/resume-agent-web",
        "Deployment/resume-agent-worker",
        "HorizontalPodAutoscaler/resume-agent-web",
        "Ingress/resume-agent",
        "Job/resume-agent-migrate",
        "NetworkPolicy/resume-agent",
        "PodDisruptionBudget/resume-agent-web",
        "PodDisruptionBudget/resume-agent-worker",
        "ScaledObject/resume-agent-worker",
        "Secret/resume-agent-secrets",
        "Service/resume-agent",
        "ServiceAccount/resume-agent",
        "TriggerAuthentication/resume-agent-worker",
      ].sort(),
    );
  });

  it("runs one image as serve, worker, migrate and retention", () => {
    const args = (kind: string, name: string) => podSpec(find(minimal, kind, name)).containers[0]?.args;
    expect(args("Deployment", "-web")).toEqual(["serve", "--no-worker"]);
    expect(args("Deployment", "-worker")).toEqual(["worker"]);
    expect(args("Job", "-migrate")).toEqual(["migrate"]);
    expect(args("CronJob", "-retention")).toEqual(["retention"]);
    const images = new Set(
      minimal
        .filter((m) => ["Deployment", "Job", "CronJob"].includes(String(m.kind)))
        .flatMap((m) => podSpec(m).containers.map((c) => (c as { image?: string }).image)),
    );
    expect(images.size).toBe(1);
  });

  it("probes readiness on /readyz and liveness on /healthz", () => {
    const web = podSpec(find(minimal, "Deployment", "-web")).containers[0]!;
    expect(web.readinessProbe?.httpGet?.path).toBe("/readyz");
    expect(web.livenessProbe?.httpGet?.path).toBe("/healthz");
    const worker = podSpec(find(minimal, "Deployment", "-worker")).containers[0]!;
    expect(worker.livenessProbe?.httpGet?.path).toBe("/healthz");
    expect(envOf(worker).WORKER_METRICS_PORT).toBe("9464");
  });

  it("gives workers a termination grace period longer than their drain time", () => {
    const worker = podSpec(find(minimal, "Deployment", "-worker"));
    const drain = Number(envOf(worker.containers[0]!).WORKER_SHUTDOWN_GRACE_SECONDS);
    expect(worker.terminationGracePeriodSeconds).toBeGreaterThan(drain);
  });

  it("runs migrations as a pre-install/pre-upgrade hook, and not again at pod start", () => {
    const job = find(minimal, "Job", "-migrate");
    expect(job.metadata?.annotations?.["helm.sh/hook"]).toBe("pre-install,pre-upgrade");
    for (const m of minimal.filter((x) => x.kind === "Deployment")) {
      expect(envOf(podSpec(m).containers[0]!).MIGRATE_ON_START).toBe("false");
    }
    // The migration may use its own (DDL) credentials.
    const fullJob = podSpec(find(full, "Job", "-migrate")).containers[0]!;
    expect(envOf(fullJob).DATABASE_URL).toBe("secret:resume-agent-migrator/database-url");
    expect(fullJob.env?.filter((e) => e.name === "DATABASE_URL")).toHaveLength(1);
    // An in-chart Secret must exist before the hook runs.
    const secret = find(full, "Secret", "-secrets");
    expect(secret.metadata?.annotations?.["helm.sh/hook-weight"]).toBe("-10");
  });

  it("runs every container as non-root on a read-only root file system with a writable /tmp", () => {
    for (const m of full.filter((x) => ["Deployment", "Job", "CronJob"].includes(String(x.kind)))) {
      const spec = podSpec(m);
      expect(spec.securityContext?.runAsNonRoot, m.metadata?.name).toBe(true);
      expect(spec.volumes?.find((v) => v.name === "tmp")?.emptyDir, m.metadata?.name).toBeDefined();
      for (const c of spec.containers) {
        expect(c.securityContext?.readOnlyRootFilesystem).toBe(true);
        expect(c.securityContext?.allowPrivilegeEscalation).toBe(false);
        expect(c.volumeMounts).toContainEqual({ name: "tmp", mountPath: "/tmp" });
        expect(c.resources?.requests?.memory, `${m.metadata?.name} requests`).toBeDefined();
        expect(c.resources?.limits?.memory, `${m.metadata?.name} limits`).toBeDefined();
        expect(envOf(c).NODE_ENV).toBe("production");
      }
    }
  });

  it("wires Workload Identity and KEDA when enabled", () => {
    const sa = find(full, "ServiceAccount", "resume-agent");
    expect(sa.metadata?.annotations?.["azure.workload.identity/client-id"]).toBe(
      "11111111-1111-1111-1111-111111111111",
    );
    const worker = find(full, "Deployment", "-worker");
    const podLabels = (worker.spec as { template: { metadata: { labels: Record<string, string> } } }).template
      .metadata.labels;
    expect(podLabels["azure.workload.identity/use"]).toBe("true");
    // Managed identity: no account key in the environment.
    expect(envOf(podSpec(worker).containers[0]!).AZURE_STORAGE_ACCOUNT_KEY).toBeUndefined();
    expect(worker.spec).not.toHaveProperty("replicas"); // KEDA owns the replica count

    const scaled = find(full, "ScaledObject", "-worker").spec as {
      scaleTargetRef: { name: string };
      triggers: { type: string; metadata: { query: string } }[];
    };
    expect(scaled.scaleTargetRef.name).toBe("resume-agent-worker");
    expect(scaled.triggers[0]?.type).toBe("postgresql");
    expect(scaled.triggers[0]?.metadata.query).toContain("status = 'queued'");
  });

  it("refuses a worker grace period that would cut the drain short", async () => {
    await expect(
      renderChart({ valuesFiles: [MINIMAL], set: { "worker.terminationGracePeriodSeconds": "20" } }),
    ).rejects.toThrow(/must exceed config.worker.shutdownGraceSeconds/);
  });

  it("refuses values outside the values schema and missing identity settings", async () => {
    await expect(renderChart({ valuesFiles: [MINIMAL], set: { "config.authMode": "dev" } })).rejects.toThrow(
      /authMode/,
    );
    await expect(renderChart({ set: { "config.storage.azure.account": "acct" } })).rejects.toThrow(
      /config.jwt.jwksUrl is required/,
    );
    // A misspelt top-level key is an error, not a silently ignored setting.
    await expect(renderChart({ valuesFiles: [MINIMAL], set: { "workers.replicas": "3" } })).rejects.toThrow(
      /additional properties 'workers' not allowed/,
    );
  });
});

describe("manifest validation catches broken manifests", () => {
  const deployment = (spec: Record<string, unknown>): Manifest => ({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "broken" },
    spec: {
      selector: { matchLabels: { app: "x" } },
      template: { metadata: { labels: { app: "x" } }, spec: { containers: [{ name: "x", image: "x:1" }] } },
      ...spec,
    },
  });

  it("accepts the unbroken control manifest", () => {
    expect(validateManifests([deployment({})])).toEqual([]);
    expect(unknownFieldProblems([deployment({})])).toEqual([]);
  });

  it("rejects a wrong type", () => {
    const problems = validateManifests([deployment({ replicas: "two" })]);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toContain("replicas must be integer");
  });

  it("rejects a missing required field", () => {
    const noSelector = deployment({});
    delete (noSelector.spec as Record<string, unknown>).selector;
    expect(validateManifests([noSelector])[0]?.message).toContain("selector");
  });

  it("rejects an unknown field (a typo the API server would silently drop)", () => {
    const typo = deployment({
      template: {
        metadata: { labels: { app: "x" } },
        spec: {
          containers: [
            { name: "x", image: "x:1", readinessProb: { httpGet: { path: "/readyz", port: 3000 } } },
          ],
        },
      },
    });
    const problems = unknownFieldProblems([deployment({}), typo]);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.object).toBe("Deployment/broken");
    expect(problems[0]?.message).toContain("readinessProb");
  });

  it("rejects kinds it has no schema for, and objects without a name", () => {
    expect(
      validateManifests([{ apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" } }])[0]
        ?.message,
    ).toContain("no schema");
    expect(
      validateManifests([
        { apiVersion: "v1", kind: "Service", metadata: {}, spec: { ports: [{ port: 80 }] } },
      ])[0]?.message,
    ).toContain("metadata.name");
  });

  it("rejects a KEDA trigger without its type", () => {
    const scaled: Manifest = {
      apiVersion: "keda.sh/v1alpha1",
      kind: "ScaledObject",
      metadata: { name: "w" },
      spec: { scaleTargetRef: { name: "w" }, triggers: [{ metadata: { query: "SELECT 1" } }] },
    };
    expect(validateManifests([scaled])[0]?.message).toContain("type");
  });

  it("rejects YAML that does not parse", () => {
    expect(() => parseManifests("kind: Service\n  metadata: [")).toThrow(/invalid YAML/);
  });
});
