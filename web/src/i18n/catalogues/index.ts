/**
 * The translations of every message, one catalogue per language, keyed by the
 * message ids of the English message modules (`web/src/**\/*messages.ts`).
 * English has no catalogue: its text is the message modules themselves.
 */
import type { Locale } from "../locales.js";
import de from "./de.js";
import es from "./es.js";
import fr from "./fr.js";
import pl from "./pl.js";

export type Catalogue = Readonly<Record<string, string>>;

export const CATALOGUES: Record<Exclude<Locale, "en">, Catalogue> = { de, fr, es, pl };
