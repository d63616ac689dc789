import { describe, expect, it } from "vitest";
import { analyzePosting } from "../../../src/resume/job/analyze-posting.js";
import { skillLexicon } from "../../../src/resume/job/lexicon.js";

const names = (a: ReturnType<typeof analyzePosting>) => a.skills.map((s) => s.name);

describe("analyzePosting", () => {
  it("reads HTML pasted from a job board with a real parser: no tags, entities decoded, scripts dropped", () => {
    const html = `<div class="job"><h1>Senior ML Engineer, Inference Platform</h1>
      <p>Acme AI is hiring. Location: New York, NY (hybrid)</p>
      <h2>What you&#39;ll do</h2><ul><li>Operate GPU serving on Kubernetes &amp; keep Prometheus/Grafana dashboards green</li></ul>
      <h2>Requirements</h2><ul><li>5+ years of Python and distributed systems</li>
      <li>Experience with Triton, TensorRT-LLM or vLLM</li><li>K8s in production</li></ul>
      <h3>Nice to have</h3><ul><li>Model quantization (GPTQ, AWQ)</li></ul>
      <script>window.track("Kafka")</script><style>.Redis{}</style></div>`;
    const a = analyzePosting(html);
    expect(a.title).toBe("Senior ML Engineer, Inference Platform");
    expect(a.company).toBe("Acme AI");
    expect(a.location).toBe("New York, NY");
    expect(a.remote).toBe("hybrid");
    expect(a.seniority).toBe("senior");
    expect(a.requirements.map((r) => [r.text, r.kind])).toEqual([
      ["5+ years of Python and distributed systems", "must"],
      ["Experience with Triton, TensorRT-LLM or vLLM", "must"],
      ["K8s in production", "must"],
      ["Model quantization (GPTQ, AWQ)", "nice"],
    ]);
    expect(a.requirements[0]!.years).toBe(5);
    const skills = names(a);
    for (const s of [
      "Python",
      "Distributed systems",
      "Triton",
      "TensorRT",
      "vLLM",
      "Kubernetes",
      "Prometheus",
      "Grafana",
      "Model quantization",
    ])
      expect(skills).toContain(s);
    expect(skills).not.toContain("Kafka");
    expect(skills).not.toContain("Redis");
    expect(skills.some((s) => /york|prometheus grafana/i.test(s))).toBe(false);
    expect(a.skills.find((s) => s.name === "Kubernetes")).toMatchObject({
      required: true,
      as_written: "K8s",
    });
    expect(a.skills.find((s) => s.name === "Model quantization")?.required).toBe(false);
  });

  it("reads a French posting: no H/F, no 'Doctolib Paris' as a skill, un plus is nice-to-have", () => {
    const a = analyzePosting(`Ingénieur DevOps H/F - Doctolib - Paris
Doctolib recrute un ingénieur DevOps pour son équipe infrastructure.
Vos missions :
- Automatiser les déploiements avec Terraform et Ansible
Profil recherché :
- 3 ans d'expérience minimum sur Kubernetes
- Maîtrise de Python ou Go
- Anglais courant
- Une expérience AWS serait un plus`);
    expect(a).toMatchObject({
      title: "Ingénieur DevOps",
      company: "Doctolib",
      location: "Paris",
      language: "fr",
    });
    expect(a.requirements.map((r) => r.kind)).toEqual(["must", "must", "must", "nice"]);
    const skills = names(a);
    expect(skills).toEqual(
      expect.arrayContaining(["Kubernetes", "Python", "Go", "English", "AWS", "Terraform", "Ansible"]),
    );
    expect(skills.some((s) => /doctolib|paris|^h\/?f$/i.test(s))).toBe(false);
  });

  it("reads a German Markdown posting with gender markers and compounds", () => {
    const a = analyzePosting(`# Vertriebsmitarbeiter im Außendienst (m/w/d)
**Standort:** München
## Deine Aufgaben
- Neukundengewinnung und Betreuung von Bestandskunden im B2B-Vertrieb
## Dein Profil
- Abgeschlossene kaufmännische Ausbildung
- Mindestens 2 Jahre Erfahrung im Vertrieb
- Sicherer Umgang mit Salesforce und MS Office
- Verhandlungsgeschick und sehr gute Deutschkenntnisse
## Wünschenswert
- Englischkenntnisse`);
    expect(a.title).toBe("Vertriebsmitarbeiter im Außendienst");
    expect(a.language).toBe("de");
    expect(a.requirements.filter((r) => r.kind === "nice").map((r) => r.text)).toEqual([
      "Englischkenntnisse",
    ]);
    expect(names(a)).toEqual(
      expect.arrayContaining([
        "New business development",
        "B2B sales",
        "Salesforce",
        "Microsoft Office",
        "Negotiation",
        "German",
        "English",
      ]),
    );
  });

  it("reads a Spanish nursing posting", () => {
    const a = analyzePosting(`Enfermero/a para UCI - Hospital San Rafael
Ubicación: Madrid
Requisitos:
- Grado en Enfermería
- Experiencia en cuidados intensivos
- Manejo de historia clínica electrónica
Se valorará:
- Certificado ACLS`);
    expect(a.company).toBe("Hospital San Rafael");
    expect(a.location).toBe("Madrid");
    expect(a.language).toBe("es");
    expect(names(a)).toEqual(
      expect.arrayContaining(["Registered nurse", "Critical care", "Electronic health records", "ACLS"]),
    );
    expect(a.requirements.find((r) => r.text.includes("ACLS"))?.kind).toBe("nice");
  });

  it("reads a JSON Resume job, explicit skills included", () => {
    const a = analyzePosting(
      JSON.stringify({
        title: "Data Analyst",
        company: "Northwind",
        location: { city: "Austin", countryCode: "US" },
        remote: "Full",
        qualifications: ["SQL and Tableau", "Statistics degree preferred"],
        skills: [{ name: "Tools", keywords: ["Power BI", "Excel"] }],
      }),
    );
    expect(a).toMatchObject({
      title: "Data Analyst",
      company: "Northwind",
      location: "Austin, US",
      remote: "remote",
    });
    expect(names(a)).toEqual(expect.arrayContaining(["SQL", "Tableau", "Statistics", "Power BI", "Excel"]));
    expect(a.requirements.find((r) => r.text.startsWith("Statistics"))?.kind).toBe("nice");
  });

  it("takes unknown items from lists of known skills, but never the employer", () => {
    const a = analyzePosting(`Company: Acme
Requirements:
- Hands-on with Python, Dagster, Kafka and Pulumi
- Acme, Python and Go for the internal tools`);
    expect(names(a)).toEqual(["Python", "Kafka", "Dagster", "Pulumi", "Go"]);
  });

  it("finds requirements in an unstructured paragraph", () => {
    const a = analyzePosting(
      "We are a small bakery chain. You have experience with inventory management and food safety. A driving licence is a plus.",
    );
    expect(a.requirements.map((r) => r.kind)).toEqual(["must", "nice"]);
    expect(names(a)).toEqual(expect.arrayContaining(["Inventory management", "Driving licence"]));
  });
});

describe("skill lexicon", () => {
  const lexicon = skillLexicon();
  it("joins synonyms and keeps multi-word terms whole", () => {
    expect(lexicon.match("K8s, JS and Postgres").map((m) => m.skill)).toEqual([
      "Kubernetes",
      "JavaScript",
      "PostgreSQL",
    ]);
    expect(lexicon.match("React Native and distributed systems").map((m) => m.skill)).toEqual([
      "React Native",
      "Distributed systems",
    ]);
  });
  it("splits slash lists but keeps CI/CD", () => {
    expect(lexicon.match("Prometheus/Grafana with CI/CD").map((m) => m.skill)).toEqual([
      "Prometheus",
      "Grafana",
      "CI/CD",
    ]);
  });
  it("keeps ordinary words ordinary", () => {
    expect(lexicon.match("the rest of the team will go live; we excel at safe releases in New York")).toEqual(
      [],
    );
  });
  it("lets a tool evidence its field", () => {
    expect(lexicon.mentions("Served models with Triton on EKS", "Model serving")).toBe(true);
    expect(lexicon.mentions("Served models with Triton on EKS", "Kubernetes")).toBe(true);
  });
});
