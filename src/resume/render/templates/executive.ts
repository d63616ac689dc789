import { defineTemplate } from "./template-definition.js";

export default defineTemplate({
  id: "executive",
  name: "Executive",
  description:
    "A large name band across the page, the summary first as an opening paragraph, then tinted section headings.",
  header: "band",
  headingStyle: "tinted",
  margin: { top: 44, bottom: 48, left: 54, right: 54 },
  sizes: { name: 30, label: 13, heading: 11, title: 10.75, body: 10, small: 9.5 },
  lineHeight: 1.34,
  colors: {
    text: "#1a1d21",
    muted: "#545b66",
    accent: "#2b3a4a",
    rule: "#b8c0ca",
    sidebar: "#e9edf2",
    bandText: "#ffffff",
  },
  headingCaps: true,
  gaps: { section: 15, entry: 9, bullet: 1.5, afterHeading: 6 },
  leadSummary: true,
});
