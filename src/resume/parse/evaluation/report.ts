/**
 * Console report of a real-world evaluation: per file, per language, per
 * field, the placed-character share, and confidence calibration.
 */
import { CHECK_FIELDS, type Check, share, type Tally, tally } from "./real-world.js";
import type { RealWorldResult } from "./run-evaluation.js";

/** Fields whose confidence is below this are flagged for review in the UI. */
export const LOW_CONFIDENCE = 0.7;

const pct = (t: Tally | undefined) => (t ? `${share(t).toFixed(2)} (${t.right}/${t.total})` : "—");

/**
 * Wrong-rate of flagged vs unflagged parsed fields. Checks with nothing parsed are
 * counted apart: confidence can only flag what the parser output (what it missed
 * is in `meta.unplaced`).
 */
export function calibration(results: RealWorldResult[]) {
  const flagged = { right: 0, total: 0 };
  const unflagged = { right: 0, total: 0 };
  const missing = { right: 0, total: 0 };
  // Missed fields of a parsed entry whose (empty) field is flagged: the review points at them too.
  let missingFlagged = 0;
  for (const r of results) {
    for (const c of r.checks) {
      if (c.field === "end") continue;
      const confidence = confidenceOf(r.confidence, c);
      const bucket = !c.predicted ? missing : (confidence ?? 0) < LOW_CONFIDENCE ? flagged : unflagged;
      bucket.total++;
      if (c.ok) bucket.right++;
      if (!c.predicted && confidence !== undefined && confidence < LOW_CONFIDENCE) missingFlagged++;
    }
  }
  return { flagged, unflagged, missing, missingFlagged };
}

/** A field's confidence; a skill keyword takes its group's (`skills.2`). */
function confidenceOf(confidence: Record<string, number>, check: Check): number | undefined {
  if (!check.path) return undefined;
  const group = /^(skills\.\d+)\./.exec(check.path)?.[1];
  return confidence[check.path] ?? (group ? confidence[group] : undefined);
}

export function printRealWorld(
  results: RealWorldResult[],
  options: { details: boolean; title?: string },
): void {
  const checks = results.flatMap((r) => r.checks.map((c) => ({ ...c, lang: r.lang })));
  const total = tally(checks, () => "all").get("all");
  console.log(
    `\n${options.title ?? "Real-world corpus"} (${results.length} documents, ${total?.total ?? 0} checks): ${pct(total)}`,
  );

  console.log(`\n${"file".padEnd(36)} lang  det   right         placed  warnings`);
  for (const r of results) {
    const t = tally(r.checks, () => "all").get("all");
    const placed = r.placedShare === undefined ? "  —  " : r.placedShare.toFixed(2);
    console.log(
      `${r.file.padEnd(36)} ${r.lang.padEnd(5)} ${(r.detected ?? "—").padEnd(5)} ${pct(t).padEnd(13)} ${placed.padStart(6)}  ${r.warnings.filter((w) => /^[a-z_]+$/.test(w)).join(",")}`,
    );
    if (options.details)
      for (const c of r.checks.filter((x) => !x.ok))
        console.log(
          `      ✗ ${c.field}: expected ${JSON.stringify(c.expected)}, got ${JSON.stringify(c.predicted)}`,
        );
  }

  console.log("\nPer language");
  const byLang = tally(checks, (c) => c.lang);
  for (const [lang, t] of [...byLang].sort()) console.log(`  ${lang.padEnd(6)} ${pct(t)}`);
  const others = checks.filter((c) => c.lang !== "en");
  console.log(`  ${"non-en".padEnd(6)} ${pct(tally(others, () => "x").get("x"))}`);

  console.log("\nPer field");
  const byField = tally(checks, (c) => c.field);
  for (const field of CHECK_FIELDS) console.log(`  ${field.padEnd(12)} ${pct(byField.get(field))}`);
  const ends = checks.filter((c) => c.field === "end");
  console.log(
    `  ${"(end)".padEnd(12)} ${ends.filter((c) => c.ok).length}/${ends.length}  (reported, not counted)`,
  );

  const shares = results.map((r) => r.placedShare).filter((s): s is number => s !== undefined);
  if (shares.length)
    console.log(
      `\nSource characters placed in a field: mean ${(shares.reduce((a, b) => a + b, 0) / shares.length).toFixed(2)}, min ${Math.min(...shares).toFixed(2)}`,
    );

  const { flagged, unflagged, missing, missingFlagged } = calibration(results);
  const wrong = (t: Tally) =>
    t.total ? `${t.total - t.right}/${t.total} (${((t.total - t.right) / t.total).toFixed(3)})` : "—";
  console.log(`\nConfidence (flagged = below ${LOW_CONFIDENCE})`);
  console.log(`  flagged fields:   wrong ${wrong(flagged)}`);
  console.log(`  unflagged fields: wrong ${wrong(unflagged)}`);
  // The review screen's use: how many of the wrong fields it points at, and at what cost in right ones.
  const wrongTotal = flagged.total - flagged.right + unflagged.total - unflagged.right;
  console.log(
    `  flagged-wrong / flagged-right: ${flagged.total - flagged.right}/${wrongTotal} wrong fields flagged, ${flagged.right}/${flagged.right + unflagged.right} right fields flagged`,
  );
  console.log(
    `  nothing parsed:   ${missing.total} (missed fields; their text is in meta.unplaced), ${missingFlagged} of them in a flagged empty field of a parsed entry`,
  );
}
