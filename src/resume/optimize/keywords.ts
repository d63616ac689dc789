/**
 * Keywords of a job description, and how well a resume covers them.
 *
 * Deterministic and offline: explicit skills of a JSON Resume job come first;
 * free text contributes known multi-word skills and technology-looking terms
 * (CamelCase, acronyms, `Node.js`, `C++`, capitalised words mid-sentence).
 * Matching is case-insensitive on word boundaries with a few aliases
 * (`JS` = `JavaScript`, `Postgres` = `PostgreSQL`, `k8s` = `Kubernetes`).
 */
import { type JsonResumeJob, jsonJobIn } from "../job/json-resume-job.js";

export { type JsonResumeJob, jsonResumeJobSchema } from "../job/json-resume-job.js";

/** A job description as the optimizer receives it: free text or a JSON Resume job. */
export type JobDescriptionInput = string | JsonResumeJob;

export type JobDescription = { text: string; explicit: string[]; exclude: string[] };

/** Text plus explicit skills from either form; a string holding a JSON job is read as one. */
export function readJobDescription(input: JobDescriptionInput): JobDescription {
  let job: JsonResumeJob | null = null;
  if (typeof input === "string") {
    job = jsonJobIn(input);
    if (!job) return { text: input, explicit: [], exclude: [] };
  } else job = input;
  const text = [job.title, job.description, ...(job.responsibilities ?? []), ...(job.qualifications ?? [])]
    .filter(Boolean)
    .join("\n");
  const explicit = (job.skills ?? []).flatMap((s) => [...(s.keywords ?? [])]);
  return { text, explicit, exclude: job.company ? [job.company] : [] };
}

/** Multi-word skills and lower-case technologies worth finding in free text. */
const PHRASES = [
  "machine learning",
  "deep learning",
  "data analysis",
  "data engineering",
  "data science",
  "project management",
  "product management",
  "unit testing",
  "integration testing",
  "test automation",
  "continuous integration",
  "continuous delivery",
  "ci/cd",
  "rest api",
  "rest apis",
  "microservices",
  "distributed systems",
  "cloud computing",
  "web development",
  "web applications",
  "mobile development",
  "user research",
  "ux design",
  "ui/ux",
  "agile",
  "scrum",
  "kanban",
  "stakeholder management",
  "cross-functional",
  "system design",
  "code review",
  "performance tuning",
  "scalability",
  "security",
  "accessibility",
  "devops",
  "observability",
  "incident response",
  "technical leadership",
  "mentoring",
  "budgeting",
  "forecasting",
  "negotiation",
  "public speaking",
  "customer success",
  "sales",
  "marketing",
  "seo",
  "copywriting",
  "financial modeling",
  "risk management",
];

const ALIASES: Record<string, string[]> = {
  javascript: ["js", "javascript", "ecmascript"],
  typescript: ["ts", "typescript"],
  postgresql: ["postgres", "postgresql", "psql"],
  kubernetes: ["kubernetes", "k8s"],
  "node.js": ["node.js", "nodejs", "node"],
  go: ["go", "golang"],
  "ci/cd": ["ci/cd", "cicd", "continuous integration", "continuous delivery"],
  "rest api": ["rest api", "rest apis", "restful", "rest"],
};
const CANONICAL = new Map<string, string>();
for (const [canonical, variants] of Object.entries(ALIASES))
  for (const v of variants) CANONICAL.set(v, canonical);

/** Capitalised words that are ordinary English, not skills. */
const COMMON = new Set(
  `a an and or the we our you your they their this that these those with for from into in on at to of by as is are be will
  can must should may about across all any both each every strong good great excellent ability experience experienced years year
  team teams role work working job position candidate candidates skills skill knowledge understanding degree bachelor bachelor's
  master master's phd field related including include such using use new plus preferred required requirements responsibilities
  qualifications benefits salary remote hybrid office full-time part-time mid-level senior junior lead looking join help build
  develop maintain ensure optimize collaborate company us it i if not but who what when where how why also more most other
  maximum minimum high low fast speed technical feasibility designs applications application product
  engineering business customers customer users world day`.split(/\s+/),
);

/** Words of job titles: a capitalised run containing one is the role, not a skill. */
const ROLE_WORDS = new Set(
  "engineer engineers developer developers manager managers designer designers architect analyst scientist lead head director intern consultant specialist administrator officer senior junior principal staff".split(
    " ",
  ),
);

/** Lower-case technologies recognised in any case; short or ambiguous ones only as written here. */
const TECH_WORDS = new Set(
  "python java javascript typescript ruby php scala kotlin swift rust elixir haskell react angular vue svelte django flask rails spring docker kubernetes terraform ansible linux git graphql kafka redis postgresql mysql mongodb elasticsearch spark hadoop airflow tableau excel figma jira webpack jenkins nginx".split(
    " ",
  ),
);
const SHORT_TECH = new Set(["Go", "R", "C", "C++", "C#", "F#", ".NET"]);

