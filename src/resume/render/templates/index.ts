/**
 * The template registry: every template by id. The `Record<TemplateId, …>`
 * type makes a template listed in `TEMPLATE_IDS` without a file here (or the
 * reverse) a compile error.
 */
import { TEMPLATE_IDS, type TemplateId } from "../../settings.js";
import academic from "./academic.js";
import classic from "./classic.js";
import compact from "./compact.js";
import european from "./european.js";
import executive from "./executive.js";
import minimal from "./minimal.js";
import modern from "./modern.js";
import sidebar from "./sidebar.js";
import technical from "./technical.js";
import type { TemplateDefinition } from "./template-definition.js";
import timeline from "./timeline.js";

export type { TemplateColors, TemplateDefinition } from "./template-definition.js";

/** Every template by id. */
export const TEMPLATES: Readonly<Record<TemplateId, TemplateDefinition>> = Object.freeze({
  classic,
  modern,
  compact,
  executive,
  minimal,
  timeline,
  academic,
  sidebar,
  european,
  technical,
});

export { TEMPLATE_IDS };

/** Page sizes in points (width, height). */
export const PAGE_SIZES = { A4: [595.28, 841.89], Letter: [612, 792] } as const;
