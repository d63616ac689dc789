/**
 * Section headings per export locale. English is the fallback for any
 * language without a table; custom sections keep the user's own title.
 */
const TITLES: Record<string, Record<string, string>> = {
  en: {
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
  de: {
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
  fr: {
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
  es: {
    summary: "Perfil",
    work: "Experiencia",
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
};

/** The heading for a standard section key in `locale` (`de-AT` uses `de`). */
export function sectionTitle(key: string, locale: string): string {
  const language = locale.toLowerCase().split("-")[0] ?? "en";
  return TITLES[language]?.[key] ?? TITLES.en![key] ?? key;
}
