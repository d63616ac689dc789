/**
 * Resume action verbs and their past tense.
 *
 * Tense fixes only touch a bullet whose first word is one of these verbs, in
 * any of its forms (`manage`, `manages`, `managing`, `managed`), so the
 * rewrite is always a known word and never a guess at English morphology.
 */
const IRREGULAR: Record<string, string> = {
  build: "built",
  lead: "led",
  run: "ran",
  write: "wrote",
  drive: "drove",
  teach: "taught",
  grow: "grew",
  make: "made",
  win: "won",
  set: "set",
  cut: "cut",
  take: "took",
  give: "gave",
  bring: "brought",
  find: "found",
  oversee: "oversaw",
  rebuild: "rebuilt",
  rewrite: "rewrote",
  speak: "spoke",
  sell: "sold",
  hold: "held",
  keep: "kept",
  begin: "began",
  spearhead: "spearheaded",
  shape: "shaped",
};

const REGULAR = [
  "achieve",
  "administer",
  "advise",
  "analyze",
  "analyse",
  "architect",
  "assess",
  "audit",
  "automate",
  "coach",
  "collaborate",
  "communicate",
  "compile",
  "conduct",
  "configure",
  "consolidate",
  "contribute",
  "coordinate",
  "create",
  "debug",
  "decrease",
  "define",
  "deliver",
  "deploy",
  "design",
  "develop",
  "direct",
  "document",
  "draft",
  "enable",
  "engineer",
  "establish",
  "evaluate",
  "execute",
  "expand",
  "facilitate",
  "forecast",
  "generate",
  "guide",
  "handle",
  "help",
  "identify",
  "implement",
  "improve",
  "increase",
  "initiate",
  "integrate",
  "introduce",
  "launch",
  "maintain",
  "manage",
  "mentor",
  "migrate",
  "model",
  "modernize",
  "monitor",
  "negotiate",
  "operate",
  "optimize",
  "optimise",
  "organize",
  "own",
  "partner",
  "perform",
  "pilot",
  "plan",
  "prepare",
  "present",
  "prioritize",
  "produce",
  "program",
  "promote",
  "prototype",
  "provide",
  "publish",
  "recruit",
  "redesign",
  "reduce",
  "refactor",
  "release",
  "report",
  "research",
  "resolve",
  "restructure",
  "review",
  "scale",
  "schedule",
  "secure",
  "ship",
  "simplify",
  "solve",
  "standardize",
  "streamline",
  "strengthen",
  "supervise",
  "support",
  "test",
  "train",
  "transform",
  "translate",
  "troubleshoot",
  "upgrade",
  "use",
  "validate",
  "work",
];

/** Verbs that double their final consonant (ship → shipped). */
const DOUBLING = new Set(["plan", "ship", "program", "scan", "stop", "drop"]);

function regularPast(base: string): string {
  if (DOUBLING.has(base)) return `${base}${base.at(-1)}ed`;
  if (base.endsWith("e")) return `${base}d`;
  if (/[^aeiou]y$/.test(base)) return `${base.slice(0, -1)}ied`;
  return `${base}ed`;
}

function thirdPerson(base: string): string {
  if (/(s|sh|ch|x|z)$/.test(base)) return `${base}es`;
  if (/[^aeiou]y$/.test(base)) return `${base.slice(0, -1)}ies`;
  return `${base}s`;
}

function gerund(base: string): string {
  if (DOUBLING.has(base)) return `${base}${base.at(-1)}ing`;
  if (base.endsWith("ie")) return `${base.slice(0, -2)}ying`;
  if (base.endsWith("e") && !base.endsWith("ee")) return `${base.slice(0, -1)}ing`;
  return `${base}ing`;
}

type Form = "base" | "third" | "gerund" | "past";
const FORMS = new Map<string, { base: string; form: Form }>();
for (const base of [...REGULAR, ...Object.keys(IRREGULAR)]) {
  const past = IRREGULAR[base] ?? regularPast(base);
  FORMS.set(base, { base, form: "base" });
  FORMS.set(thirdPerson(base), { base, form: "third" });
  FORMS.set(gerund(base), { base, form: "gerund" });
  if (!FORMS.has(past)) FORMS.set(past, { base, form: "past" });
}

/** The verb a word is a form of, if it is a known action verb. */
export function verbForm(word: string): { base: string; form: Form } | undefined {
  return FORMS.get(word.toLowerCase());
}

/** Past tense of a known base verb. */
export function pastTenseOf(base: string): string {
  return IRREGULAR[base] ?? regularPast(base);
}

/** Upper-case the first letter. */
export function capitalize(s: string): string {
  return s ? s[0]!.toUpperCase() + s.slice(1) : s;
}
