/**
 * The remaining JSON Resume sections, described as data: each is a list of
 * entries with a handful of fields, so one component draws them all.
 */

import { EntryList } from "../components/entry-list.js";
import type { Noun } from "../components/entry-messages.js";
import { CommaListField, DateRangeField, StringListField, TextField } from "../components/fields.js";
import { blank } from "../editor/blank-entries.js";
import { sectionTitle } from "../editor/describe-path.js";
import { useEditor } from "../editor/editor-context.js";
import { SectionCard } from "./section-card.js";
import { format, type SectionMessageId } from "./section-messages.js";

type FieldSpec =
  | { key: string; label: SectionMessageId; kind: "text" | "long" | "url" }
  | { key: string; label: SectionMessageId; kind: "dates" }
  | { key: string; label: SectionMessageId; kind: "bullets" | "commas" };

type SectionSpec = {
  key: "volunteer" | "awards" | "certificates" | "publications" | "languages" | "interests" | "references";
  noun: Noun;
  titleKey: string;
  fields: FieldSpec[];
};

const SPECS: SectionSpec[] = [
  {
    key: "volunteer",
    noun: "role",
    titleKey: "organization",
    fields: [
      { key: "organization", label: "label.organization", kind: "text" },
      { key: "position", label: "label.role", kind: "text" },
      { key: "dates", label: "label.dates", kind: "dates" },
      { key: "url", label: "label.link", kind: "url" },
      { key: "summary", label: "label.summary", kind: "long" },
      { key: "highlights", label: "label.highlights", kind: "bullets" },
    ],
  },
  {
    key: "awards",
    noun: "award",
    titleKey: "title",
    fields: [
      { key: "title", label: "label.title", kind: "text" },
      { key: "awarder", label: "label.awarder", kind: "text" },
      { key: "date", label: "label.date", kind: "dates" },
      { key: "summary", label: "label.summary", kind: "long" },
    ],
  },
  {
    key: "certificates",
    noun: "certificate",
    titleKey: "name",
    fields: [
      { key: "name", label: "label.name", kind: "text" },
      { key: "issuer", label: "label.issuer", kind: "text" },
      { key: "date", label: "label.date", kind: "dates" },
      { key: "url", label: "label.link", kind: "url" },
    ],
  },
  {
    key: "publications",
    noun: "publication",
    titleKey: "name",
    fields: [
      { key: "name", label: "label.title", kind: "text" },
      { key: "publisher", label: "label.publisher", kind: "text" },
      { key: "releaseDate", label: "label.date", kind: "dates" },
      { key: "url", label: "label.link", kind: "url" },
      { key: "summary", label: "label.summary", kind: "long" },
    ],
  },
  {
    key: "languages",
    noun: "language",
    titleKey: "language",
    fields: [
      { key: "language", label: "label.language", kind: "text" },
      { key: "fluency", label: "label.fluency", kind: "text" },
    ],
  },
  {
    key: "interests",
    noun: "interest",
    titleKey: "name",
    fields: [
      { key: "name", label: "label.name", kind: "text" },
      { key: "keywords", label: "label.keywords", kind: "commas" },
    ],
  },
  {
    key: "references",
    noun: "reference",
    titleKey: "name",
    fields: [
      { key: "name", label: "label.name", kind: "text" },
      { key: "reference", label: "label.reference", kind: "long" },
    ],
  },
];

function Field({ base, spec }: { base: (string | number)[]; spec: FieldSpec }) {
  const path = [...base, spec.key];
  const label = format(spec.label);
  switch (spec.kind) {
    case "dates":
      return <DateRangeField path={path} label={label} />;
    case "bullets":
      return <StringListField path={path} label={label} itemNoun="bullet" />;
    case "commas":
      return <CommaListField path={path} label={label} />;
    case "long":
      return <TextField path={path} label={label} multiline />;
    case "url":
      return <TextField path={path} label={label} type="url" />;
    default:
      return <TextField path={path} label={label} />;
  }
}

/** Volunteering, awards, certificates, publications, languages, interests, references. */
export function MoreSections({ showEmpty }: { showEmpty: boolean }) {
  const { resume } = useEditor();
  return (
    <>
      {SPECS.filter((spec) => showEmpty || resume[spec.key].length > 0).map((spec) => (
        <SectionCard key={spec.key} id={spec.key} title={sectionTitle(spec.key)}>
          <EntryList
            path={[spec.key]}
            noun={spec.noun}
            create={blank[spec.key]}
            title={(e) => String(e[spec.titleKey] ?? "")}
            render={(i) => (
              <div className="grid">
                {spec.fields.map((f) => (
                  <Field key={f.key} base={[spec.key, i]} spec={f} />
                ))}
              </div>
            )}
          />
        </SectionCard>
      ))}
    </>
  );
}
