/**
 * Whether a progress indicator has stood still: true once `key` (its value and
 * stage) has not changed for `ms`, false again as soon as it moves.
 */
import { useEffect, useState } from "react";

/** Progress that has not moved for this long says so. */
export const STALL_MS = 30_000;

export function useStalled(key: string, active: boolean, ms = STALL_MS): boolean {
  const [stalledKey, setStalledKey] = useState<string | null>(null);
  useEffect(() => {
    if (!active) return;
    const timer = setTimeout(() => setStalledKey(key), ms);
    return () => clearTimeout(timer);
  }, [key, active, ms]);
  return active && stalledKey === key;
}
