/**
 * The Prometheus alert rules and the Grafana dashboard: well-formed, built
 * only on metrics the code really registers, and (with promtool) the rules
 * compile and their unit tests fire exactly as specified.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { createDatabase } from "../../src/db/client.js";
import { createLogger } from "../../src/observability/logger.js";
import {
  createExportMetrics,
  createHttpMetrics,
  createMetricsRegistry,
} from "../../src/observability/metrics.js";
import { createTaskMetrics } from "../../src/tasks/metrics.js";
import { registerQueueAgeMetric } from "../../src/tasks/queue-age-metric.js";
import { REPO_ROOT } from "../cli/run-cli.js";

const execFileAsync = promisify(execFile);
const ALERTS = join(REPO_ROOT, "deploy/prometheus/alerts.yaml");
const ALERT_TESTS = join(REPO_ROOT, "deploy/prometheus/alerts.test.yaml");
const DASHBOARD = join(REPO_ROOT, "deploy/grafana/resume-agent.json");
const GRAFANA_DATASOURCE_VARIABLE = ["$", "{datasource}"].join("");

type Rule = {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
};
type RuleFile = { groups: { name: string; rules: Rule[] }[] };

let series: Promise<Set<string>> | undefined;

/** Series names the application exposes, histogram/summary suffixes included. */
function registeredSeries(): Promise<Set<string>> {
  series ??= collectSeries();
  return series.then((s) => new Set(s));
}

async function collectSeries(): Promise<Set<string>> {
  const registry = createMetricsRegistry();
  createHttpMetrics(registry);
  createExportMetrics(registry);
  // Registration only: the collectors that query the database never run here, and a
  // node-postgres pool connects lazily, so this handle opens no connection.
  const database = await createDatabase({ url: "postgresql://registration-only@127.0.0.1:1/unused" });
  const logger = createLogger({ level: "silent" });
  try {
    createTaskMetrics(registry, { database, logger });
    registerQueueAgeMetric(registry, { database, logger });
    const names = new Set<string>();
    for (const metric of registry.getMetricsAsArray()) {
      const name = (metric as unknown as { name: string }).name;
      const type = (metric as unknown as { type?: string }).type;
      names.add(name);
      if (type === "histogram") for (const s of ["_bucket", "_count", "_sum"]) names.add(name + s);
      if (type === "summary") for (const s of ["_count", "_sum"]) names.add(name + s);
    }
    return names;
  } finally {
    await database.close();
  }
}

/** Metric names a PromQL expression reads (ours: resume_agent_*, http_*, process_*, nodejs_*). */
function metricsIn(expr: string): string[] {
  return [
    ...expr.matchAll(/\b((?:resume_agent|http|process|nodejs)_[a-z0-9_]+|resume_agent:[a-z0-9_:]+)\b/g),
  ].map((m) => m[1]!);
}

/** Names an expression reads that are neither registered nor recorded by a rule. */
function unknownMetrics(exprs: string[], known: Set<string>): string[] {
  return [...new Set(exprs.flatMap(metricsIn))].filter((name) => !known.has(name)).sort();
}

describe("Prometheus alert rules", () => {
  let rules: RuleFile;
  let known: Set<string>;
  beforeAll(async () => {
    rules = parseYaml(await readFile(ALERTS, "utf8")) as RuleFile;
    known = await registeredSeries();
    for (const r of rules.groups.flatMap((g) => g.rules)) if (r.record) known.add(r.record);
  });

  it("cover queue age, failure rate, lease losses and the 5xx rate", () => {
    const alerts = rules.groups.flatMap((g) => g.rules).filter((r) => r.alert);
    const byName = Object.fromEntries(alerts.map((a) => [a.alert, a]));
    expect(byName.ResumeAgentQueueStuck?.expr).toContain("resume_agent_task_queue_oldest_age_seconds");
    expect(byName.ResumeAgentTaskFailureRate?.expr).toContain("task_failure_ratio");
    expect(byName.ResumeAgentLeaseLosses?.expr).toContain("resume_agent_task_lease_losses_total");
    expect(byName.ResumeAgentHttp5xxRate?.expr).toContain("http_5xx_ratio");
    for (const alert of alerts) {
      expect(["warning", "critical"], alert.alert).toContain(alert.labels?.severity);
      expect(alert.annotations?.summary, alert.alert).toBeTruthy();
      expect(alert.annotations?.description, alert.alert).toBeTruthy();
      if (alert.for) expect(alert.for).toMatch(/^\d+[smh]$/);
    }
  });

  it("use only metrics the application registers", () => {
    const exprs = rules.groups.flatMap((g) => g.rules.map((r) => r.expr));
    expect(exprs.flatMap(metricsIn).length).toBeGreaterThan(5);
    expect(unknownMetrics(exprs, known)).toEqual([]);
  });

  it("flags a rule on a metric that does not exist", () => {
    expect(unknownMetrics(["rate(resume_agent_task_lease_lost_total[5m]) > 0"], known)).toEqual([
      "resume_agent_task_lease_lost_total",
    ]);
  });
});

