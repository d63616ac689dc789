import { defineTemplate } from "./template-definition.js";

export default defineTemplate({
  id: "modern",
  name: "Modern",
  description:
    "Two columns: a tinted sidebar with contact details and skills beside the experience, name on a coloured band.",
  layout: "sidebar",
  header: "band",
  margin: { top: 36, bottom: 40, left: 36, right: 40 },
  sizes: { name: 24, label: 12, heading: 11.5, title: 10.5, body: 9.75, small: 9 },
  colors: {
    text: "#1d232b",
    muted: "#5b6573",
    accent: "#245b8f",
    rule: "#c9d3df",
    sidebar: "#eef2f7",
    bandText: "#ffffff",
  },
  headingCaps: false,
  gaps: { section: 14, entry: 9, bullet: 1.5, afterHeading: 5 },
  bulletIndent: 11,
  sidebarWidth: 186,
  columnGap: 22,
});
