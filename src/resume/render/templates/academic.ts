import { defineTemplate } from "./template-definition.js";

export default defineTemplate({
  id: "academic",
  name: "Academic",
  description:
    "Serif by default, centred header, numbered publications, name and page numbers in the footer of every page.",
  header: "centered",
  defaultFont: "serif",
  margin: { top: 54, bottom: 60, left: 62, right: 62 },
  sizes: { name: 22, label: 11.5, heading: 11.5, title: 10.5, body: 10, small: 9.5 },
  lineHeight: 1.34,
  colors: {
    text: "#1a1a1a",
    muted: "#555555",
    accent: "#5a1f1f",
    rule: "#b3a3a3",
    sidebar: "#ffffff",
    bandText: "#ffffff",
  },
  pageNumbers: true,
  numberedSections: ["publications"],
});
