/**
 * The words a document prints itself, per language: section titles, month
 * wording comes from Intl, "Present", contact labels, page numbers and the
 * document title. The languages are those the parser reads; any other falls
 * back to English. Custom sections keep the user's own title.
 */

/** Languages with their own labels. */
export const DOCUMENT_LANGUAGES = [
  "en",
  "de",
  "fr",
  "es",
  "it",
  "pt",
  "nl",
  "pl",
  "sv",
  "cs",
  "zh",
  "ja",
] as const;
export type DocumentLanguage = (typeof DOCUMENT_LANGUAGES)[number];

export type SectionKey =
  | "summary"
  | "work"
  | "education"
  | "skills"
  | "projects"
  | "volunteer"
  | "awards"
  | "certificates"
  | "publications"
  | "languages"
  | "interests"
  | "references";

export type DocumentLabels = Readonly<{
  sections: Readonly<Record<SectionKey, string>>;
  contact: string;
  personalDetails: string;
  /** The open end of a date range ("2019 – Present"). */
  present: string;
  email: string;
  phone: string;
  address: string;
  website: string;
  /** Footer page numbers; `{n}` and `{m}` are replaced. */
  page: string;
  /** Education grade prefix ("Score: 3.8"). */
  score: string;
  /** Document title suffix ("Jane Doe – Resume"). */
  resume: string;
  /** Alternate text of the photo; `{name}` is replaced. */
  photoAlt: string;
  /** List separator and label separator as the language writes them ("， " in Chinese, " : " in French). */
  comma: string;
  colon: string;
}>;