const TECH_TOKEN =
  /^(?:[A-Za-z][A-Za-z0-9]*[.+#/][A-Za-z0-9.+#/]*|[A-Z][a-z]+[A-Z][A-Za-z]*|[A-Z]{2,6}s?|[A-Za-z]+\d[A-Za-z\d]*)$/;

/** The canonical key a keyword is compared by. */
export function keywordKey(keyword: string): string {
  const k = keyword
    .toLowerCase()
    .trim()
    .replace(/(?<![.,;:])[.,;:]+$/, "");
  return CANONICAL.get(k) ?? k;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A case-insensitive word-boundary matcher for a keyword and its aliases. */
function matcher(keyword: string): RegExp {
  const key = keywordKey(keyword);
  const variants = ALIASES[key] ?? [key];
  const body = variants.map(escapeRegExp).join("|");
  return new RegExp(`(?:^|[^\\p{L}\\p{N}+#])(?:${body})(?=$|[^\\p{L}\\p{N}+#]|\\.(?:\\s|$))`, "iu");
}

/** True when `text` mentions the keyword (or an alias). */
export function mentions(text: string, keyword: string): boolean {
  return matcher(keyword).test(text);
}

/** Keywords of a job description in relevance order (explicit skills first, then by frequency). */
export function extractKeywords(job: JobDescription, limit = 30): string[] {
  const found = new Map<string, { label: string; count: number; first: number; explicit: boolean }>();
  const excluded = new Set(job.exclude.map(keywordKey));
  const add = (label: string, position: number, explicit: boolean) => {
    const clean = label
      .trim()
      .replace(/(?<![.,;:)])[.,;:)]+$/, "")
      .replace(/^[(]+/, "");
    const key = keywordKey(clean);
    if (!key || key.length < 2 || excluded.has(key) || COMMON.has(key)) return;
    const entry = found.get(key);
    if (entry) {
      entry.count++;
      entry.explicit ||= explicit;
    } else found.set(key, { label: clean, count: 1, first: position, explicit });
  };
  job.explicit.forEach((k, i) => {
    add(k, -1000 + i, true);
  });
  const text = job.text;
  const lower = text.toLowerCase();
  for (const phrase of PHRASES) {
    let at = lower.indexOf(phrase);
    while (at !== -1) {
      add(text.slice(at, at + phrase.length), at, false);
      at = lower.indexOf(phrase, at + phrase.length);
    }
  }
  // Sentence starts are capitalised anyway; only mid-sentence capitals count as names. Runs of
  // capitalised words form one keyword ("Computer Science"); runs naming a role are the job title.
  for (const sentence of text.matchAll(/[^.!?\n]+[.!?\n]?/g)) {
    const words = [...sentence[0].matchAll(/[A-Za-z][A-Za-z0-9.+#/'-]*[A-Za-z0-9+#]|[A-Za-z]/g)];
    let run: { text: string; at: number }[] = [];
    const flush = () => {
      if (run.length && !run.some((w) => ROLE_WORDS.has(w.text.toLowerCase()))) {
        add(run.map((w) => w.text).join(" "), run[0]!.at, false);
      }
      run = [];
    };
    words.forEach((w, i) => {
      const word = w[0];
      const at = (sentence.index ?? 0) + (w.index ?? 0);
      const technical = TECH_TOKEN.test(word) || TECH_WORDS.has(word.toLowerCase()) || SHORT_TECH.has(word);
      const name = i > 0 && /^[A-Z][a-z]{2,}$/.test(word) && !COMMON.has(word.toLowerCase());
      if (technical && !name) {
        flush();
        add(word, at, false);
      } else if (name) run.push({ text: word, at });
      else flush();
    });
    flush();
  }
  return [...found.values()]
    .sort((a, b) => Number(b.explicit) - Number(a.explicit) || b.count - a.count || a.first - b.first)
    .slice(0, limit)
    .map((k) => k.label);
}

export type KeywordCoverage = { score: number; matched: string[]; missing: string[] };

/** Share of the job's keywords the resume text mentions (0..1, two decimals). */
export function keywordCoverage(resumeText: string, keywords: readonly string[]): KeywordCoverage | null {
  if (keywords.length === 0) return null;
  const matched: string[] = [];
  const missing: string[] = [];
  for (const k of keywords) (mentions(resumeText, k) ? matched : missing).push(k);
  return { score: Math.round((matched.length / keywords.length) * 100) / 100, matched, missing };
}
