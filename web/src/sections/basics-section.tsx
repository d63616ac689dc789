import { EntryList } from "../components/entry-list.js";
import { TextField } from "../components/fields.js";
import { blank } from "../editor/blank-entries.js";
import { SectionCard } from "./section-card.js";
import { format } from "./section-messages.js";

/** Name, contact details, location, profiles and summary. */
export function BasicsSection() {
  const b = ["basics"] as const;
  return (
    <SectionCard id="basics" title={format("section.basics")}>
      <div className="grid">
        <TextField path={[...b, "name"]} label={format("label.full_name")} autoComplete="name" />
        <TextField
          path={[...b, "label"]}
          label={format("label.headline")}
          placeholder={format("label.headline.example")}
        />
        <TextField path={[...b, "email"]} label={format("label.email")} type="email" autoComplete="email" />
        <TextField path={[...b, "phone"]} label={format("label.phone")} type="tel" autoComplete="tel" />
        <TextField path={[...b, "url"]} label={format("label.website")} type="url" />
        <TextField path={[...b, "location", "city"]} label={format("label.city")} />
        <TextField path={[...b, "location", "region"]} label={format("label.region")} />
        <TextField path={[...b, "location", "countryCode"]} label={format("label.country_code")} />
        <TextField path={[...b, "summary"]} label={format("label.summary")} multiline />
      </div>
      <h3 className="subheading">{format("section.basics.profiles")}</h3>
      <EntryList
        path={[...b, "profiles"]}
        noun="profile"
        level={4}
        create={blank.profile}
        title={(e) => [e.network, e.username].filter(Boolean).join(" · ")}
        render={(i) => (
          <div className="grid">
            <TextField
              path={[...b, "profiles", i, "network"]}
              label={format("label.network")}
              placeholder={format("label.network.example")}
            />
            <TextField path={[...b, "profiles", i, "username"]} label={format("label.username")} />
            <TextField path={[...b, "profiles", i, "url"]} label={format("label.link")} type="url" wide />
          </div>
        )}
      />
    </SectionCard>
  );
}
