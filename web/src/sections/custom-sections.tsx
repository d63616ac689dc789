import { EntryList } from "../components/entry-list.js";
import { DateRangeField, StringListField, TextField } from "../components/fields.js";
import { blank } from "../editor/blank-entries.js";
import { SectionCard } from "./section-card.js";

/** Sections with free titles ("Talks", "Open source", …), each a list of generic items. */
export function CustomSections() {
  return (
    <SectionCard
      id="custom"
      title="Custom sections"
      description="Anything that does not fit above, under a title of your choice."
    >
      <EntryList
        path={["custom"]}
        noun="Section"
        create={() => blank.customSection("New section")}
        title={(e) => String(e.title ?? "")}
        render={(i) => (
          <>
            <div className="grid">
              <TextField path={["custom", i, "title"]} label="Section title" wide />
            </div>
            <EntryList
              path={["custom", i, "items"]}
              noun="Item"
              level={4}
              create={blank.customItem}
              title={(e) => String(e.title ?? "")}
              render={(j) => {
                const p = ["custom", i, "items", j] as const;
                return (
                  <div className="grid">
                    <TextField path={[...p, "title"]} label="Title" />
                    <TextField path={[...p, "subtitle"]} label="Subtitle" />
                    <DateRangeField path={[...p, "dates"]} label="Dates" />
                    <TextField path={[...p, "summary"]} label="Summary" multiline />
                    <StringListField path={[...p, "highlights"]} label="Highlights" itemNoun="Bullet" />
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
