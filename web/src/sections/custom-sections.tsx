import { EntryList } from "../components/entry-list.js";
import { DateRangeField, StringListField, TextField } from "../components/fields.js";
import { blank } from "../editor/blank-entries.js";
import { SectionCard } from "./section-card.js";
import { format } from "./section-messages.js";

/** Sections with free titles ("Talks", "Open source", …), each a list of generic items. */
export function CustomSections() {
  return (
    <SectionCard
      id="custom"
      title={format("section.custom")}
      description={format("section.custom.description")}
    >
      <EntryList
        path={["custom"]}
        noun="section"
        create={() => blank.customSection(format("section.custom.new"))}
        title={(e) => String(e.title ?? "")}
        render={(i) => (
          <>
            <div className="grid">
              <TextField path={["custom", i, "title"]} label={format("label.section_title")} wide />
            </div>
            <EntryList
              path={["custom", i, "items"]}
              noun="item"
              level={4}
              create={blank.customItem}
              title={(e) => String(e.title ?? "")}
              render={(j) => {
                const p = ["custom", i, "items", j] as const;
                return (
                  <div className="grid">
                    <TextField path={[...p, "title"]} label={format("label.title")} />
                    <TextField path={[...p, "subtitle"]} label={format("label.subtitle")} />
                    <DateRangeField path={[...p, "dates"]} label={format("label.dates")} />
                    <TextField path={[...p, "summary"]} label={format("label.summary")} multiline />
                    <StringListField
                      path={[...p, "highlights"]}
                      label={format("label.highlights")}
                      itemNoun="bullet"
                    />
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
