import { EntryList } from "../components/entry-list.js";
import { CommaListField, DateRangeField, TextField } from "../components/fields.js";
import { blank } from "../editor/blank-entries.js";
import { sectionTitle } from "../editor/describe-path.js";
import { SectionCard } from "./section-card.js";
import { format } from "./section-messages.js";

/** Schools and degrees. */
export function EducationSection() {
  return (
    <SectionCard id="education" title={sectionTitle("education")}>
      <EntryList
        path={["education"]}
        noun="school"
        mergeable
        create={blank.education}
        title={(e) => String(e.institution ?? "")}
        render={(i) => {
          const p = ["education", i] as const;
          return (
            <div className="grid">
              <TextField path={[...p, "institution"]} label={format("label.institution")} />
              <TextField
                path={[...p, "studyType"]}
                label={format("label.degree")}
                placeholder={format("label.degree.example")}
              />
              <TextField path={[...p, "area"]} label={format("label.area")} />
              <DateRangeField path={[...p, "dates"]} label={format("label.dates")} />
              <TextField path={[...p, "location"]} label={format("label.location")} />
              <TextField path={[...p, "score"]} label={format("label.grade")} />
              <CommaListField path={[...p, "courses"]} label={format("label.courses")} />
              <TextField path={[...p, "summary"]} label={format("label.summary")} multiline />
            </div>
          );
        }}
      />
    </SectionCard>
  );
}
