/**
 * Where the HTTP API lives. The routes mount here, the auth hook guards it,
 * and the local blob store signs links to its download route.
 */

/** The versioned API prefix every JSON route is mounted under. */
export const API_PREFIX = "/api/v1";

/** The local blob store's signed-link download route (the signature is the credential). */
export const LOCAL_DOWNLOAD_PATH = `${API_PREFIX}/blobs/download`;

/** The public share routes: the token in the path is the credential (no owner, rate-limited per address). */
export const SHARED_PATH = `${API_PREFIX}/shared`;
