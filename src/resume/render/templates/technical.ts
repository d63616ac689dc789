import { defineTemplate } from "./template-definition.js";

export default defineTemplate({
  id: "technical",
  name: "Technical",
  description:
    "Skills as a matrix of groups and keywords, accent-marked headings, location and dates on the title line.",
  headingStyle: "bar",
  defaultFont: "inter",
  margin: { top: 42, bottom: 42, left: 48, right: 48 },
  sizes: { name: 22, label: 11, heading: 10.5, title: 10, body: 9.5, small: 9 },
  lineHeight: 1.3,
  colors: {
    text: "#171a1f",
    muted: "#59616b",
    accent: "#0b5cad",
    rule: "#d3d9e0",
    sidebar: "#ffffff",
    bandText: "#ffffff",
  },
  gaps: { section: 12, entry: 7, bullet: 1, afterHeading: 5 },
  inlineMeta: true,
  skillsMatrix: true,
});
