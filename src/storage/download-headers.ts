/**
 * Response headers for a blob download, built from our own database row.
 *
 * Both adapters use these: the local store's download route sets them on the
 * response, and the Azure adapter bakes the same values into the SAS
 * (`rscd`/`rsct`) so Azure returns them. The filename and content type never
 * come from the request.
 */

/** Content types we will put in a header: `type/subtype` with optional parameters, no control characters. */
const CONTENT_TYPE =
  /^[A-Za-z0-9!#$&^_.+-]+\/[A-Za-z0-9!#$&^_.+-]+(?:\s*;\s*[A-Za-z0-9!#$&^_.+-]+=(?:[A-Za-z0-9!#$&^_.+-]+|"[^"\\\r\n]*"))*$/;

/** A content type safe to send, falling back to `application/octet-stream`. */
export function safeContentType(contentType: string | undefined): string {
  return contentType && contentType.length <= 200 && CONTENT_TYPE.test(contentType)
    ? contentType
    : "application/octet-stream";
}

/**
 * `attachment; filename="ascii fallback"; filename*=UTF-8''percent-encoded` (RFC 6266 + RFC 5987),
 * so every browser offers the real name and none can be tricked by quotes or line breaks in it.
 */
export function contentDisposition(filename: string): string {
  const name = cleanFilename(filename);
  const fallback = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^\x20-\x7e]/g, "_")
    .replace(/["\\]/g, "_");
  return `attachment; filename="${fallback}"; filename*=UTF-8''${rfc5987(name)}`;
}

/** The headers a download response must carry. */
export function downloadHeaders(options: {
  filename: string;
  contentType: string;
  size?: number;
}): Record<string, string> {
  const headers: Record<string, string> = {
    "Content-Type": safeContentType(options.contentType),
    "Content-Disposition": contentDisposition(options.filename),
    // A signed link is a bearer credential for its lifetime; no shared cache may keep the response.
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    // Downloads are documents, not pages: nothing in them may run in our origin.
    "Content-Security-Policy": "default-src 'none'; sandbox",
  };
  if (options.size !== undefined) headers["Content-Length"] = String(options.size);
  return headers;
}

/** Strip what no file name should contain (controls, path separators), keep everything else. */
function cleanFilename(filename: string): string {
  const cleaned = String(filename ?? "")
    // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
    .replace(/[\u0000-\u001f\u007f/\\]/g, "_")
    .trim()
    .slice(0, 200);
  return cleaned || "download";
}

/** RFC 5987 `value-chars`: percent-encode everything outside attr-char. */
function rfc5987(value: string): string {
  return encodeURIComponent(value).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
