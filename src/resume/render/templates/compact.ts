import { defineTemplate } from "./template-definition.js";

export default defineTemplate({
  id: "compact",
  name: "Compact",
  description: "Dense single column for long careers: small type, location and dates on the title line.",
  margin: { top: 34, bottom: 34, left: 40, right: 40 },
  sizes: { name: 18, label: 10, heading: 9.5, title: 9.25, body: 8.75, small: 8.25 },
  lineHeight: 1.26,
  colors: {
    text: "#161616",
    muted: "#5a5a5a",
    accent: "#3b3b3b",
    rule: "#b5b5b5",
    sidebar: "#ffffff",
    bandText: "#ffffff",
  },
  gaps: { section: 9, entry: 5, bullet: 0.5, afterHeading: 3 },
  bulletIndent: 10,
  inlineMeta: true,
});
