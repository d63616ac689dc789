import { describe, expect, it } from "vitest";
import { DEGREE, INSTITUTION_WORDS, TITLE_WORDS } from "../../../src/resume/parse/extract/features.js";
import { parseDateText } from "../../../src/resume/parse/layout/dates.js";
import { sectionKindOf } from "../../../src/resume/parse/layout/headings.js";
import {
  detectLanguage,
  LEXICONS,
  MONTH_WORDS,
  readLabel,
  readLabelledSegments,
} from "../../../src/resume/parse/lexicon/index.js";

describe("lexicons", () => {
  it("cover the languages the parser promises, each complete", () => {
    const codes = LEXICONS.map((l) => l.code);
    expect(codes).toEqual(
      expect.arrayContaining(["en", "de", "fr", "es", "it", "pt", "nl", "pl", "sv", "cs", "zh", "ja"]),
    );
    for (const lexicon of LEXICONS) {
      expect(lexicon.months, lexicon.code).toHaveLength(12);
      expect(lexicon.present.length, lexicon.code).toBeGreaterThan(0);
      for (const kind of ["work", "education", "skills"] as const)
        expect(lexicon.headings[kind]?.length ?? 0, `${lexicon.code} ${kind}`).toBeGreaterThan(0);
    }
  });

  it("never give one month word two meanings", () => {
    const seen = new Map<string, number>();
    const clashes: string[] = [];
    for (const lexicon of LEXICONS)
      lexicon.months.forEach((names, i) => {
        for (const name of names) {
          const key = name.toLowerCase();
          if (seen.has(key) && seen.get(key) !== i + 1) clashes.push(`${lexicon.code}:${name}`);
          seen.set(key, i + 1);
        }
      });
    expect(clashes).toEqual([]);
    expect(MONTH_WORDS.get("października")).toBe(10);
  });

  it.each([
    ["Berufserfahrung", "work"],
    ["Ausbildung", "education"],
    ["Kenntnisse", "skills"],
    ["Expériences professionnelles", "work"],
    ["Compétences :", "skills"],
    ["Experiencia Laboral", "work"],
    ["ISTRUZIONE E FORMAZIONE", "education"],
    ["Formação Acadêmica", "education"],
    ["Werkervaring", "work"],
    ["Doświadczenie zawodowe", "work"],
    ["Arbetslivserfarenhet", "work"],
    ["Pracovní zkušenosti", "work"],
    ["工作经历", "work"],
    ["专业技能", "skills"],
    ["学歴", "education"],
    ["E X P E R I E N C E", "work"],
    ["EXPERIENC E", "work"],
  ])("heading %s is %s", (title, kind) => {
    expect(sectionKindOf(title)).toBe(kind);
  });

  it.each([
    ["Giugno 2021 – Presente", { start: "2021-06", current: true }],
    ["März 2019 – heute", { start: "2019-03", current: true }],
    ["janv. 2018 à déc. 2020", { start: "2018-01", end: "2020-12" }],
    ["sept 2017 - aujourd'hui", { start: "2017-09", current: true }],
    ["ene 2020 - actualidad", { start: "2020-01", current: true }],
    ["01/02/2021 - Atual", { start: "2021-02", current: true }],
    ["mar/2019 - out/2020", { start: "2019-03", end: "2020-10" }],
    ["mrt 2015 – heden", { start: "2015-03", current: true }],
    ["października 2019 – obecnie", { start: "2019-10", current: true }],
    ["2018 till 2020", { start: "2018", end: "2020" }],
    ["září 2016 – současnost", { start: "2016-09", current: true }],
    ["2019年3月 - 至今", { start: "2019-03", current: true }],
    ["2020年4月〜現在", { start: "2020-04", current: true }],
  ])("date %s", (text, expected) => {
    expect(parseDateText(text)).toMatchObject(expected);
  });

  it("knows degrees, titles and institutions across languages", () => {
    for (const degree of [
      "Laurea Magistrale in Informatica",
      "Licenciatura en Ciencias",
      "Abitur",
      "博士前期課程",
      "Kandidatexamen i data",
    ])
      expect(DEGREE.test(degree), degree).toBe(true);
    for (const title of [
      "Softwareentwickler",
      "Desarrollador web",
      "Sviluppatore",
      "Programista",
      "Systemutvecklare",
    ])
      expect(TITLE_WORDS.test(title), title).toBe(true);
    for (const school of ["Università di Pisa", "Berufsschule Köln", "Politechnika Warszawska", "履歴書大学"])
      expect(INSTITUTION_WORDS.test(school), school).toBe(true);
    expect(TITLE_WORDS.test("Entwicklungsabteilung")).toBe(false);
  });

  it("reads contact labels", () => {
    expect(readLabel("Tel.: +49 30 123456")).toEqual({ kind: "phone", value: "+49 30 123456" });
    expect(readLabel("Correo: juan@example.com")).toEqual({ kind: "email", value: "juan@example.com" });
    expect(readLabel("Tel Aviv, Israel")).toBeUndefined();
    expect(readLabelledSegments(["Geburtsdatum", "11.11.1999"])).toEqual({
      kind: "personal",
      value: "11.11.1999",
    });
    expect(readLabelledSegments(["Derzeitige Tätigkeit", "Lead-Entwickler"])?.kind).toBe("currentPosition");
  });

  it.each([
    [
      "en",
      ["Experience", "Led the team that developed the platform for our customers and managed the roadmap."],
    ],
    [
      "de",
      [
        "Berufserfahrung",
        "Entwicklung und Betrieb der Plattform für die Kunden sowie Betreuung der Teams im Haus.",
      ],
    ],
    [
      "fr",
      [
        "Expérience professionnelle",
        "Développement de la plateforme pour les clients et gestion de l'équipe.",
      ],
    ],
    [
      "es",
      [
        "Experiencia laboral",
        "Desarrollo de la plataforma para los clientes y gestión del equipo de trabajo.",
      ],
    ],
    [
      "it",
      ["Esperienza lavorativa", "Sviluppo della piattaforma per i clienti e gestione del team di lavoro."],
    ],
    [
      "pt",
      [
        "Experiência profissional",
        "Desenvolvimento da plataforma para os clientes e gestão da equipe do projeto.",
      ],
    ],
    [
      "nl",
      [
        "Werkervaring",
        "Ontwikkeling van het platform voor de klanten en begeleiding van het team in het bedrijf.",
      ],
    ],
    [
      "pl",
      [
        "Doświadczenie zawodowe",
        "Rozwój platformy dla klientów oraz zarządzanie zespołem w firmie i na projekcie.",
      ],
    ],
    [
      "sv",
      [
        "Arbetslivserfarenhet",
        "Utveckling av plattformen för kunderna och ansvar för teamet som arbetar med det.",
      ],
    ],
    [
      "cs",
      [
        "Pracovní zkušenosti",
        "Vývoj platformy pro zákazníky a vedení týmu ve firmě a na projektu se zaměřením na kvalitu.",
      ],
    ],
    [
      "zh",
      [
        "工作经历",
        "负责公司核心系统的设计与开发，使用React和Node.js完成多个项目的交付，并参与团队的技术评审工作。",
      ],
    ],
    [
      "ja",
      [
        "職務経歴",
        "株式会社でウェブアプリケーションの開発を担当しました。チームリーダーとして設計とレビューを行いました。",
      ],
    ],
  ])("detects %s", (code, lines) => {
    expect(detectLanguage(lines)).toBe(code);
  });
});
