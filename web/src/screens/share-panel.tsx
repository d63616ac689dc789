/**
 * A CV's share links: make one for a recipient, pinned to one exported PDF version, with an expiry
 * (the server's default, at most its maximum) and an optional passcode; the link is shown once to copy; the list shows each link's status and views, and revokes one.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { errorMessage } from "../api/problem.js";
import { queryKeys } from "../api/queries.js";
import { type NewShareLink, type ShareLink, shareUrl, variantsApi } from "../api/variants.js";
import { useConfirm } from "../components/confirm-dialog.js";
import { formatDateTime } from "../components/format.js";
import { Notice } from "../components/notice.js";
import { formatVariant as t } from "../components/variant-messages.js";
import { useApi } from "../hooks/use-api.js";
import "./history-screen.css";

const STATUS_BADGE: Record<ShareLink["status"], string> = {
  active: "badge badge--success",
  revoked: "badge badge--neutral",
  expired: "badge badge--warning",
};

export function SharePanel({ jobId }: { jobId: string }) {
  const api = useApi();
  const client = useQueryClient();
  const confirm = useConfirm();
  const artifacts = useQuery({
    queryKey: queryKeys.artifacts(jobId),
    queryFn: () => api.listArtifacts(jobId),
  });
  const links = useQuery({ queryKey: queryKeys.shares(jobId), queryFn: () => variantsApi.listShares(jobId) });
  const pdfs = (artifacts.data ?? []).filter((a) => a.kind === "pdf" && !a.is_zip);
  const [artifactId, setArtifactId] = useState("");
  const [recipient, setRecipient] = useState("");
  const limits = useQuery({
    queryKey: queryKeys.shareLimits(),
    queryFn: () => variantsApi.shareLimits(),
    staleTime: Number.POSITIVE_INFINITY,
  });
  const defaultDays = limits.data?.default_days ?? 30;
  const maxDays = limits.data?.max_days ?? defaultDays;
  // null: the server's default, until the person types a number.
  const [typedDays, setDays] = useState<string | null>(null);
  const days = typedDays ?? String(defaultDays);
  const [passcode, setPasscode] = useState("");
  const [formError, setFormError] = useState<string | null>(null);
  const [made, setMade] = useState<NewShareLink | null>(null);
  const [copied, setCopied] = useState(false);
  const [revokedNote, setRevokedNote] = useState(false);
  const refresh = () => {
    void client.invalidateQueries({ queryKey: queryKeys.shares(jobId) });
    void client.invalidateQueries({ queryKey: ["variants"] });
  };

  const create = useMutation({
    mutationFn: (body: {
      artifact_id: string;
      recipient: string;
      expires_in_days: number;
      passcode?: string;
    }) => variantsApi.createShare(jobId, body),
    onSuccess: (link) => {
      setMade(link);
      setCopied(false);
      setRecipient("");
      setPasscode("");
      refresh();
    },
  });
  const revoke = useMutation({
    mutationFn: (linkId: string) => variantsApi.revokeShare(jobId, linkId),
    onSuccess: () => {
      setRevokedNote(true);
      refresh();
    },
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    const chosen = artifactId || pdfs[0]?.id;
    if (!chosen) return;
    if (!recipient.trim()) {
      setFormError(t("share.recipient.missing"));
      return;
    }
    const n = Number(days);
    if (!Number.isInteger(n) || n < 1 || n > maxDays) {
      setFormError(t("share.expiry.invalid", { max: maxDays }));
      return;
    }
    if (passcode !== "" && passcode.length < 4) {
      setFormError(t("share.passcode.short"));
      return;
    }
    setFormError(null);
    setRevokedNote(false);
    create.mutate({
      artifact_id: chosen,
      recipient: recipient.trim(),
      expires_in_days: n,
      ...(passcode ? { passcode } : {}),
    });
  }

  async function askRevoke(link: ShareLink) {
    const yes = await confirm({
      title: t("share.revoke"),
      message: t("share.revoke.confirm", { recipient: link.recipient }),
      confirmLabel: t("share.revoke"),
      danger: true,
    });
    if (yes) revoke.mutate(link.id);
  }

  const url = made ? shareUrl(made.token) : "";
  const items = links.data ?? [];
  return (
    <section className="card share" aria-labelledby="share-title">
      <h2 id="share-title" className="card__title">
        {t("share.title")}
      </h2>
      <p className="muted">{t("share.intro")}</p>
      {artifacts.error ? <Notice tone="error">{errorMessage(artifacts.error)}</Notice> : null}
      {pdfs.length === 0 ? (
        <p className="muted">{t("share.file.none")}</p>
      ) : (
        <form className="variants__form" onSubmit={submit} noValidate>
          <div className="field">
            <label htmlFor="share-file" className="field__label">
              {t("share.file")}
            </label>
            <select
              id="share-file"
              className="input"
              value={artifactId || pdfs[0]?.id}
              onChange={(e) => setArtifactId(e.target.value)}
            >
              {pdfs.map((a) => (
                <option key={a.id} value={a.id}>
                  {t("share.file.option", { filename: a.filename, version: a.version })}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="share-recipient" className="field__label">
              {t("share.recipient")}
            </label>
            <input
              id="share-recipient"
              className="input"
              value={recipient}
              maxLength={200}
              aria-describedby="share-recipient-hint"
              onChange={(e) => setRecipient(e.target.value)}
            />
            <p id="share-recipient-hint" className="field__hint">
              {t("share.recipient.hint")}
            </p>
          </div>
          <div className="field">
            <label htmlFor="share-days" className="field__label">
              {t("share.expiry")}
            </label>
            <input
              id="share-days"
              className="input"
              type="number"
              min={1}
              max={maxDays}
              value={days}
              aria-describedby="share-days-hint"
              onChange={(e) => setDays(e.target.value)}
            />
            <p id="share-days-hint" className="field__hint">
              {t("share.expiry.hint", { max: maxDays, default: defaultDays })}
            </p>
          </div>
          <div className="field">
            <label htmlFor="share-passcode-new" className="field__label">
              {t("share.passcode")}
            </label>
            <input
              id="share-passcode-new"
              className="input"
              value={passcode}
              maxLength={200}
              autoComplete="off"
              aria-describedby="share-passcode-hint"
              onChange={(e) => setPasscode(e.target.value)}
            />
            <p id="share-passcode-hint" className="field__hint">
              {t("share.passcode.hint")}
            </p>
          </div>
          {formError ? <Notice tone="error">{formError}</Notice> : null}
          {create.error ? <Notice tone="error">{errorMessage(create.error)}</Notice> : null}
          <div className="form-actions">
            <button type="submit" className="btn btn--primary" disabled={create.isPending}>
              {create.isPending ? t("share.busy") : t("share.submit")}
            </button>
          </div>
        </form>
      )}
      {made ? (
        <Notice tone="success" title={t("share.created.title")}>
          <p>{t("share.created.text")}</p>
          <div className="share__link">
            <label htmlFor="share-url" className="visually-hidden">
              {t("share.link")}
            </label>
            <input id="share-url" className="input" readOnly value={url} onFocus={(e) => e.target.select()} />
            <button
              type="button"
              className="btn btn--secondary btn--small"
              onClick={() => {
                void navigator.clipboard?.writeText(url).then(
                  () => setCopied(true),
                  () => setCopied(false),
                );
              }}
            >
              {t("share.copy")}
            </button>
          </div>
          {copied ? <p className="small">{t("share.copied")}</p> : null}
        </Notice>
      ) : null}
      {revokedNote ? <Notice tone="info">{t("share.revoked")}</Notice> : null}
      {revoke.error ? <Notice tone="error">{errorMessage(revoke.error)}</Notice> : null}
      <h3 className="subheading">{t("share.links.title")}</h3>
      {links.error ? <Notice tone="error">{errorMessage(links.error)}</Notice> : null}
      {items.length === 0 ? (
        <p className="muted empty">{t("share.links.empty")}</p>
      ) : (
        <div className="share__table">
          <table className="table">
            <caption className="visually-hidden">{t("share.links.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("share.col.recipient")}</th>
                <th scope="col">{t("share.col.file")}</th>
                <th scope="col">{t("share.col.status")}</th>
                <th scope="col">{t("share.col.views")}</th>
                <th scope="col">{t("share.col.last_view")}</th>
                <th scope="col">{t("share.col.expires")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("share.col.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((link) => (
                <tr key={link.id}>
                  <td>{link.recipient}</td>
                  <td>
                    {link.artifact
                      ? t("share.file.option", {
                          filename: link.artifact.filename,
                          version: link.artifact.version,
                        })
                      : t("share.file.missing")}
                  </td>
                  <td>
                    <span className={STATUS_BADGE[link.status]}>{t(`share.status.${link.status}`)}</span>
                    {link.passcode ? (
                      <span className="badge badge--info">{t("share.passcode.badge")}</span>
                    ) : null}
                  </td>
                  <td>{link.views}</td>
                  <td>{link.last_viewed_at ? formatDateTime(link.last_viewed_at) : t("variants.never")}</td>
                  <td>{formatDateTime(link.expires_at)}</td>
                  <td className="table__action">
                    {link.status === "active" ? (
                      <button
                        type="button"
                        className="btn btn--danger-text btn--small"
                        aria-label={t("share.revoke.label", { recipient: link.recipient })}
                        disabled={revoke.isPending}
                        onClick={() => void askRevoke(link)}
                      >
                        {t("share.revoke")}
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
