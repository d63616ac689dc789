import { defineTemplate } from "./template-definition.js";

export default defineTemplate({
  id: "minimal",
  name: "Minimal",
  description:
    "Typographic single column: no rules or fills, headings set by size and weight alone, generous white space.",
  headingStyle: "plain",
  margin: { top: 60, bottom: 56, left: 68, right: 68 },
  sizes: { name: 22, label: 11, heading: 12, title: 10.5, body: 9.75, small: 9.25 },
  lineHeight: 1.4,
  colors: {
    text: "#222222",
    muted: "#6b6b6b",
    accent: "#222222",
    rule: "#ffffff",
    sidebar: "#ffffff",
    bandText: "#ffffff",
  },
  headingCaps: false,
  gaps: { section: 18, entry: 10, bullet: 2, afterHeading: 6 },
});
