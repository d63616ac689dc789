/**
 * Languages: the CV's translations. Lists them, adds one (a translate task fills it in), and shows
 * the chosen one field by field beside the original, with the fields that need attention marked
 * (out of date, new in the original, not translated yet). Edited fields are saved together with
 * `If-Match`; a field can be marked up to date as it is; "update from the original" queues a
 * refresh (a language model, when configured, translates the out-of-date fields).
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { translatableFields } from "../../../src/resume/translate/field-keys.js";
import type { VersionedTranslation } from "../api/client.js";
import { errorMessage, humanMessage } from "../api/problem.js";
import { queryKeys } from "../api/queries.js";
import { isTerminal, type Resume, type TranslationStaleField } from "../api/types.js";
import { useConfirm } from "../components/confirm-dialog.js";
import { Notice } from "../components/notice.js";
import { describePath } from "../editor/describe-path.js";
import { getAt, parsePath } from "../editor/paths.js";
import { useApi } from "../hooks/use-api.js";
import { useTask } from "../hooks/use-task.js";
import { useLocale } from "../i18n/translate.js";
import type { JobScreenProps } from "./job-screen.js";
import { format, languageName, OFFERED_LANGUAGES } from "./translations-messages.js";
import "./translations-screen.css";

/** Refreshes the translation list and the open translations once a translate task ended. */
function useTranslationTask(jobId: string, taskId: string | null) {
  const client = useQueryClient();
  const view = useTask(taskId);
  const ended = view.task !== null && isTerminal(view.task);
  useEffect(() => {
    if (!ended) return;
    void client.invalidateQueries({ queryKey: queryKeys.translations(jobId) });
    void client.invalidateQueries({ queryKey: ["translation", jobId] });
  }, [client, ended, jobId]);
  return view;
}

