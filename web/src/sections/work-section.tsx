import { EntryList } from "../components/entry-list.js";
import { DateRangeField, StringListField, TextField } from "../components/fields.js";
import { blank } from "../editor/blank-entries.js";
import { useEditor } from "../editor/editor-context.js";
import { format } from "../editor/review-messages.js";
import { SectionCard } from "./section-card.js";

/** Employers, each with one or more positions (promotions stay under one employer). */
export function WorkSection() {
  const { resume, dispatch } = useEditor();
  const positionTools = (i: number) => (j: number, heading: string) => {
    const others = resume.work.map((w, k) => ({
      k,
      name: w.name || format("entry.untitled", { noun: "Employer", number: k + 1 }),
    }));
    const id = `transfer-work-${i}-${j}`;
    return (
      <>
        {j > 0 ? (
          <button
            type="button"
            className="btn btn--ghost btn--small"
            aria-label={format("entry.split.label", { entry: heading })}
            onClick={() => dispatch({ type: "split", index: i, at: j })}
          >
            {format("entry.split")}
          </button>
        ) : null}
        {others.length > 1 ? (
          <span className="entry__transfer">
            <label htmlFor={id} className="visually-hidden">
              {format("entry.transfer.label", { entry: `“${heading}”` })}
            </label>
            <select
              id={id}
              className="input input--small"
              value=""
              onChange={(e) => {
                const to = Number(e.target.value);
                if (e.target.value !== "" && to !== i)
                  dispatch({
                    type: "transfer",
                    from: ["work", i, "positions"],
                    index: j,
                    to: ["work", to, "positions"],
                  });
              }}
            >
              <option value="">{format("entry.transfer")}</option>
              {others
                .filter((o) => o.k !== i)
                .map((o) => (
                  <option key={o.k} value={o.k}>
                    {o.name}
                  </option>
                ))}
            </select>
          </span>
        ) : null}
      </>
    );
  };
  return (
    <SectionCard
      id="work"
      title="Experience"
      description="One card per employer; add a position for each role held there."
    >
      <EntryList
        path={["work"]}
        noun="Employer"
        mergeable
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
              mergeable
              tools={positionTools(i)}
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
