import { defineTemplate } from "./template-definition.js";

export default defineTemplate({
  id: "european",
  name: "European",
  description:
    "Photo beside the name, a labelled personal details block, tinted section headings; the layout common in German, French and Spanish CVs.",
  header: "left",
  headingStyle: "tinted",
  margin: { top: 46, bottom: 48, left: 52, right: 52 },
  sizes: { name: 24, label: 12, heading: 11, title: 10.5, body: 9.75, small: 9.25 },
  colors: {
    text: "#1c1c1c",
    muted: "#555b61",
    accent: "#1d4e89",
    rule: "#b7c3d1",
    sidebar: "#e8eef6",
    bandText: "#ffffff",
  },
  headingCaps: false,
  photo: "header",
  photoSize: 96,
  contactStyle: "labelled",
});
