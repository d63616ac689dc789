import type { ReactNode } from "react";
import { format } from "../components/entry-messages.js";
import { countLowConfidence, isSectionUncertain } from "../editor/confidence.js";
import { useEditor } from "../editor/editor-context.js";
import "./section-card.css";

/** One top-level section of the editor with its heading and review count. */
export function SectionCard({
  id,
  title,
  description,
  children,
}: {
  id: string;
  title: string;
  description?: string;
  children: ReactNode;
}) {
  const { resume } = useEditor();
  const low = countLowConfidence(resume, [id]);
  return (
    <section className="card section-card" aria-labelledby={`section-${id}`} id={`edit-${id}`}>
      <header className="section-card__header">
        <h2 id={`section-${id}`} className="section-card__title" tabIndex={-1}>
          {title}
        </h2>
        {low > 0 ? (
          <span className="badge badge--warning">{format("entry.to_check", { count: low })}</span>
        ) : null}
      </header>
      {description ? <p className="muted section-card__description">{description}</p> : null}
      {isSectionUncertain(resume, id) ? (
        <p className="field__hint field__hint--low section-card__uncertain">{format("section.uncertain")}</p>
      ) : null}
      {children}
    </section>
  );
}