export function TranslationsScreen({ versioned }: JobScreenProps) {
  const api = useApi();
  const { job } = versioned;
  const list = useQuery({
    queryKey: queryKeys.translations(job.id),
    queryFn: () => api.listTranslations(job.id),
  });
  const [selected, setSelected] = useState<string | null>(null);
  const items = list.data?.items ?? [];
  const source = list.data?.source_language ?? job.sections?.meta.language ?? "en";
  const open = items.find((t) => t.id === selected) ?? items[0] ?? null;

  return (
    <div className="translations">
      <section className="card" aria-labelledby="translations-title">
        <h2 id="translations-title" className="card__title">
          {format("title")}
        </h2>
        <p className="muted">{format("intro")}</p>
        <p>{format("original", { language: languageName(source) })}</p>
        {list.error ? <Notice tone="error">{errorMessage(list.error)}</Notice> : null}
        <h3 className="translations__subtitle">{format("list.title")}</h3>
        {list.data && items.length === 0 ? <p className="muted">{format("list.empty")}</p> : null}
        {items.length > 0 ? (
          <ul className="translations__list">
            {items.map((t) => (
              <li key={t.id}>
                <button
                  type="button"
                  className={
                    t.id === open?.id
                      ? "translations__pick translations__pick--current"
                      : "translations__pick"
                  }
                  aria-pressed={t.id === open?.id}
                  onClick={() => setSelected(t.id)}
                >
                  <span lang={t.language}>{languageName(t.language)}</span>
                  <span className="muted small">
                    {!t.ready
                      ? format("list.pending")
                      : t.out_of_date_count > 0
                        ? format("list.attention", { count: t.out_of_date_count })
                        : format("list.current")}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        ) : null}
        <AddTranslation
          jobId={job.id}
          taken={new Set([source, ...items.map((t) => t.language)])}
          onAdded={setSelected}
        />
      </section>
      {open && job.sections ? (
        <TranslationDetail
          key={open.id}
          jobId={job.id}
          translationId={open.id}
          primary={job.sections}
          sourceLanguage={source}
          onDeleted={() => setSelected(null)}
        />
      ) : null}
    </div>
  );
}

function AddTranslation({
  jobId,
  taken,
  onAdded,
}: {
  jobId: string;
  taken: ReadonlySet<string>;
  onAdded(id: string): void;
}) {
  const api = useApi();
  const client = useQueryClient();
  const offered = OFFERED_LANGUAGES.filter((code) => !taken.has(code));
  const [language, setLanguage] = useState<string>("");
  const chosen = offered.includes(language as (typeof offered)[number]) ? language : (offered[0] ?? "");
  const add = useMutation({
    mutationFn: () => api.createTranslation(jobId, chosen),
    onSuccess: ({ translation }) => {
      onAdded(translation.id);
      void client.invalidateQueries({ queryKey: queryKeys.translations(jobId) });
    },
  });
  const view = useTranslationTask(jobId, add.data?.task.id ?? null);
  const running = view.task !== null && !isTerminal(view.task);

  return (
    <form
      className="translations__add"
      aria-labelledby="translation-add-title"
      onSubmit={(e) => {
        e.preventDefault();
        if (chosen) add.mutate();
      }}
    >
      <h3 id="translation-add-title" className="translations__subtitle">
        {format("add.title")}
      </h3>
      {offered.length === 0 ? (
        <p className="muted">{format("add.none")}</p>
      ) : (
        <div className="translations__add-row">
          <div className="field">
            <label className="field__label" htmlFor="translation-language">
              {format("add.language")}
            </label>
            <select
              id="translation-language"
              className="input"
              value={chosen}
              onChange={(e) => setLanguage(e.target.value)}
            >
              {offered.map((code) => (
                <option key={code} value={code}>
                  {languageName(code)}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="btn btn--primary" disabled={add.isPending || running}>
            {format("add.submit")}
          </button>
        </div>
      )}
      <p className="muted small">{format("add.hint")}</p>
      <div aria-live="polite">{running ? <p className="muted small">{format("add.running")}</p> : null}</div>
      {add.error ? <Notice tone="error">{errorMessage(add.error)}</Notice> : null}
      {view.task?.status === "failed" ? (
        <Notice tone="error">{humanMessage(view.task.error?.code, view.task.error?.message)}</Notice>
      ) : null}
    </form>
  );
}

export type Row = {
  key: string;
  label: string;
  source: string;
  translated: string;
  stale: TranslationStaleField | undefined;
  state: string | undefined;
};

/** The side-by-side rows: every translatable field of the original, in document order, with its translation. */
export function rowsOf(primary: Resume, data: VersionedTranslation["translation"]): Row[] {
  const stale = new Map(data.out_of_date.map((s) => [s.key, s]));
  return translatableFields(primary).map((field) => {
    const value = data.sections ? getAt(data.sections, parsePath(field.path)) : undefined;
    return {
      key: field.key,
      label: describePath(primary, field.path),
      source: field.text,
      translated: typeof value === "string" ? value : "",
      stale: stale.get(field.key),
      state: data.fields[field.key]?.state,
    };
  });
}

function TranslationDetail({
  jobId,
  translationId,
  primary,
  sourceLanguage,
  onDeleted,
}: {
  jobId: string;
  translationId: string;
  primary: Resume;
  sourceLanguage: string;
  onDeleted(): void;
}) {
  const api = useApi();
  const client = useQueryClient();
  const confirm = useConfirm();
  const key = queryKeys.translation(jobId, translationId);
  const query = useQuery({ queryKey: key, queryFn: () => api.getTranslation(jobId, translationId) });
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<string | null>(null);
  const data = query.data?.translation ?? null;
  const locale = useLocale();
  // biome-ignore lint/correctness/useExhaustiveDependencies: the rows' labels are in the page's language
  const rows = useMemo(() => (data ? rowsOf(primary, data) : []), [data, primary, locale]);
  const language = data ? languageName(data.language) : "";

  const onSaved = (next: VersionedTranslation, message: string) => {
    client.setQueryData(key, next);
    void client.invalidateQueries({ queryKey: queryKeys.translations(jobId) });
    setNotice(message);
  };
  const save = useMutation({
    mutationFn: (fields: { key: string; text: string }[]) =>
      api.patchTranslation(jobId, translationId, fields, query.data?.etag ?? ""),
    onSuccess: (next, fields) => {
      setDrafts((d) => {
        const rest = { ...d };
        for (const f of fields) delete rest[f.key];
        return rest;
      });
      onSaved(next, format("detail.saved"));
    },
  });
  const refresh = useMutation({ mutationFn: () => api.refreshTranslation(jobId, translationId) });
  const refreshView = useTranslationTask(jobId, refresh.data?.id ?? null);
  const refreshing = refresh.isPending || (refreshView.task !== null && !isTerminal(refreshView.task));
  const remove = useMutation({
    mutationFn: () => api.deleteTranslation(jobId, translationId),
    onSuccess: () => {
      client.removeQueries({ queryKey: key });
      void client.invalidateQueries({ queryKey: queryKeys.translations(jobId) });
      onDeleted();
    },
  });

  if (query.error && !data) return <Notice tone="error">{errorMessage(query.error)}</Notice>;
  if (!data) return <p className="muted">{format("detail.loading")}</p>;
  // The translate task has not filled the translation in yet; its end refreshes this.
  if (!data.sections) return <p className="muted">{format("detail.pending", { language })}</p>;
  const changed = Object.entries(drafts)
    .filter(([k, text]) => rows.find((r) => r.key === k)?.translated !== text)
    .map(([k, text]) => ({ key: k, text }));
  const attention = rows.filter((r) => r.stale).length;
  const error = save.error ?? refresh.error ?? remove.error;

  return (
    <section className="card" aria-labelledby="translation-title">
      <h2 id="translation-title" className="card__title">
        {format("detail.title", { language })}
      </h2>
      <p aria-live="polite">
        {format("detail.summary", { count: attention, total: rows.length })}
        {notice ? ` ${notice}` : null}
      </p>
      {error ? <Notice tone="error">{errorMessage(error)}</Notice> : null}
      {refreshView.task?.status === "failed" ? (
        <Notice tone="error">
          {humanMessage(refreshView.task.error?.code, refreshView.task.error?.message)}
        </Notice>
      ) : null}
      {rows.length === 0 ? <p className="muted">{format("detail.empty")}</p> : null}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (changed.length > 0) save.mutate(changed);
        }}
      >
        {rows.length > 0 ? (
          <div className="translation-grid">
            <p className="translation-grid__head" aria-hidden="true">
              {format("detail.column.original", { language: languageName(sourceLanguage) })}
            </p>
            <p className="translation-grid__head" aria-hidden="true">
              {format("detail.column.translation", { language })}
            </p>
            {rows.map((row) => (
              <TranslationRow
                key={row.key}
                row={row}
                language={data.language}
                languageLabel={language}
                sourceLanguage={sourceLanguage}
                value={drafts[row.key] ?? row.translated}
                onChange={(text) => setDrafts((d) => ({ ...d, [row.key]: text }))}
                onKeep={() => save.mutate([{ key: row.key, text: drafts[row.key] ?? row.translated }])}
                busy={save.isPending}
              />
            ))}
          </div>
        ) : null}
        <div className="form-actions">
          <button
            type="submit"
            className="btn btn--primary"
            disabled={changed.length === 0 || save.isPending}
          >
            {save.isPending ? format("detail.saving") : format("detail.save")}
          </button>
          {changed.length > 0 ? <span className="muted small">{format("detail.unsaved")}</span> : null}
          <button
            type="button"
            className="btn btn--secondary"
            disabled={refreshing}
            aria-describedby="translation-refresh-hint"
            onClick={() => {
              setNotice(null);
              refresh.mutate();
            }}
          >
            {refreshing ? format("detail.refreshing") : format("detail.refresh")}
          </button>
          <button
            type="button"
            className="btn btn--danger"
            disabled={remove.isPending}
            onClick={async () => {
              const ok = await confirm({
                title: format("detail.delete.title", { language }),
                message: format("detail.delete.message"),
                confirmLabel: format("detail.delete.accept"),
                cancelLabel: format("detail.delete.cancel"),
                danger: true,
              });
              if (ok) remove.mutate();
            }}
          >
            {format("detail.delete")}
          </button>
        </div>
        <p id="translation-refresh-hint" className="muted small">
          {format("detail.refresh.hint")}
        </p>
      </form>
    </section>
  );
}

function TranslationRow({
  row,
  language,
  languageLabel,
  sourceLanguage,
  value,
  onChange,
  onKeep,
  busy,
}: {
  row: Row;
  language: string;
  languageLabel: string;
  sourceLanguage: string;
  value: string;
  onChange(text: string): void;
  onKeep(): void;
  busy: boolean;
}) {
  const id = `tr-${row.key.replace(/[^A-Za-z0-9_-]/g, "-")}`;
  const reason = row.stale?.reason;
  return (
    <div
      className={reason ? `translation-row translation-row--${reason}` : "translation-row"}
      data-field-key={row.key}
    >
      <div className="translation-row__source">
        <p className="translation-row__label small muted">{row.label}</p>
        <p lang={sourceLanguage}>{row.source}</p>
      </div>
      <div className="translation-row__target">
        <label className="visually-hidden" htmlFor={id}>
          {format("detail.field", { language: languageLabel, field: row.label })}
        </label>
        <textarea
          id={id}
          className="input"
          lang={language}
          rows={Math.min(6, Math.max(1, Math.ceil(value.length / 60)))}
          value={value}
          aria-describedby={reason ? `${id}-status` : undefined}
          onChange={(e) => onChange(e.target.value)}
        />
        <div className="translation-row__status">
          {reason ? (
            <>
              <span
                id={`${id}-status`}
                className={reason === "source_changed" ? "badge badge--warning" : "badge badge--neutral"}
              >
                {format(`reason.${reason}`)}
              </span>
              <button
                type="button"
                className="btn btn--ghost btn--small"
                disabled={busy}
                onClick={onKeep}
                aria-label={format("detail.keep.label", { field: `${languageLabel}: ${row.label}` })}
              >
                {format("detail.keep")}
              </button>
            </>
          ) : row.state === "machine" || row.state === "edited" ? (
            <span className="badge badge--success">{format(`state.${row.state}`)}</span>
          ) : null}
        </div>
      </div>
    </div>
  );
}
