/**
 * Compare any two versions of a CV: each field that differs, named the way the review screen names
 * it ("Experience › Acme › Title"), with its value in both versions.
 */
import { useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { errorMessage } from "../api/problem.js";
import { queryKeys } from "../api/queries.js";
import { type ListedVersion, variantsApi } from "../api/variants.js";
import { formatDateTime } from "../components/format.js";
import { Notice } from "../components/notice.js";
import { formatVariant as t } from "../components/variant-messages.js";
import { describeFieldKey } from "../editor/describe-path.js";
import { describeValue } from "../editor/describe-value.js";

function optionText(v: ListedVersion): string {
  const when = formatDateTime(v.created_at);
  return v.name
    ? t("versions.compare.option.named", { number: v.number, name: v.name, when })
    : t("versions.compare.option", { number: v.number, when });
}

/** `versions` newest first; at first the newest named version (else the one before) against the newest. */
export function VersionCompare({ jobId, versions }: { jobId: string; versions: ListedVersion[] }) {
  // Until the person picks, the defaults follow the list as versions are added.
  const older = versions.slice(1);
  const [pickedFrom, setFrom] = useState<string | null>(null);
  const [pickedTo, setTo] = useState<string | null>(null);
  const from = pickedFrom ?? (older.find((v) => v.name) ?? older[0])?.id ?? "";
  const to = pickedTo ?? versions[0]?.id ?? "";
  const [chosen, setChosen] = useState<{ from: string; to: string } | null>(null);
  const [sameError, setSameError] = useState(false);

  // A version never changes, so a comparison stays valid for as long as the page lives.
  const compared = useQuery({
    queryKey: queryKeys.versionCompare(jobId, chosen?.from ?? "", chosen?.to ?? ""),
    enabled: chosen !== null,
    staleTime: Number.POSITIVE_INFINITY,
    queryFn: async () => {
      const pair = chosen as { from: string; to: string };
      const [changes, a, b] = await Promise.all([
        variantsApi.compareVersions(jobId, pair.from, pair.to),
        variantsApi.version(jobId, pair.from),
        variantsApi.version(jobId, pair.to),
      ]);
      return { changes, from: a, to: b };
    },
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    const same = from === to;
    setSameError(same);
    setChosen(same ? null : { from, to });
  }

  const result = chosen ? compared.data : undefined;
  return (
    <div className="versions__compare">
      <h3 className="subheading">{t("versions.compare.title")}</h3>
      <form className="versions__compare-form" onSubmit={submit}>
        <VersionSelect
          id="compare-from"
          label={t("versions.compare.from")}
          versions={versions}
          value={from}
          onChange={setFrom}
        />
        <VersionSelect
          id="compare-to"
          label={t("versions.compare.to")}
          versions={versions}
          value={to}
          onChange={setTo}
        />
        <div className="form-actions">
          <button type="submit" className="btn btn--secondary">
            {t("versions.compare.submit")}
          </button>
        </div>
      </form>
      {sameError ? <Notice tone="info">{t("versions.compare.same")}</Notice> : null}
      {chosen && compared.error ? <Notice tone="error">{errorMessage(compared.error)}</Notice> : null}
      {chosen && compared.isFetching && !result ? (
        <p className="muted">{t("versions.compare.loading")}</p>
      ) : null}
      {result ? (
        <div aria-live="polite">
          {result.changes.length === 0 ? (
            <p className="muted">{t("versions.compare.none")}</p>
          ) : (
            <>
              <p>
                {t(result.changes.length === 1 ? "versions.compare.count.one" : "versions.compare.count", {
                  count: result.changes.length,
                  from: result.from.number,
                  to: result.to.number,
                })}
              </p>
              <ul className="variants__changes versions__diff">
                {result.changes.map((c) => (
                  <li key={c.path} className="variants__change">
                    <p className="variants__path versions__field">
                      {describeFieldKey([result.to.sections, result.from.sections], c.path)}
                    </p>
                    <dl className="variants__values">
                      <dt>{t("versions.compare.before", { number: result.from.number })}</dt>
                      <dd>{describeValue(c.before, t("variants.value.empty"))}</dd>
                      <dt>{t("versions.compare.after", { number: result.to.number })}</dt>
                      <dd>{describeValue(c.after, t("variants.value.empty"))}</dd>
                    </dl>
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      ) : null}
    </div>
  );
}

/** One end of the comparison: a labelled list of the CV's versions. */
function VersionSelect(props: {
  id: string;
  label: string;
  versions: readonly ListedVersion[];
  value: string;
  onChange: (id: string) => void;
}) {
  return (
    <div className="field">
      <label htmlFor={props.id} className="field__label">
        {props.label}
      </label>
      <select
        id={props.id}
        className="input"
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
      >
        {props.versions.map((v) => (
          <option key={v.id} value={v.id}>
            {optionText(v)}
          </option>
        ))}
      </select>
    </div>
  );
}
