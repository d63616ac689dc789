import { afterEach, describe, expect, it } from "vitest";
import { errorMessage, networkError, toApiError } from "../../src/api/problem.js";
import { setLocale, switchLocale } from "../../src/i18n/translate.js";

afterEach(() => setLocale("en"));

const body = (problem: Record<string, unknown>) => JSON.stringify(problem);

describe("problem codes in the person's language", () => {
  it("keeps the API's code and shows its sentence in the language chosen when it is shown", async () => {
    const error = toApiError(415, body({ code: "unsupported_media_type", detail: "text/x-foo" }));
    expect(error.code).toBe("unsupported_media_type");
    expect(errorMessage(error)).toBe(
      "This file type is not supported. Upload a PDF, DOCX, plain text, Markdown or JSON Resume file.",
    );
    await switchLocale("de");
    expect(error.code).toBe("unsupported_media_type");
    expect(errorMessage(error)).toBe(
      "Dieser Dateityp wird nicht unterstützt. Laden Sie eine PDF-, DOCX-, Text-, Markdown- oder JSON-Resume-Datei hoch.",
    );
    await switchLocale("pl");
    expect(errorMessage(networkError())).toBe(
      "Nie można połączyć się z serwerem. Sprawdź połączenie i spróbuj ponownie.",
    );
  });

  it("names the invalid fields of validation_failed after the translated sentence", async () => {
    await switchLocale("fr");
    const error = toApiError(
      400,
      body({ code: "validation_failed", errors: [{ path: "name", message: "Required" }] }),
    );
    expect(errorMessage(error)).toBe("Certaines valeurs ne sont pas valides. name: Required");
  });

  it("falls back to the server's short detail for a code the UI does not know", async () => {
    await switchLocale("es");
    const error = toApiError(409, body({ code: "something_new", detail: "A new kind of conflict." }));
    expect(error.code).toBe("something_new");
    expect(errorMessage(error)).toBe("A new kind of conflict.");
    expect(errorMessage(new Error("boom"))).toBe(
      "Algo salió mal por nuestra parte. Inténtalo de nuevo; si sigue ocurriendo, contacta con soporte.",
    );
  });
});
