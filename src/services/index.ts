/**
 * The application services the HTTP routes call. Built once by the composition root.
 */
import { ArtifactService } from "./artifact-service.js";
import type { ServiceDeps } from "./deps.js";
import { HealthService } from "./health-service.js";
import { JobService } from "./job-service.js";
import { PhotoService } from "./photo-service.js";
import { PreviewService } from "./preview-service.js";
import { ShareService } from "./share-service.js";
import { TailoringService } from "./tailoring-service.js";
import { TaskService } from "./task-service.js";
import { TranslationService } from "./translation-service.js";
import { VariantService } from "./variant-service.js";
import { VersionService } from "./version-service.js";

export type Services = {
  jobs: JobService;
  tasks: TaskService;
  artifacts: ArtifactService;
  photos: PhotoService;
  previews: PreviewService;
  health: HealthService;
  tailorings: TailoringService;
  translations: TranslationService;
  variants: VariantService;
  versions: VersionService;
  shares: ShareService;
};

export function createServices(deps: ServiceDeps): Services {
  return {
    jobs: new JobService(deps),
    tasks: new TaskService(deps),
    artifacts: new ArtifactService(deps),
    photos: new PhotoService(deps),
    previews: new PreviewService(deps),
    health: new HealthService(deps),
    tailorings: new TailoringService(deps),
    translations: new TranslationService(deps),
    variants: new VariantService(deps),
    versions: new VersionService(deps),
    shares: new ShareService(deps),
  };
}

export type { RequestScope, ServiceDeps } from "./deps.js";
