import { EntryList } from "../components/entry-list.js";
import { numbered } from "../components/entry-messages.js";
import { DateRangeField, StringListField, TextField } from "../components/fields.js";
import { blank } from "../editor/blank-entries.js";
import { sectionTitle } from "../editor/describe-path.js";
import { useEditor } from "../editor/editor-context.js";
import { format as reviewText } from "../editor/review-messages.js";
import { SectionCard } from "./section-card.js";
import { format } from "./section-messages.js";

/** Employers, each with one or more positions (promotions stay under one employer). */
export function WorkSection() {
  const { resume, dispatch } = useEditor();
  const positionTools = (i: number) => (j: number, heading: string) => {
    const others = resume.work.map((w, k) => ({
      k,
      name: w.name || numbered("employer", k),
    }));
    const id = `transfer-work-${i}-${j}`;
    return (
      <>
        {j > 0 ? (
          <button
            type="button"
            className="btn btn--ghost btn--small"
            aria-label={reviewText("entry.split.label", { entry: heading })}
            onClick={() => dispatch({ type: "split", index: i, at: j })}
          >
            {reviewText("entry.split")}
          </button>
        ) : null}
        {others.length > 1 ? (
          <span className="entry__transfer">
            <label htmlFor={id} className="visually-hidden">
              {reviewText("entry.transfer.label", { entry: `“${heading}”` })}
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
              <option value="">{reviewText("entry.transfer")}</option>
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
    <SectionCard id="work" title={sectionTitle("work")} description={format("section.work.description")}>
      <EntryList
        path={["work"]}
        noun="employer"
        mergeable
        create={blank.work}
        title={(e) => String(e.name ?? "")}
        render={(i) => (
          <>
            <div className="grid">
              <TextField path={["work", i, "name"]} label={format("label.employer")} />
              <TextField path={["work", i, "location"]} label={format("label.location")} />
              <TextField path={["work", i, "url"]} label={format("label.website")} type="url" />
              <TextField path={["work", i, "description"]} label={format("label.about_employer")} multiline />
            </div>
            <h4 className="subheading">{format("section.work.positions")}</h4>
            <EntryList
              path={["work", i, "positions"]}
              noun="position"
              level={4}
              mergeable
              tools={positionTools(i)}
              create={blank.position}
              title={(p) => String(p.title ?? "")}
              render={(j) => {
                const p = ["work", i, "positions", j] as const;
                return (
                  <div className="grid">
                    <TextField path={[...p, "title"]} label={format("label.job_title")} />
                    <DateRangeField path={[...p, "dates"]} label={format("label.dates")} />
                    <TextField path={[...p, "location"]} label={format("label.location")} />
                    <TextField path={[...p, "summary"]} label={format("label.summary")} multiline />
                    <StringListField
                      path={[...p, "highlights"]}
                      label={format("label.achievements")}
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
