/**
 * The export screen's language choice: the CV's own language and each ready translation. Several
 * languages are exported as one ZIP bundle (the server requires it), which the choice says.
 */
import { useQuery } from "@tanstack/react-query";
import { queryKeys } from "../api/queries.js";
import { useApi } from "../hooks/use-api.js";
import { format, languageName } from "../screens/translations-messages.js";

/** The languages to export, the CV's own first; empty until the person picks one. */
export function orderedLanguages(
  own: string,
  others: readonly string[],
  chosen: ReadonlySet<string>,
): string[] {
  return [own, ...others].filter((code) => chosen.has(code));
}

export function ExportLanguages({
  jobId,
  chosen,
  onChange,
  disabled,
}: {
  jobId: string;
  /** The chosen language codes; null means the CV's own language only. */
  chosen: ReadonlySet<string> | null;
  onChange(languages: string[]): void;
  disabled?: boolean;
}) {
  const api = useApi();
  const list = useQuery({
    queryKey: queryKeys.translations(jobId),
    queryFn: () => api.listTranslations(jobId),
  });
  if (!list.data) return null;
  const own = list.data.source_language;
  const others = list.data.items.filter((t) => t.ready).map((t) => t.language);
  // Without translations there is nothing to choose: the CV exports in its own language.
  if (others.length === 0) return null;
  const current = chosen ?? new Set([own]);
  const toggle = (code: string) => {
    const next = new Set(current);
    if (next.has(code)) next.delete(code);
    else next.add(code);
    onChange(orderedLanguages(own, others, next));
  };
  return (
    <fieldset className="choice-group" disabled={disabled} aria-describedby="export-languages-hint">
      <legend className="field__label">{format("export.legend")}</legend>
      <label className="check">
        <input type="checkbox" checked={current.has(own)} onChange={() => toggle(own)} />
        <span lang={own}>{format("export.own", { language: languageName(own) })}</span>
      </label>
      {others.map((code) => (
        <label key={code} className="check">
          <input type="checkbox" checked={current.has(code)} onChange={() => toggle(code)} />
          <span>{languageName(code)}</span>
        </label>
      ))}
      <span id="export-languages-hint" className="muted small">
        {format("export.bundle")}
      </span>
    </fieldset>
  );
}
