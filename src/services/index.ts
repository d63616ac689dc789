/**
 * The application services the HTTP routes call. Built once by the composition root.
 */
import { ArtifactService } from "./artifact-service.js";
import type { ServiceDeps } from "./deps.js";
import { HealthService } from "./health-service.js";
import { JobService } from "./job-service.js";
import { TailoringService } from "./tailoring-service.js";
import { TaskService } from "./task-service.js";

export type Services = {
  jobs: JobService;
  tasks: TaskService;
  artifacts: ArtifactService;
  health: HealthService;
  tailorings: TailoringService;
};

export function createServices(deps: ServiceDeps): Services {
  return {
    jobs: new JobService(deps),
    tasks: new TaskService(deps),
    artifacts: new ArtifactService(deps),
    health: new HealthService(deps),
    tailorings: new TailoringService(deps),
  };
}

export type { RequestScope, ServiceDeps } from "./deps.js";
