/**
 * A CV's kept versions on the Versions tab: keep the current state under a name, list every version
 * (when, what changed, its name), name one, restore one and undo a restore, and compare any two
 * (`VersionCompare`). A restore is an edit like any other, so the newest version can always be a
 * restore that offers its own undo.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { errorMessage } from "../api/problem.js";
import { queryKeys } from "../api/queries.js";
import type { Resume } from "../api/types.js";
import { type JobVersion, type ListedVersion, variantsApi } from "../api/variants.js";
import { useConfirm } from "../components/confirm-dialog.js";
import { formatDateTime } from "../components/format.js";
import { Notice } from "../components/notice.js";
import { formatVariant as t } from "../components/variant-messages.js";
import { describeFieldKey } from "../editor/describe-path.js";
import type { JobScreenProps } from "./job-screen.js";
import { VersionCompare } from "./version-compare.js";
import "./versions-panel.css";

/** What the last action did, for the notice under the form. */
type Outcome =
  | { kind: "kept"; version: JobVersion }
  | { kind: "named"; version: JobVersion }
  | { kind: "restored"; number: number; restore: JobVersion }
  | { kind: "undone" };

export function VersionsPanel({ versioned, reload }: JobScreenProps) {
  const { job, etag } = versioned;
  const client = useQueryClient();
  const confirm = useConfirm();
  const list = useQuery({
    // The job's update time is part of the key: an edit on another tab adds a version.
    queryKey: [...queryKeys.versions(job.id), job.updated_at],
    queryFn: () => variantsApi.versions(job.id),
  });
  const [name, setName] = useState("");
  const [nameError, setNameError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  /** After a restore or undo: the job, its versions and (for a master) its variants changed. */
  async function afterContentChange() {
    await reload();
    void client.invalidateQueries({ queryKey: queryKeys.versions(job.id) });
    void client.invalidateQueries({ queryKey: ["variants"] });
    void client.invalidateQueries({ queryKey: ["variant"] });
  }

  const keep = useMutation({
    mutationFn: (text: string) => variantsApi.keepVersion(job.id, text),
    onSuccess: (version) => {
      setName("");
      setOutcome({ kind: "kept", version });
      void client.invalidateQueries({ queryKey: queryKeys.versions(job.id) });
    },
  });
  const rename = useMutation({
    mutationFn: (input: { id: string; name: string | null }) =>
      variantsApi.nameVersion(job.id, input.id, input.name),
    onSuccess: (version) => {
      setOutcome({ kind: "named", version });
      void client.invalidateQueries({ queryKey: queryKeys.versions(job.id) });
    },
  });
  const restore = useMutation({
    mutationFn: (version: ListedVersion) => variantsApi.restoreVersion(job.id, version.id, etag),
    onSuccess: async (result, version) => {
      setOutcome({ kind: "restored", number: version.number, restore: result.version });
      await afterContentChange();
    },
  });
  const undo = useMutation({
    mutationFn: (restoreId: string) => variantsApi.undoRestore(job.id, restoreId),
    onSuccess: async () => {
      setOutcome({ kind: "undone" });
      await afterContentChange();
    },
  });
  const busy = restore.isPending || undo.isPending;
  const failure = keep.error ?? rename.error ?? restore.error ?? undo.error;

  function submitKeep(e: FormEvent) {
    e.preventDefault();
    const text = name.trim();
    if (!text) {
      setNameError(t("versions.keep.missing"));
      return;
    }
    setNameError(null);
    keep.mutate(text);
  }

  async function askRestore(version: ListedVersion) {
    const yes = await confirm({
      title: t("versions.restore.title", { number: version.number }),
      message: t("versions.restore.confirm", { number: version.number }),
      confirmLabel: t("versions.restore"),
    });
    if (yes) restore.mutate(version);
  }

  const versions = list.data ?? [];
  const numberOf = (id: string | null) => versions.find((v) => v.id === id)?.number;
  return (
    <section className="card versions" aria-labelledby="versions-title">
      <h2 id="versions-title" className="card__title">
        {t("versions.title")}
      </h2>
      <p className="muted">{t("versions.intro")}</p>
      {job.sections ? (
        <form className="versions__keep" onSubmit={submitKeep} noValidate>
          <div className="field">
            <label htmlFor="version-name" className="field__label">
              {t("versions.keep.name")}
            </label>
            <input
              id="version-name"
              className="input"
              value={name}
              maxLength={200}
              aria-describedby="version-name-hint"
              onChange={(e) => setName(e.target.value)}
            />
            <p id="version-name-hint" className="field__hint">
              {t("versions.keep.hint")}
            </p>
          </div>
          <div className="form-actions">
            <button type="submit" className="btn btn--secondary" disabled={keep.isPending}>
              {keep.isPending ? t("versions.keep.busy") : t("versions.keep.submit")}
            </button>
          </div>
        </form>
      ) : null}
      {nameError ? <Notice tone="error">{nameError}</Notice> : null}
      {failure ? <Notice tone="error">{errorMessage(failure)}</Notice> : null}
      {outcome ? <OutcomeNotice outcome={outcome} busy={busy} onUndo={(id) => undo.mutate(id)} /> : null}
      {list.error ? <Notice tone="error">{errorMessage(list.error)}</Notice> : null}
      {list.isPending ? (
        <p className="muted">{t("versions.loading")}</p>
      ) : versions.length === 0 ? (
        <p className="muted empty">{t("versions.empty")}</p>
      ) : (
        <>
          <h3 className="subheading">{t("versions.list.title")}</h3>
          <ol className="versions__list">
            {versions.map((version, i) => (
              <VersionItem
                key={version.id}
                version={version}
                current={i === 0}
                resume={job.sections}
                restoredNumber={numberOf(version.restored_from_id)}
                busy={busy}
                // Right after a restore its notice offers the undo; the row does not repeat it.
                undoOffered={outcome?.kind === "restored" && outcome.restore.id === version.id}
                renaming={rename.isPending}
                onRename={(text) => rename.mutate({ id: version.id, name: text })}
                onRestore={() => void askRestore(version)}
                onUndo={() => undo.mutate(version.id)}
              />
            ))}
          </ol>
          {versions.length > 1 ? <VersionCompare jobId={job.id} versions={versions} /> : null}
        </>
      )}
    </section>
  );
}

function OutcomeNotice({
  outcome,
  busy,
  onUndo,
}: {
  outcome: Outcome;
  busy: boolean;
  onUndo(restoreId: string): void;
}) {
  if (outcome.kind === "kept")
    return (
      <Notice tone="success">
        {t("versions.kept", { number: outcome.version.number, name: outcome.version.name ?? "" })}
      </Notice>
    );
  if (outcome.kind === "named")
    return (
      <Notice tone="success">
        {t("versions.named", { number: outcome.version.number, name: outcome.version.name ?? "" })}
      </Notice>
    );
  if (outcome.kind === "undone") return <Notice tone="success">{t("versions.undone")}</Notice>;
  return (
    <Notice tone="success">
      <span>{t("versions.restored", { number: outcome.number })} </span>
      <button
        type="button"
        className="btn btn--secondary btn--small"
        disabled={busy}
        aria-label={t("versions.undo.label", { number: outcome.number })}
        onClick={() => onUndo(outcome.restore.id)}
      >
        {t("versions.undo")}
      </button>
    </Notice>
  );
}

function changesText(version: ListedVersion, resume: Resume | null): string {
  const { changes } = version;
  if (!changes) return t("versions.changes.first");
  if (changes.count === 0) return t("versions.changes.none");
  const fields = changes.paths.map((p) => describeFieldKey([resume], p)).join(", ");
  const more = changes.count - changes.paths.length;
  return more > 0 ? t("versions.changes.more", { fields, count: more }) : t("versions.changes", { fields });
}

function reasonText(version: ListedVersion, restoredNumber: number | undefined): string {
  if (version.reason === "restore")
    return restoredNumber === undefined
      ? t("versions.reason.restore.unknown")
      : t("versions.reason.restore", { number: restoredNumber });
  return t(version.reason === "snapshot" ? "versions.reason.snapshot" : "versions.reason.edit");
}

function VersionItem(props: {
  version: ListedVersion;
  current: boolean;
  resume: Resume | null;
  restoredNumber: number | undefined;
  busy: boolean;
  undoOffered: boolean;
  renaming: boolean;
  onRename(name: string | null): void;
  onRestore(): void;
  onUndo(): void;
}) {
  const { version, current } = props;
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(version.name ?? "");
  const fieldId = `version-${version.id}-name`;

  function save(e: FormEvent) {
    e.preventDefault();
    props.onRename(text.trim() || null);
    setEditing(false);
  }

  return (
    <li className="versions__item">
      <div className="versions__head">
        <span className="version">{t("versions.number", { number: version.number })}</span>
        {version.name ? <span className="versions__name">{version.name}</span> : null}
        {current ? <span className="badge badge--success">{t("versions.current")}</span> : null}
      </div>
      <p className="versions__meta muted small">
        {t("versions.meta", {
          when: formatDateTime(version.created_at),
          reason: reasonText(version, props.restoredNumber),
        })}
      </p>
      <p className="versions__changes">{changesText(version, props.resume)}</p>
      {editing ? (
        <form className="versions__rename" onSubmit={save}>
          <label htmlFor={fieldId} className="visually-hidden">
            {t("versions.name.field", { number: version.number })}
          </label>
          <input
            id={fieldId}
            className="input"
            value={text}
            maxLength={200}
            onChange={(e) => setText(e.target.value)}
          />
          <button type="submit" className="btn btn--secondary btn--small" disabled={props.renaming}>
            {t("versions.name.save")}
          </button>
          <button type="button" className="btn btn--ghost btn--small" onClick={() => setEditing(false)}>
            {t("versions.name.cancel")}
          </button>
        </form>
      ) : (
        <div className="versions__actions">
          <button
            type="button"
            className="btn btn--ghost btn--small"
            aria-label={t("versions.name.edit.label", { number: version.number })}
            onClick={() => {
              setText(version.name ?? "");
              setEditing(true);
            }}
          >
            {t("versions.name.edit")}
          </button>
          {current ? null : (
            <button
              type="button"
              className="btn btn--secondary btn--small"
              aria-label={t("versions.restore.label", { number: version.number })}
              disabled={props.busy}
              onClick={props.onRestore}
            >
              {t("versions.restore")}
            </button>
          )}
          {current && version.reason === "restore" && version.replaced_version_id && !props.undoOffered ? (
            <button
              type="button"
              className="btn btn--secondary btn--small"
              aria-label={t("versions.undo.label", { number: props.restoredNumber ?? version.number })}
              disabled={props.busy}
              onClick={props.onUndo}
            >
              {t("versions.undo")}
            </button>
          ) : null}
        </div>
      )}
    </li>
  );
}
