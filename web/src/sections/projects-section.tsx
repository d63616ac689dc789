import { EntryList } from "../components/entry-list.js";
import { CommaListField, DateRangeField, StringListField, TextField } from "../components/fields.js";
import { blank } from "../editor/blank-entries.js";
import { SectionCard } from "./section-card.js";

/** Projects with description, highlights and technologies. */
export function ProjectsSection() {
  return (
    <SectionCard id="projects" title="Projects">
      <EntryList
        path={["projects"]}
        noun="Project"
        mergeable
        create={blank.projects}
        title={(e) => String(e.name ?? "")}
        render={(i) => {
          const p = ["projects", i] as const;
          return (
            <div className="grid">
              <TextField path={[...p, "name"]} label="Name" />
              <DateRangeField path={[...p, "dates"]} label="Dates" />
              <TextField path={[...p, "url"]} label="Link" type="url" />
              <TextField path={[...p, "entity"]} label="Organization" />
              <TextField path={[...p, "description"]} label="Description" multiline />
              <StringListField path={[...p, "highlights"]} label="Highlights" itemNoun="Bullet" />
              <CommaListField path={[...p, "keywords"]} label="Technologies" />
            </div>
          );
        }}
      />
    </SectionCard>
  );
}
