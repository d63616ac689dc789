/**
 * The remaining JSON Resume sections, described as data: each is a list of
 * entries with a handful of fields, so one component draws them all.
 */
import { EntryList } from "../components/entry-list.js";
import { CommaListField, DateRangeField, StringListField, TextField } from "../components/fields.js";
import { blank } from "../editor/blank-entries.js";
import { sectionTitle } from "../editor/describe-path.js";
import { useEditor } from "../editor/editor-context.js";
import { SectionCard } from "./section-card.js";

type FieldSpec =
  | { key: string; label: string; kind: "text" | "long" | "url" }
  | { key: string; label: string; kind: "dates" }
  | { key: string; label: string; kind: "bullets" | "commas" };

type SectionSpec = {
  key: "volunteer" | "awards" | "certificates" | "publications" | "languages" | "interests" | "references";
  noun: string;
  titleKey: string;
  fields: FieldSpec[];
};

const SPECS: SectionSpec[] = [
  {
    key: "volunteer",
    noun: "Role",
    titleKey: "organization",
    fields: [
      { key: "organization", label: "Organization", kind: "text" },
      { key: "position", label: "Role", kind: "text" },
      { key: "dates", label: "Dates", kind: "dates" },
      { key: "url", label: "Link", kind: "url" },
      { key: "summary", label: "Summary", kind: "long" },
      { key: "highlights", label: "Highlights", kind: "bullets" },
    ],
  },
  {
    key: "awards",
    noun: "Award",
    titleKey: "title",
    fields: [
      { key: "title", label: "Title", kind: "text" },
      { key: "awarder", label: "Awarded by", kind: "text" },
      { key: "date", label: "Date", kind: "dates" },
      { key: "summary", label: "Summary", kind: "long" },
    ],
  },
  {
    key: "certificates",
    noun: "Certificate",
    titleKey: "name",
    fields: [
      { key: "name", label: "Name", kind: "text" },
      { key: "issuer", label: "Issuer", kind: "text" },
      { key: "date", label: "Date", kind: "dates" },
      { key: "url", label: "Link", kind: "url" },
    ],
  },
  {
    key: "publications",
    noun: "Publication",
    titleKey: "name",
    fields: [
      { key: "name", label: "Title", kind: "text" },
      { key: "publisher", label: "Publisher", kind: "text" },
      { key: "releaseDate", label: "Date", kind: "dates" },
      { key: "url", label: "Link", kind: "url" },
      { key: "summary", label: "Summary", kind: "long" },
    ],
  },
  {
    key: "languages",
    noun: "Language",
    titleKey: "language",
    fields: [
      { key: "language", label: "Language", kind: "text" },
      { key: "fluency", label: "Fluency", kind: "text" },
    ],
  },
  {
    key: "interests",
    noun: "Interest",
    titleKey: "name",
    fields: [
      { key: "name", label: "Name", kind: "text" },
      { key: "keywords", label: "Keywords", kind: "commas" },
    ],
  },
  {
    key: "references",
    noun: "Reference",
    titleKey: "name",
    fields: [
      { key: "name", label: "Name", kind: "text" },
      { key: "reference", label: "Reference", kind: "long" },
    ],
  },
];

function Field({ base, spec }: { base: (string | number)[]; spec: FieldSpec }) {
  const path = [...base, spec.key];
  switch (spec.kind) {
    case "dates":
      return <DateRangeField path={path} label={spec.label} />;
    case "bullets":
      return <StringListField path={path} label={spec.label} itemNoun="Bullet" />;
    case "commas":
      return <CommaListField path={path} label={spec.label} />;
    case "long":
      return <TextField path={path} label={spec.label} multiline />;
    case "url":
      return <TextField path={path} label={spec.label} type="url" />;
    default:
      return <TextField path={path} label={spec.label} />;
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
