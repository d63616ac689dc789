import { EntryList } from "../components/entry-list.js";
import { CommaListField, DateRangeField, StringListField, TextField } from "../components/fields.js";
import { blank } from "../editor/blank-entries.js";
import { sectionTitle } from "../editor/describe-path.js";
import { SectionCard } from "./section-card.js";
import { format } from "./section-messages.js";

/** Projects with description, highlights and technologies. */
export function ProjectsSection() {
  return (
    <SectionCard id="projects" title={sectionTitle("projects")}>
      <EntryList
        path={["projects"]}
        noun="project"
        mergeable
        create={blank.projects}
        title={(e) => String(e.name ?? "")}
        render={(i) => {
          const p = ["projects", i] as const;
          return (
            <div className="grid">
              <TextField path={[...p, "name"]} label={format("label.name")} />
              <DateRangeField path={[...p, "dates"]} label={format("label.dates")} />
              <TextField path={[...p, "url"]} label={format("label.link")} type="url" />
              <TextField path={[...p, "entity"]} label={format("label.organization")} />
              <TextField path={[...p, "description"]} label={format("label.description")} multiline />
              <StringListField
                path={[...p, "highlights"]}
                label={format("label.highlights")}
                itemNoun="bullet"
              />
              <CommaListField path={[...p, "keywords"]} label={format("label.technologies")} />
            </div>
          );
        }}
      />
    </SectionCard>
  );
}
