import { EntryList } from "../components/entry-list.js";
import { TextField } from "../components/fields.js";
import { blank } from "../editor/blank-entries.js";
import { SectionCard } from "./section-card.js";

/** Name, contact details, location, profiles and summary. */
export function BasicsSection() {
  const b = ["basics"] as const;
  return (
    <SectionCard id="basics" title="Profile">
      <div className="grid">
        <TextField path={[...b, "name"]} label="Full name" autoComplete="name" />
        <TextField path={[...b, "label"]} label="Headline" placeholder="e.g. Senior backend engineer" />
        <TextField path={[...b, "email"]} label="Email" type="email" autoComplete="email" />
        <TextField path={[...b, "phone"]} label="Phone" type="tel" autoComplete="tel" />
        <TextField path={[...b, "url"]} label="Website" type="url" />
        <TextField path={[...b, "location", "city"]} label="City" />
        <TextField path={[...b, "location", "region"]} label="Region" />
        <TextField path={[...b, "location", "countryCode"]} label="Country code" />
        <TextField path={[...b, "summary"]} label="Summary" multiline />
      </div>
      <h3 className="subheading">Profiles</h3>
      <EntryList
        path={[...b, "profiles"]}
        noun="Profile"
        level={4}
        create={blank.profile}
        title={(e) => [e.network, e.username].filter(Boolean).join(" · ")}
        render={(i) => (
          <div className="grid">
            <TextField path={[...b, "profiles", i, "network"]} label="Network" placeholder="e.g. GitHub" />
            <TextField path={[...b, "profiles", i, "username"]} label="Username" />
            <TextField path={[...b, "profiles", i, "url"]} label="Link" type="url" wide />
          </div>
        )}
      />
    </SectionCard>
  );
}
