/**
 * The public page of a share link (`#/s/<token>`): no login. It fetches the shared file once (one
 * logged view), draws page 1 with pdf.js and offers it for download; an expired link and a revoked
 * one each have their own page (the server answers 410 `link_expired` or `link_revoked`), and a link
 * with a passcode asks for it first (a wrong one, or too many tries, is said so above the form).
 */
import { useQuery } from "@tanstack/react-query";
import { type FormEvent, type ReactNode, useEffect, useState } from "react";
import { ApiError, errorMessage } from "../api/problem.js";
import { sharedApi } from "../api/variants.js";
import { formatDateTime } from "../components/format.js";
import { Notice } from "../components/notice.js";
import { PdfPreview } from "../components/pdf-preview.js";
import { formatVariant as t } from "../components/variant-messages.js";
import "./variants-screen.css";

export function SharedScreen({ token }: { token: string }) {
  const [passcode, setPasscode] = useState<string | undefined>(undefined);
  const [typed, setTyped] = useState("");
  // Each submit is a new try, even with the same passcode as the last one.
  const [attempt, setAttempt] = useState(0);
  const opened = useQuery({
    queryKey: ["shared", token, passcode ?? "", attempt],
    queryFn: async () => {
      const info = await sharedApi.describe(token, passcode);
      const blob = await sharedApi.file(token, passcode);
      return { info, blob, bytes: new Uint8Array(await blob.arrayBuffer()) };
    },
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
  });
  const [href, setHref] = useState<string | null>(null);
  const blob = opened.data?.blob;
  useEffect(() => {
    if (!blob) return;
    const url = URL.createObjectURL(blob);
    setHref(url);
    return () => URL.revokeObjectURL(url);
  }, [blob]);

  useEffect(() => {
    // The page of a shared document is not for search engines.
    const meta = document.createElement("meta");
    meta.name = "robots";
    meta.content = "noindex, nofollow";
    document.head.append(meta);
    return () => meta.remove();
  }, []);

  function submit(e: FormEvent) {
    e.preventDefault();
    setPasscode(typed);
    setAttempt((n) => n + 1);
  }

  const error = opened.error;
  const code = error instanceof ApiError ? error.code : undefined;
  // Too many tries (the server limits each address) keeps the form, with its own message.
  const limited = error instanceof ApiError && error.status === 429 && passcode !== undefined;
  let body: ReactNode;
  if (opened.isPending) body = <p className="muted">{t("public.loading")}</p>;
  else if (code === "passcode_required" || limited) {
    body = (
      <form className="variants__form" onSubmit={submit}>
        <p>{t("public.passcode.intro")}</p>
        {limited ? (
          <Notice tone="error">{t("public.passcode.limited")}</Notice>
        ) : passcode !== undefined ? (
          <Notice tone="error">{t("public.passcode.wrong")}</Notice>
        ) : null}
        <div className="field">
          <label htmlFor="share-passcode" className="field__label">
            {t("public.passcode")}
          </label>
          <input
            id="share-passcode"
            className="input"
            type="password"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
          />
        </div>
        <div className="form-actions">
          <button type="submit" className="btn btn--primary">
            {t("public.passcode.submit")}
          </button>
        </div>
      </form>
    );
  } else if (code === "link_expired") {
    body = (
      <Notice tone="warning" title={t("public.expired.title")}>
        {t("public.expired.text")}
      </Notice>
    );
  } else if (code === "link_revoked") {
    body = (
      <Notice tone="warning" title={t("public.gone.title")}>
        {t("public.revoked.text")}
      </Notice>
    );
  } else if (error instanceof ApiError && error.status === 410) {
    body = (
      <Notice tone="warning" title={t("public.gone.title")}>
        {errorMessage(error)}
      </Notice>
    );
  } else if (error instanceof ApiError && error.status === 404) {
    body = (
      <Notice tone="warning" title={t("public.missing.title")}>
        {t("public.missing.text")}
      </Notice>
    );
  } else if (error) {
    body = (
      <Notice tone="error" title={t("public.error.title")}>
        {errorMessage(error)}
      </Notice>
    );
  } else if (opened.data) {
    const { info, bytes } = opened.data;
    body = (
      <>
        <p className="lead">{info.filename}</p>
        {href ? (
          <a className="btn btn--primary" href={href} download={info.filename}>
            {t("public.download", { filename: info.filename })}
          </a>
        ) : null}
        {info.content_type === "application/pdf" ? <PdfPreview data={bytes} title={info.filename} /> : null}
        <p className="muted small">{t("public.expires", { when: formatDateTime(info.expires_at) })}</p>
      </>
    );
  }
  return (
    <div className="narrow share-page">
      <h1 className="page-title">{t("public.title")}</h1>
      {body}
    </div>
  );
}
