import { EntryList } from "../components/entry-list.js";
import { DateRangeField, StringListField, TextField } from "../components/fields.js";
import { blank } from "../editor/blank-entries.js";
import { SectionCard } from "./section-card.js";

/** Employers, each with one or more positions (promotions stay under one employer). */
export function WorkSection() {
  return (
    <SectionCard
      id="work"
      title="Experience"
      description="One card per employer; add a position for each role held there."
    >
      <EntryList
        path={["work"]}
        noun="Employer"
        create={blank.work}
        title={(e) => String(e.name ?? "")}
        render={(i) => (
          <>
            <div className="grid">
              <TextField path={["work", i, "name"]} label="Employer" />
              <TextField path={["work", i, "location"]} label="Location" />
              <TextField path={["work", i, "url"]} label="Website" type="url" />
              <TextField path={["work", i, "description"]} label="About the employer" multiline />
            </div>
            <h4 className="subheading">Positions</h4>
            <EntryList
              path={["work", i, "positions"]}
              noun="Position"
              level={4}
              create={blank.position}
              title={(p) => String(p.title ?? "")}
              render={(j) => {
                const p = ["work", i, "positions", j] as const;
                return (
                  <div className="grid">
                    <TextField path={[...p, "title"]} label="Job title" />
                    <DateRangeField path={[...p, "dates"]} label="Dates" />
                    <TextField path={[...p, "location"]} label="Location" />
                    <TextField path={[...p, "summary"]} label="Summary" multiline />
                    <StringListField path={[...p, "highlights"]} label="Achievements" itemNoun="Bullet" />
                  </div>
                );
              }}
            />
          </>
        )}
      />
    </SectionCard>
  );
}
