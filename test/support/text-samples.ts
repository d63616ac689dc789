/**
 * Seeded text samples and cost ratios for the tests of patterns that see
 * untrusted text: rewritten code is compared with the pattern it replaced on
 * the same random strings, and hostile inputs are timed against benign ones
 * of the same size (a ratio, never an absolute time).
 */

/** `count` strings of up to `maxTokens` tokens each, the same for the same seed. */
export function randomTexts(tokens: readonly string[], count: number, seed = 1, maxTokens = 24): string[] {
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return state / 2 ** 32;
  };
  return Array.from({ length: count }, () => {
    let text = "";
    for (let n = Math.floor(next() * (maxTokens + 1)); n > 0; n--)
      text += tokens[Math.floor(next() * tokens.length)];
    return text;
  });
}

/** The samples on which `actual` and `expected` disagree (at most `limit` of them). */
export function disagreements<T>(
  samples: readonly string[],
  actual: (text: string) => T,
  expected: (text: string) => T,
  limit = 5,
): { text: string; actual: T; expected: T }[] {
  const out: { text: string; actual: T; expected: T }[] = [];
  for (const text of samples) {
    const a = actual(text);
    const e = expected(text);
    if (JSON.stringify(a) !== JSON.stringify(e)) out.push({ text, actual: a, expected: e });
    if (out.length >= limit) break;
  }
  return out;
}

/**
 * How many times longer `hostile` takes than `benign`: the medians of
 * alternating rounds, so load on the machine weighs on both alike.
 */
export async function costRatio(hostile: () => unknown, benign: () => unknown, rounds = 5): Promise<number> {
  const took = async (work: () => unknown) => {
    const start = performance.now();
    await work();
    return performance.now() - start;
  };
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  await benign();
  const h: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < rounds; i++) {
    h.push(await took(hostile));
    b.push(await took(benign));
  }
  // A floor of a tenth of a millisecond keeps a benign run that rounds to nothing from dividing by zero.
  return median(h) / Math.max(median(b), 0.1);
}
