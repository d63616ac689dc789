/**
 * A render refused for characters no font has (`render_missing_glyphs`): the
 * characters by name and code point, and for each field holding them a link
 * to the review tab with that field named (`?field=`), so the fix is one click.
 */
import { Link } from "react-router";
import type { ApiError } from "../api/problem.js";
import type { Resume } from "../api/types.js";
import { describePath } from "../editor/describe-path.js";
import { parsePath, pathKey } from "../editor/paths.js";
import { jobFieldPath } from "../router.js";
import { format } from "./glyph-messages.js";
import { Notice } from "./notice.js";

/** The characters and fields of a `render_missing_glyphs` problem, or null for any other error. */
export function missingGlyphs(
  error: unknown,
): { characters: { char: string; code_point: string }[]; fields: string[] } | null {
  const e = error as ApiError | null | undefined;
  if (e?.code !== "render_missing_glyphs") return null;
  const characters = (e.problem?.characters ?? []).filter(
    (c) => typeof c?.char === "string" && typeof c.code_point === "string",
  );
  const fields = (e.problem?.fields ?? []).filter((f) => typeof f === "string");
  return { characters, fields };
}

function list(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return format("glyphs.and", { rest: items.slice(0, -1).join(", "), last: items[items.length - 1]! });
}

export function MissingGlyphs({
  jobId,
  resume,
  characters,
  fields,
}: {
  jobId: string;
  resume: Resume | null;
  characters: { char: string; code_point: string }[];
  fields: string[];
}) {
  const named = list(characters.map((c) => format("glyphs.character", c)));
  return (
    <Notice tone="error" title={format("glyphs.title")}>
      <p>{format("glyphs.intro", { characters: named })}</p>
      {fields.length > 0 ? (
        <>
          <p>{format("glyphs.fields")}</p>
          <ul className="missing-glyphs__fields">
            {fields.map((pointer) => {
              const path = parsePath(pointer);
              const field = describePath(resume, path);
              return (
                <li key={pointer}>
                  <Link to={jobFieldPath(jobId, pathKey(path))}>{format("glyphs.fix", { field })}</Link>
                </li>
              );
            })}
          </ul>
        </>
      ) : null}
    </Notice>
  );
}
