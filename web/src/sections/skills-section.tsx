import { EntryList } from "../components/entry-list.js";
import { CommaListField, TextField } from "../components/fields.js";
import { blank } from "../editor/blank-entries.js";
import { sectionTitle } from "../editor/describe-path.js";
import { SectionCard } from "./section-card.js";
import { format } from "./section-messages.js";

/** Skill groups with keywords. */
export function SkillsSection() {
  return (
    <SectionCard id="skills" title={sectionTitle("skills")}>
      <EntryList
        path={["skills"]}
        noun="skill_group"
        create={blank.skills}
        title={(e) => String(e.name ?? "")}
        render={(i) => (
          <div className="grid">
            <TextField
              path={["skills", i, "name"]}
              label={format("label.name")}
              placeholder={format("label.skill.example")}
            />
            <TextField
              path={["skills", i, "level"]}
              label={format("label.level")}
              placeholder={format("label.level.example")}
            />
            <CommaListField path={["skills", i, "keywords"]} label={format("label.keywords")} />
          </div>
        )}
      />
    </SectionCard>
  );
}
