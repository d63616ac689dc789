import { EntryList } from "../components/entry-list.js";
import { CommaListField, TextField } from "../components/fields.js";
import { blank } from "../editor/blank-entries.js";
import { SectionCard } from "./section-card.js";

/** Skill groups with keywords. */
export function SkillsSection() {
  return (
    <SectionCard id="skills" title="Skills">
      <EntryList
        path={["skills"]}
        noun="Skill group"
        create={blank.skills}
        title={(e) => String(e.name ?? "")}
        render={(i) => (
          <div className="grid">
            <TextField path={["skills", i, "name"]} label="Name" placeholder="e.g. Languages" />
            <TextField path={["skills", i, "level"]} label="Level" placeholder="e.g. Expert" />
            <CommaListField path={["skills", i, "keywords"]} label="Keywords" />
          </div>
        )}
      />
    </SectionCard>
  );
}
