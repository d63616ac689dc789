import { EntryList } from "../components/entry-list.js";
import { CommaListField, DateRangeField, TextField } from "../components/fields.js";
import { blank } from "../editor/blank-entries.js";
import { SectionCard } from "./section-card.js";

/** Schools and degrees. */
export function EducationSection() {
  return (
    <SectionCard id="education" title="Education">
      <EntryList
        path={["education"]}
        noun="School"
        mergeable
        create={blank.education}
        title={(e) => String(e.institution ?? "")}
        render={(i) => {
          const p = ["education", i] as const;
          return (
            <div className="grid">
              <TextField path={[...p, "institution"]} label="Institution" />
              <TextField path={[...p, "studyType"]} label="Degree" placeholder="e.g. BSc" />
              <TextField path={[...p, "area"]} label="Field of study" />
              <DateRangeField path={[...p, "dates"]} label="Dates" />
              <TextField path={[...p, "location"]} label="Location" />
              <TextField path={[...p, "score"]} label="Grade" />
              <CommaListField path={[...p, "courses"]} label="Courses" />
              <TextField path={[...p, "summary"]} label="Summary" multiline />
            </div>
          );
        }}
      />
    </SectionCard>
  );
}
