/**
 * Scripts the renderer refuses: right-to-left text (Arabic, Hebrew, Syriac,
 * Thaana, N'Ko, …) would need bidirectional reordering and shaping that the
 * layout does not do, and would come out mirrored. Better a clear error
 * than a document that looks right to nobody.
 */
import { AppError } from "../../errors.js";

const RTL =
  /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Samaritan}\p{Script=Mandaic}\p{Script=Adlam}]/u;

/** Throw `render_rtl_unsupported` when any of `texts` contains right-to-left script. */
export function assertNoRightToLeft(texts: Iterable<string>): void {
  for (const text of texts) {
    const match = RTL.exec(text);
    if (match) {
      throw new AppError(
        "render_rtl_unsupported",
        `Right-to-left text (Arabic, Hebrew) cannot be exported yet, e.g. "${text.slice(Math.max(0, match.index - 10), match.index + 20)}". Remove it or write it in a left-to-right script.`,
        {
          details: {
            character: match[0],
            codePoint: `U+${match[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`,
          },
        },
      );
    }
  }
}