const LABELS: Readonly<Record<DocumentLanguage, DocumentLabels>> = {
  en: {
    sections: {
      summary: "Summary",
      work: "Experience",
      education: "Education",
      skills: "Skills",
      projects: "Projects",
      volunteer: "Volunteering",
      awards: "Awards",
      certificates: "Certificates",
      publications: "Publications",
      languages: "Languages",
      interests: "Interests",
      references: "References",
    },
    contact: "Contact",
    personalDetails: "Personal details",
    present: "Present",
    email: "Email",
    phone: "Phone",
    address: "Address",
    website: "Website",
    page: "Page {n} of {m}",
    score: "Score",
    resume: "Resume",
    photoAlt: "Photo of {name}",
    comma: ", ",
    colon: ": ",
  },
  de: {
    sections: {
      summary: "Profil",
      work: "Berufserfahrung",
      education: "Ausbildung",
      skills: "Kenntnisse",
      projects: "Projekte",
      volunteer: "Ehrenamt",
      awards: "Auszeichnungen",
      certificates: "Zertifikate",
      publications: "Publikationen",
      languages: "Sprachen",
      interests: "Interessen",
      references: "Referenzen",
    },
    contact: "Kontakt",
    personalDetails: "Persönliche Daten",
    present: "heute",
    email: "E-Mail",
    phone: "Telefon",
    address: "Adresse",
    website: "Website",
    page: "Seite {n} von {m}",
    score: "Note",
    resume: "Lebenslauf",
    photoAlt: "Foto von {name}",
    comma: ", ",
    colon: ": ",
  },
  fr: {
    sections: {
      summary: "Profil",
      work: "Expérience professionnelle",
      education: "Formation",
      skills: "Compétences",
      projects: "Projets",
      volunteer: "Bénévolat",
      awards: "Distinctions",
      certificates: "Certifications",
      publications: "Publications",
      languages: "Langues",
      interests: "Centres d’intérêt",
      references: "Références",
    },
    contact: "Contact",
    personalDetails: "Informations personnelles",
    present: "aujourd’hui",
    email: "E-mail",
    phone: "Téléphone",
    address: "Adresse",
    website: "Site web",
    page: "Page {n} sur {m}",
    score: "Note",
    resume: "CV",
    photoAlt: "Photo de {name}",
    comma: ", ",
    colon: " : ",
  },
  es: {
    sections: {
      summary: "Perfil",
      work: "Experiencia profesional",
      education: "Formación",
      skills: "Habilidades",
      projects: "Proyectos",
      volunteer: "Voluntariado",
      awards: "Premios",
      certificates: "Certificaciones",
      publications: "Publicaciones",
      languages: "Idiomas",
      interests: "Intereses",
      references: "Referencias",
    },
    contact: "Contacto",
    personalDetails: "Datos personales",
    present: "actualidad",
    email: "Correo electrónico",
    phone: "Teléfono",
    address: "Dirección",
    website: "Sitio web",
    page: "Página {n} de {m}",
    score: "Nota",
    resume: "Currículum",
    photoAlt: "Foto de {name}",
    comma: ", ",
    colon: ": ",
  },
  it: {
    sections: {
      summary: "Profilo",
      work: "Esperienza professionale",
      education: "Istruzione",
      skills: "Competenze",
      projects: "Progetti",
      volunteer: "Volontariato",
      awards: "Premi",
      certificates: "Certificazioni",
      publications: "Pubblicazioni",
      languages: "Lingue",
      interests: "Interessi",
      references: "Referenze",
    },
    contact: "Contatti",
    personalDetails: "Dati personali",
    present: "oggi",
    email: "E-mail",
    phone: "Telefono",
    address: "Indirizzo",
    website: "Sito web",
    page: "Pagina {n} di {m}",
    score: "Voto",
    resume: "Curriculum vitae",
    photoAlt: "Foto di {name}",
    comma: ", ",
    colon: ": ",
  },
  pt: {
    sections: {
      summary: "Perfil",
      work: "Experiência profissional",
      education: "Formação",
      skills: "Competências",
      projects: "Projetos",
      volunteer: "Voluntariado",
      awards: "Prêmios",
      certificates: "Certificações",
      publications: "Publicações",
      languages: "Idiomas",
      interests: "Interesses",
      references: "Referências",
    },
    contact: "Contato",
    personalDetails: "Dados pessoais",
    present: "atual",
    email: "E-mail",
    phone: "Telefone",
    address: "Endereço",
    website: "Site",
    page: "Página {n} de {m}",
    score: "Nota",
    resume: "Currículo",
    photoAlt: "Foto de {name}",
    comma: ", ",
    colon: ": ",
  },
  nl: {
    sections: {
      summary: "Profiel",
      work: "Werkervaring",
      education: "Opleiding",
      skills: "Vaardigheden",
      projects: "Projecten",
      volunteer: "Vrijwilligerswerk",
      awards: "Prijzen",
      certificates: "Certificaten",
      publications: "Publicaties",
      languages: "Talen",
      interests: "Interesses",
      references: "Referenties",
    },
    contact: "Contact",
    personalDetails: "Persoonlijke gegevens",
    present: "heden",
    email: "E-mail",
    phone: "Telefoon",
    address: "Adres",
    website: "Website",
    page: "Pagina {n} van {m}",
    score: "Cijfer",
    resume: "Cv",
    photoAlt: "Foto van {name}",
    comma: ", ",
    colon: ": ",
  },
  pl: {
    sections: {
      summary: "Profil zawodowy",
      work: "Doświadczenie zawodowe",
      education: "Wykształcenie",
      skills: "Umiejętności",
      projects: "Projekty",
      volunteer: "Wolontariat",
      awards: "Nagrody",
      certificates: "Certyfikaty",
      publications: "Publikacje",
      languages: "Języki",
      interests: "Zainteresowania",
      references: "Referencje",
    },
    contact: "Kontakt",
    personalDetails: "Dane osobowe",
    present: "obecnie",
    email: "E-mail",
    phone: "Telefon",
    address: "Adres",
    website: "Strona internetowa",
    page: "Strona {n} z {m}",
    score: "Ocena",
    resume: "CV",
    photoAlt: "Zdjęcie: {name}",
    comma: ", ",
    colon: ": ",
  },
  sv: {
    sections: {
      summary: "Profil",
      work: "Arbetslivserfarenhet",
      education: "Utbildning",
      skills: "Kompetenser",
      projects: "Projekt",
      volunteer: "Ideellt arbete",
      awards: "Utmärkelser",
      certificates: "Certifikat",
      publications: "Publikationer",
      languages: "Språk",
      interests: "Intressen",
      references: "Referenser",
    },
    contact: "Kontakt",
    personalDetails: "Personuppgifter",
    present: "pågående",
    email: "E-post",
    phone: "Telefon",
    address: "Adress",
    website: "Webbplats",
    page: "Sida {n} av {m}",
    score: "Betyg",
    resume: "CV",
    photoAlt: "Foto på {name}",
    comma: ", ",
    colon: ": ",
  },
  cs: {
    sections: {
      summary: "Profil",
      work: "Pracovní zkušenosti",
      education: "Vzdělání",
      skills: "Dovednosti",
      projects: "Projekty",
      volunteer: "Dobrovolnictví",
      awards: "Ocenění",
      certificates: "Certifikáty",
      publications: "Publikace",
      languages: "Jazyky",
      interests: "Zájmy",
      references: "Reference",
    },
    contact: "Kontakt",
    personalDetails: "Osobní údaje",
    present: "dosud",
    email: "E-mail",
    phone: "Telefon",
    address: "Adresa",
    website: "Web",
    page: "Strana {n} z {m}",
    score: "Hodnocení",
    resume: "Životopis",
    photoAlt: "Fotografie: {name}",
    comma: ", ",
    colon: ": ",
  },
  zh: {
    sections: {
      summary: "个人简介",
      work: "工作经历",
      education: "教育背景",
      skills: "专业技能",
      projects: "项目经历",
      volunteer: "志愿者经历",
      awards: "荣誉奖项",
      certificates: "证书",
      publications: "论文发表",
      languages: "语言能力",
      interests: "兴趣爱好",
      references: "推荐人",
    },
    contact: "联系方式",
    personalDetails: "个人信息",
    present: "至今",
    email: "邮箱",
    phone: "电话",
    address: "地址",
    website: "网站",
    page: "第 {n} 页，共 {m} 页",
    score: "成绩",
    resume: "简历",
    photoAlt: "{name}的照片",
    comma: "，",
    colon: "：",
  },
  ja: {
    sections: {
      summary: "職務要約",
      work: "職歴",
      education: "学歴",
      skills: "スキル",
      projects: "プロジェクト",
      volunteer: "ボランティア活動",
      awards: "受賞歴",
      certificates: "資格",
      publications: "著書・論文",
      languages: "語学",
      interests: "趣味・関心",
      references: "推薦者",
    },
    contact: "連絡先",
    personalDetails: "個人情報",
    present: "現在",
    email: "メール",
    phone: "電話",
    address: "住所",
    website: "ウェブサイト",
    page: "{n} / {m} ページ",
    score: "成績",
    resume: "履歴書",
    photoAlt: "{name}の写真",
    comma: "、",
    colon: "：",
  },
};

/** The primary language subtag of a BCP 47 tag, lower-cased (`de-AT` → `de`). */
export function primaryLanguage(tag: string): string {
  return (tag.split("-")[0] ?? "en").toLowerCase();
}

/** The labels for `tag` (`de-AT` uses German; unknown languages use English). */
export function documentLabels(tag: string): DocumentLabels {
  return LABELS[primaryLanguage(tag) as DocumentLanguage] ?? LABELS.en;
}
