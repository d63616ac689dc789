/**
 * Dotted JSON paths into a resume (`work.0.positions.1.highlights.2`).
 *
 * Only plain own properties and array indexes are followed, so a path can
 * never reach `__proto__` or anything outside the document.
 */
const SEGMENT = /^(?:0|[1-9]\d{0,3}|[A-Za-z][A-Za-z0-9_]{0,40})$/;

export function parsePath(path: string): string[] | null {
  const segments = path.split(".");
  return segments.every((s) => SEGMENT.test(s)) ? segments : null;
}

/** The value at `path`, or undefined when any segment is missing. */
export function getAtPath(root: unknown, path: string): unknown {
  const segments = parsePath(path);
  if (!segments) return undefined;
  let node: unknown = root;
  for (const segment of segments) {
    if (node === null || typeof node !== "object") return undefined;
    if (Array.isArray(node)) {
      if (!/^\d+$/.test(segment)) return undefined;
      node = node[Number(segment)];
    } else {
      if (!Object.hasOwn(node, segment)) return undefined;
      node = (node as Record<string, unknown>)[segment];
    }
  }
  return node;
}

/** The parent container and final key of `path`, when the parent exists. */
export function parentAtPath(
  root: unknown,
  path: string,
): { parent: Record<string, unknown> | unknown[]; key: string } | null {
  const segments = parsePath(path);
  if (!segments) return null;
  const key = segments.pop()!;
  const parent = segments.length ? getAtPath(root, segments.join(".")) : root;
  if (parent === null || typeof parent !== "object") return null;
  return { parent: parent as Record<string, unknown> | unknown[], key };
}
