/**
 * The variants tab. On a master CV: its variants (target, conflicts, last export and share) and a
 * form to tailor a new one for a job. On a variant: its target, a link to its master and its
 * conflicts with keep-mine / take-master. On both: the CV's share links.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Link } from "react-router";
import { ApiError, errorMessage } from "../api/problem.js";
import { queryKeys } from "../api/queries.js";
import { type Variant, type VariantTarget, variantsApi } from "../api/variants.js";
import { formatDateTime } from "../components/format.js";
import { Notice } from "../components/notice.js";
import { formatVariant as t } from "../components/variant-messages.js";
import { jobPath } from "../router.js";
import type { JobScreenProps } from "./job-screen.js";
import { SharePanel } from "./share-panel.js";
import "./variants-screen.css";

export function targetLabel(target: VariantTarget): string {
  const company = target.company?.trim();
  const role = target.role?.trim();
  if (company && role) return t("variants.target", { role, company });
  return company || role || t("variants.target.none");
}

function showValue(value: unknown): string {
  if (value === null || value === undefined || value === "") return t("variants.value.empty");
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

export function VariantsScreen({ versioned }: JobScreenProps) {
  const jobId = versioned.job.id;
  // A job is a variant when the variant route knows it; a master answers 404.
  const self = useQuery({
    queryKey: queryKeys.variant(jobId),
    queryFn: async () => {
      try {
        return await variantsApi.get(jobId);
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }
    },
  });
  if (self.isPending) return <p className="muted">{t("variants.loading")}</p>;
  if (self.error) return <Notice tone="error">{errorMessage(self.error)}</Notice>;
  return (
    <div className="variants">
      {self.data ? <VariantDetail variant={self.data} /> : <VariantList masterId={jobId} />}
      <SharePanel jobId={jobId} />
    </div>
  );
}

function VariantList({ masterId }: { masterId: string }) {
  const client = useQueryClient();
  const list = useQuery({
    queryKey: queryKeys.variants(masterId),
    queryFn: () => variantsApi.list(masterId),
  });
  const [company, setCompany] = useState("");
  const [role, setRole] = useState("");
  const [formError, setFormError] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: (target: VariantTarget) => variantsApi.create(masterId, target),
    onSuccess: (made) => {
      setCompany("");
      setRole("");
      client.setQueryData(queryKeys.variant(made.job_id), made);
      void client.invalidateQueries({ queryKey: queryKeys.variants(masterId) });
    },
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    const target: VariantTarget = {};
    if (company.trim()) target.company = company.trim();
    if (role.trim()) target.role = role.trim();
    if (!target.company && !target.role) {
      setFormError(t("variants.create.missing"));
      return;
    }
    setFormError(null);
    create.mutate(target);
  }

  const items = list.data ?? [];
  return (
    <>
      <section className="card" aria-labelledby="variants-title">
        <h2 id="variants-title" className="card__title">
          {t("variants.title")}
        </h2>
        <p className="muted">{t("variants.intro")}</p>
        {list.error ? <Notice tone="error">{errorMessage(list.error)}</Notice> : null}
        {list.isPending ? (
          <p className="muted">{t("variants.loading")}</p>
        ) : items.length === 0 ? (
          <p className="muted empty">{t("variants.empty")}</p>
        ) : (
          <ul className="variants__list">
            {items.map((v) => (
              <VariantRow key={v.job_id} variant={v} />
            ))}
          </ul>
        )}
      </section>
      <section className="card" aria-labelledby="variant-create-title">
        <h2 id="variant-create-title" className="card__title">
          {t("variants.create.title")}
        </h2>
        <form className="variants__form" onSubmit={submit} noValidate>
          <div className="field">
            <label htmlFor="variant-company" className="field__label">
              {t("variants.create.company")}
            </label>
            <input
              id="variant-company"
              className="input"
              value={company}
              maxLength={200}
              onChange={(e) => setCompany(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="variant-role" className="field__label">
              {t("variants.create.role")}
            </label>
            <input
              id="variant-role"
              className="input"
              value={role}
              maxLength={200}
              onChange={(e) => setRole(e.target.value)}
            />
          </div>
          {formError ? <Notice tone="error">{formError}</Notice> : null}
          {create.error ? <Notice tone="error">{errorMessage(create.error)}</Notice> : null}
          <div className="form-actions">
            <button type="submit" className="btn btn--primary" disabled={create.isPending}>
              {create.isPending ? t("variants.create.busy") : t("variants.create.submit")}
            </button>
          </div>
        </form>
      </section>
    </>
  );
}

function VariantRow({ variant }: { variant: Variant }) {
  const label = targetLabel(variant.target);
  const when = (iso: string | null | undefined) => (iso ? formatDateTime(iso) : t("variants.never"));
  return (
    <li className="variants__item">
      <div>
        <p className="variants__target">{label}</p>
        <p className="muted small">
          {variant.conflicts.length > 0
            ? t("variants.conflicts.count", { count: variant.conflicts.length })
            : t("variants.conflicts.none")}
          {" · "}
          {t("variants.last_export", { when: when(variant.last_export_at) })}
          {" · "}
          {t("variants.last_share", { when: when(variant.last_shared_at) })}
        </p>
      </div>
      <Link
        className="btn btn--secondary btn--small"
        to={jobPath(variant.job_id, "variants")}
        aria-label={t("variants.open.label", { target: label })}
      >
        {t("variants.open")}
      </Link>
    </li>
  );
}

function VariantDetail({ variant }: { variant: Variant }) {
  const client = useQueryClient();
  const [done, setDone] = useState(false);
  const resolve = useMutation({
    mutationFn: (input: { path: string; choice: "keep_mine" | "take_master" }) =>
      variantsApi.resolve(variant.job_id, input.path, input.choice),
    onSuccess: (next) => {
      setDone(true);
      client.setQueryData(queryKeys.variant(next.job_id), next);
      void client.invalidateQueries({ queryKey: queryKeys.job(next.job_id) });
      void client.invalidateQueries({ queryKey: queryKeys.variants(next.master_job_id) });
    },
  });
  return (
    <section className="card" aria-labelledby="variant-title">
      <h2 id="variant-title" className="card__title">
        {t("variants.is_variant.title", { target: targetLabel(variant.target) })}
      </h2>
      <p>
        {t("variants.master")}{" "}
        <Link to={jobPath(variant.master_job_id, "variants")}>{t("variants.master.open")}</Link>
      </p>
      <p className="muted small">{t("variants.changed", { count: variant.overridden.length })}</p>
      {done && variant.conflicts.length === 0 ? (
        <Notice tone="success">{t("variants.conflict.resolved")}</Notice>
      ) : null}
      {resolve.error ? <Notice tone="error">{errorMessage(resolve.error)}</Notice> : null}
      {variant.conflicts.length > 0 ? (
        <>
          <h3 className="subheading">{t("variants.conflicts.title")}</h3>
          <p className="muted">{t("variants.conflicts.intro")}</p>
          <ul className="variants__conflicts">
            {variant.conflicts.map((c) => (
              <li key={c.path} className="variants__conflict">
                <p className="variants__path">
                  <code>{c.path}</code>
                </p>
                <dl className="variants__values">
                  <dt>{t("variants.conflict.mine")}</dt>
                  <dd>{showValue(c.mine)}</dd>
                  <dt>{t("variants.conflict.master")}</dt>
                  <dd>{showValue(c.master)}</dd>
                </dl>
                <div className="button-row">
                  <button
                    type="button"
                    className="btn btn--secondary btn--small"
                    disabled={resolve.isPending}
                    onClick={() => resolve.mutate({ path: c.path, choice: "keep_mine" })}
                  >
                    {t("variants.conflict.keep")}
                  </button>
                  <button
                    type="button"
                    className="btn btn--secondary btn--small"
                    disabled={resolve.isPending}
                    onClick={() => resolve.mutate({ path: c.path, choice: "take_master" })}
                  >
                    {t("variants.conflict.take")}
                  </button>
                </div>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p className="muted">{t("variants.conflicts.none")}</p>
      )}
      <VariantDiff variant={variant} />
    </section>
  );
}

/** The fields the variant changed, each with its master value, and promoting one to the master. */
function VariantDiff({ variant }: { variant: Variant }) {
  const client = useQueryClient();
  const variantId = variant.job_id;
  const diff = useQuery({
    queryKey: [...queryKeys.variantDiff(variantId), variant.updated_at],
    queryFn: () => variantsApi.diff(variantId),
  });
  const [promoted, setPromoted] = useState(false);
  const promote = useMutation({
    mutationFn: (path: string) => variantsApi.promote(variantId, path),
    onSuccess: () => {
      setPromoted(true);
      void client.invalidateQueries({ queryKey: queryKeys.variantDiff(variantId) });
      void client.invalidateQueries({ queryKey: queryKeys.job(variant.master_job_id) });
      void client.invalidateQueries({ queryKey: queryKeys.variants(variant.master_job_id) });
    },
  });
  const changes = diff.data ?? [];
  return (
    <>
      <h3 className="subheading">{t("variants.diff.title")}</h3>
      {diff.error ? <Notice tone="error">{errorMessage(diff.error)}</Notice> : null}
      {promoted ? <Notice tone="success">{t("variants.promoted")}</Notice> : null}
      {promote.error ? <Notice tone="error">{errorMessage(promote.error)}</Notice> : null}
      {diff.isPending ? null : changes.length === 0 ? (
        <p className="muted">{t("variants.diff.none")}</p>
      ) : (
        <ul className="variants__changes">
          {changes.map((c) => (
            <li key={c.path} className="variants__change">
              <p className="variants__path">
                <code>{c.path}</code>
              </p>
              <dl className="variants__values">
                <dt>{t("variants.diff.master")}</dt>
                <dd>{showValue(c.before)}</dd>
                <dt>{t("variants.diff.variant")}</dt>
                <dd>{showValue(c.after)}</dd>
              </dl>
              <button
                type="button"
                className="btn btn--secondary btn--small"
                disabled={promote.isPending}
                onClick={() => promote.mutate(c.path)}
              >
                {t("variants.promote")}
                <span className="visually-hidden">{t("variants.promote.path", { path: c.path })}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