describe("promtool", () => {
  const promtool = ["/usr/bin/promtool", "/usr/local/bin/promtool"].find((p) => existsSync(p));
  // CI installs promtool (Debian's prometheus package); without it a developer's run skips these.
  const required = process.env.CI === "true";

  it("is available in CI", () => {
    if (required) expect(promtool, "promtool is required in CI (apt-get install prometheus)").toBeDefined();
    else if (!promtool)
      console.warn("[skipped] promtool checks: promtool not installed (apt-get install prometheus)");
  });

  it.runIf(promtool)("compiles the rules and passes their unit tests", async () => {
    const check = await execFileAsync(promtool!, ["check", "rules", ALERTS]);
    expect(check.stdout).toMatch(/SUCCESS: \d+ rules found/);
    const tests = await execFileAsync(promtool!, ["test", "rules", ALERT_TESTS]);
    expect(tests.stdout).toContain("SUCCESS");
  });

  it.runIf(promtool)(
    "rejects a rule with invalid PromQL and an alert test that expects the wrong thing",
    async () => {
      const dir = await mkdtemp(join(tmpdir(), "ra-promtool-"));
      try {
        const bad = join(dir, "bad.yaml");
        await writeFile(
          bad,
          "groups:\n  - name: x\n    rules:\n      - alert: Broken\n        expr: sum(rate(http_requests_total[5m])\n",
        );
        await expect(execFileAsync(promtool!, ["check", "rules", bad])).rejects.toThrow();

        // The real rules with a test expecting the queue alert on a healthy queue.
        await writeFile(join(dir, "alerts.yaml"), await readFile(ALERTS, "utf8"));
        const wrong = join(dir, "wrong.test.yaml");
        await writeFile(
          wrong,
          [
            "rule_files: [alerts.yaml]",
            "evaluation_interval: 1m",
            "tests:",
            "  - interval: 1m",
            "    input_series:",
            "      - series: 'resume_agent_task_queue_oldest_age_seconds{task_type=\"export\"}'",
            '        values: "1x30"',
            "    alert_rule_test:",
            "      - eval_time: 20m",
            "        alertname: ResumeAgentQueueStuck",
            "        exp_alerts:",
            "          - exp_labels: { severity: critical, task_type: export }",
            "",
          ].join("\n"),
        );
        await expect(execFileAsync(promtool!, ["test", "rules", wrong])).rejects.toThrow(/FAILED/);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  );
});

describe("Grafana dashboard", () => {
  type Panel = {
    id: number;
    type: string;
    title: string;
    gridPos: { x: number; y: number; w: number; h: number };
    datasource?: { uid: string };
    targets?: { expr: string; refId: string }[];
  };
  let dashboard: {
    uid: string;
    title: string;
    panels: Panel[];
    templating: { list: { name: string; type: string }[] };
  };
  let known: Set<string>;
  beforeAll(async () => {
    dashboard = JSON.parse(await readFile(DASHBOARD, "utf8"));
    known = await registeredSeries();
    const rules = parseYaml(await readFile(ALERTS, "utf8")) as RuleFile;
    for (const r of rules.groups.flatMap((g) => g.rules)) if (r.record) known.add(r.record);
  });

  it("is importable: unique ids, a data source variable, panels on the 24-column grid", () => {
    expect(dashboard.uid).toBe("resume-agent");
    expect(dashboard.templating.list).toContainEqual(
      expect.objectContaining({ name: "datasource", type: "datasource" }),
    );
    const ids = dashboard.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const panel of dashboard.panels) {
      expect(panel.gridPos.x + panel.gridPos.w, panel.title).toBeLessThanOrEqual(24);
      if (panel.type === "row") continue;
      // Grafana's variable syntax, not a JavaScript template.
      expect(panel.datasource?.uid, panel.title).toBe(GRAFANA_DATASOURCE_VARIABLE);
      expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
    }
  });

  it("charts queue, tasks, HTTP, exports and processes from registered metrics only", () => {
    const exprs = dashboard.panels.flatMap((p) => p.targets?.map((t) => t.expr) ?? []);
    const used = new Set(exprs.flatMap(metricsIn));
    for (const name of [
      "resume_agent_tasks",
      "resume_agent_task_queue_oldest_age_seconds",
      "resume_agent_task_duration_seconds_bucket",
      "resume_agent_task_lease_losses_total",
      "http_request_duration_seconds_bucket",
      "resume_agent_export_size_bytes_bucket",
      "process_resident_memory_bytes",
    ]) {
      expect(used, name).toContain(name);
    }
    expect(unknownMetrics(exprs, known)).toEqual([]);
  });
});
