import { describe, expect, it } from "vitest";
import {
  createExportMetrics,
  createHttpMetrics,
  createMetricsRegistry,
} from "../../src/observability/metrics.js";

describe("metrics registry", () => {
  it("exposes default process metrics in Prometheus text format", async () => {
    const registry = createMetricsRegistry({ defaultLabels: { process: "test" } });
    const text = await registry.metrics();
    expect(text).toMatch(/^process_cpu_user_seconds_total\{process="test"\} \d/m);
    expect(text).toContain("nodejs_eventloop_lag_seconds");
  });

  it("records HTTP requests by method, route pattern and status", async () => {
    const registry = createMetricsRegistry({ processMetrics: false });
    const http = createHttpMetrics(registry);
    http.observeRequest({ method: "get", route: "/api/v1/jobs/:id", statusCode: 200, durationSeconds: 0.02 });
    http.observeRequest({ method: "GET", route: "/api/v1/jobs/:id", statusCode: 500, durationSeconds: 3 });
    const text = await registry.metrics();
    expect(text).toContain('http_requests_total{method="GET",route="/api/v1/jobs/:id",status_code="200"} 1');
    expect(text).toContain('http_requests_total{method="GET",route="/api/v1/jobs/:id",status_code="500"} 1');
    expect(text).toContain(
      'http_request_duration_seconds_bucket{le="0.025",method="GET",route="/api/v1/jobs/:id",status_code="200"} 1',
    );
    expect(text).toContain(
      'http_request_duration_seconds_bucket{le="2.5",method="GET",route="/api/v1/jobs/:id",status_code="500"} 0',
    );
  });

  it("returns the same metric when a helper is created twice on one registry", async () => {
    const registry = createMetricsRegistry({ processMetrics: false });
    createExportMetrics(registry).observeArtifact({ kind: "pdf", sizeBytes: 50_000 });
    createExportMetrics(registry).observeArtifact({ kind: "pdf", sizeBytes: 70_000 });
    const text = await registry.metrics();
    expect(text).toContain('resume_agent_export_size_bytes_count{kind="pdf"} 2');
    expect(text).toContain('resume_agent_export_size_bytes_sum{kind="pdf"} 120000');
  });

  it("keeps registries independent", async () => {
    const a = createMetricsRegistry({ processMetrics: false });
    const b = createMetricsRegistry({ processMetrics: false });
    createHttpMetrics(a).observeRequest({
      method: "GET",
      route: "/",
      statusCode: 200,
      durationSeconds: 0.001,
    });
    expect(await b.metrics()).not.toContain("http_requests_total{");
  });
});
