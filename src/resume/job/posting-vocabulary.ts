/**
 * Words that give a posting its structure, in English, German, French and
 * Spanish: what a section heading announces, which phrases make a requirement
 * optional, and the labels of title, company and location lines. Kept in one
 * place so adding a language is adding words here.
 */

export type SectionKind =
  | "requirements"
  | "nice"
  | "responsibilities"
  | "benefits"
  | "about"
  | "apply"
  | "other";

/** Checked in this order: "preferred qualifications" is nice before it is requirements. */
const HEADINGS: [SectionKind, RegExp][] = [
  [
    "nice",
    /nice[\s-]to[\s-]have|bonus|preferred|desirable|good to have|plus points?|would be (?:great|a plus)|wünschenswert|von vorteil|idealerweise|pluspunkte|wäre (?:toll|schön)|atouts?|un plus|apprécié|souhaité|idéalement|deseable|se valorará|valorable|valoramos|será un plus|extra/i,
  ],
  [
    "requirements",
    /requirements|qualifications|what you(?:'|’)?ll (?:need|bring)|what you bring|you bring|who you are|about you|your profile|(?:we(?:'|’)re|we are) looking for|must[\s-]have|what you need|skills|you have|anforderungen|profil|mitbringst|mitbringen|qualifikation|voraussetzungen|wir erwarten|kompetenzen|compétences|exigences|prérequis|recherchons|vous avez|requisitos|perfil|buscamos|necesitas|requerimientos|competencias|se requiere/i,
  ],
  [
    "responsibilities",
    /responsibilit|what you(?:'|’)?ll do|what you will do|your role|the role|your tasks|your mission|duties|day[\s-]to[\s-]day|in this role|you will|aufgaben|erwartet dich|erwartet sie|tätigkeit|verantwortung|missions?|le poste|ce que vous ferez|votre rôle|funciones|responsabilidades|qué harás|que harás|tareas|el puesto|tu rol/i,
  ],
  [
    "benefits",
    /benefits|what we offer|we offer|perks|why join|compensation|salary|wir bieten|unser angebot|bieten wir|bieten dir|vorteile|avantages|nous offrons|nous proposons|rémunération|pourquoi nous rejoindre|ofrecemos|beneficios|salario/i,
  ],
  [
    "about",
    /about us|about the company|about the team|who we are|^about\b|über uns|wer wir sind|unternehmen|qui sommes|à propos|l(?:'|’)entreprise|sobre nosotros|quiénes somos|la empresa/i,
  ],
  [
    "apply",
    /how to apply|apply|application|bewerbung|bewerben|candidature|postuler|postula|contact|kontakt|process|prozess|processus|proceso/i,
  ],
];

/** What a heading's text announces. */
export function classifyHeading(text: string): SectionKind {
  for (const [kind, re] of HEADINGS) if (re.test(text)) return kind;
  return "other";
}

/** A requirement line that says it is optional. */
export const NICE_MARKER =
  /nice[\s-]to[\s-]have|\ba plus\b|\bis a plus\b|\bbonus\b|\bpreferred\b|\bdesirable\b|\bideally\b|\bwould be (?:great|nice)\b|von vorteil|wünschenswert|idealerweise|\bein plus\b|\bun plus\b|\batout\b|apprécié|souhaité|idéalement|deseable|se valorará|valorable|será un plus|\bvaloramos\b/i;

/** A sentence that states what the candidate must have, when the posting has no headings. */
export const REQUIREMENT_MARKER =
  /\b(?:required|requirements?|must|need to|you have|you bring|(?:we are|we're) looking for|we need|ideal candidate|skills|experience (?:with|in)|proficien\w*|knowledge of|degree|certifi\w*|years? of|fluent)\b|erfahrung|kenntnisse|abgeschlossen\w*|ausbildung|studium|expérience|maîtrise|diplôme|connaissances?|maîtrisez|nous recherchons|experiencia|buscamos|wir suchen|conocimientos?|titulación|formación|dominio/i;

/** A sentence about what the employer offers, wherever it stands: never a requirement. */
export const BENEFIT_SENTENCE =
  /^(?:we offer|we provide|you(?:'|’)ll get|you will get|benefits include|wir bieten|das bieten wir|nous offrons|nous proposons|ofrecemos|te ofrecemos)\b/i;

// Labelled lines ("Job title: …") are trimmed, so the value starts at the first non-space after the
// colon; the spaces before it are never read again as part of the value.
export const TITLE_LABEL =
  /^(?:job title|title|position|role|stelle|stellenbezeichnung|position|poste|intitulé du poste|puesto|cargo)\s*:\s*(\S.*)$/i;
export const COMPANY_LABEL =
  /^(?:company|employer|unternehmen|arbeitgeber|firma|entreprise|société|empresa)\s*:\s*(\S.*)$/i;
export const LOCATION_LABEL =
  /(?:^|[.!]\s+)(?:location|locations|based in|office|standort|arbeitsort|einsatzort|ort|lieu|localisation|lieu de travail|ubicación|localización|lugar de trabajo|lugar)\s*:\s*([^.;\n(]+)/i;

/** A capitalised name of up to five words, with small connectors inside ("Gymnasium am Stadtpark", "Harbor & Lane"). */
const WORD = String.raw`(?:\p{Lu}\p{L}{0,2}(?:\.\p{L}{1,3})*\.|\p{Lu}[\p{L}\p{N}&'-]*)`;
const NAME = String.raw`${WORD}(?:\s+(?:(?:am|an|de|des|du|del|la|le|of|and|y|et|und|für|&)\s+)?${WORD}){0,4}`;
const ARTICLE = String.raw`(?:(?:The|Das|Die|Der|Le|La|Les|El|Los)\s+|L['’])?`;
const HIRING = `(?:is hiring|is looking|is seeking|seeks|is building|builds|helps|develops|sucht|entwickelt|recrute|recherche|développe|busca|está buscando|crea|is a |ist ein|est une?|es una?)`;

/** Sentences naming the employer ("Acme is hiring", "Chez Acme, …", "Somos Acme, …"). Group 1 is the name. */
export const COMPANY_SENTENCES: RegExp[] = [
  new RegExp(String.raw`^(?:At|Chez|Bei|En)\s+(${NAME})[,\s]`, "u"),
  new RegExp(String.raw`^${ARTICLE}(${NAME})(?:\s+(?:in|en|à)\s+${WORD})?\s+${HIRING}`, "u"),
  new RegExp(String.raw`^${ARTICLE}(${NAME}),\s[^,]{3,80},\s+${HIRING}`, "u"),
  new RegExp(String.raw`^(?:We are|Somos|Nous sommes|Wir sind|Join|Rejoignez|Únete a)\s+(${NAME})`, "u"),
];
/** "based in Bilbao", "con sede en Bilbao", "mit Sitz in Köln". Group 1 is the place. */
export const LOCATION_SENTENCE = new RegExp(
  String.raw`(?:based in|headquartered in|con sede en|mit Sitz in|basée? à|située? à|ubicad[oa] en)\s+(${NAME})`,
  "u",
);
export const ABOUT_COMPANY_HEADING = /^(?:about|über|à propos de|sobre)\s+(.{2,40})$/i;

export const REMOTE_WORDS: ["remote" | "hybrid" | "onsite", RegExp][] = [
  ["hybrid", /\bhybrid\b|hybride|híbrido|\bteilweise remote\b/i],
  [
    "remote",
    /\b(?:fully |100\s?% )?remote\b|work from home|homeoffice|home office|télétravail complet|full remote|teletrabajo|en remoto|\bremoto\b/i,
  ],
  ["onsite", /\bon[\s-]?site\b|in[\s-]office|vor ort|sur site|présentiel|presencial/i],
];

/**
 * Gender and form markers of titles in German, French and Spanish postings, with the spaces before
 * them (matched from the first space of a run only, so a long run is read once).
 */
export const TITLE_MARKERS =
  /(?:(?<!\s)\s+)?[([]?\b(?:m\s*\/\s*w\s*\/\s*d|w\s*\/\s*m\s*\/\s*d|m\s*\/\s*f\s*\/\s*d|f\s*\/\s*m\s*\/\s*[dx]|m\s*\/\s*w\s*\/\s*x|h\s*\/\s*f(?:\s*\/\s*x)?|f\s*\/\s*h|all genders|gn\*?)\b[)\]]?/gi;

export const SENIORITY: [string, RegExp][] = [
  [
    "intern",
    /\b(?:intern|internship|trainee|praktikant\w*|werkstudent\w*|stagiaire|stage|alternan\w*|becari[oa]|prácticas)\b/i,
  ],
  [
    "executive",
    /\b(?:vp|vice president|chief|cto|cfo|ceo|director|directeur|directrice|director[a]?|leiter\w*|head of)\b/i,
  ],
  ["lead", /\b(?:lead|staff|principal|manager|teamleiter\w*|responsable|jefe|jefa)\b/i],
  ["senior", /\b(?:senior|sr\.?|experienced|confirmé\w*|erfahren\w*|sénior)\b/i],
  [
    "junior",
    /\b(?:junior|jr\.?|entry[\s-]level|graduate|berufseinsteiger\w*|débutant\w*|jeune diplômé\w*|recién titulad\w*)\b/i,
  ],
];

/** "5+ years", "mindestens 3 Jahre", "3 ans d'expérience", "al menos 2 años" (one space run per gap). */
export const YEARS = /(\d{1,2})\s*(?:(?:\+|-\s*\d{1,2})\s*)?(?:years?|yrs|jahre?n?|ans|años|anos)\b/i;

const STOPWORDS: Record<string, string[]> = {
  en: ["the", "and", "with", "you", "our", "for", "will", "are", "your", "experience", "we"],
  de: ["und", "die", "der", "mit", "für", "sie", "du", "wir", "ihre", "eine", "oder", "von", "bei"],
  fr: ["et", "les", "des", "vous", "pour", "une", "avec", "nous", "dans", "est", "vos", "du"],
  es: ["y", "los", "las", "con", "para", "una", "del", "nuestro", "que", "experiencia", "en", "tu"],
};

/** The posting's language (en, de, fr, es) by its most frequent function words; null when unclear. */
export function detectLanguage(text: string): string | null {
  const words = text.toLowerCase().match(/\p{L}+/gu) ?? [];
  const counts = new Map<string, number>();
  for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);
  let best: string | null = null;
  let bestScore = 2;
  for (const [lang, list] of Object.entries(STOPWORDS)) {
    const score = list.reduce((s, w) => s + (counts.get(w) ?? 0), 0);
    if (score > bestScore) {
      best = lang;
      bestScore = score;
    }
  }
  return best;
}
