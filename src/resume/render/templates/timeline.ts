import { defineTemplate } from "./template-definition.js";

export default defineTemplate({
  id: "timeline",
  name: "Timeline",
  description: "Dates on a left rail with a line and a dot per entry; entries to the right of it.",
  margin: { top: 48, bottom: 48, left: 48, right: 52 },
  sizes: { name: 24, label: 11.5, heading: 11, title: 10.5, body: 9.75, small: 9 },
  colors: {
    text: "#1c1f24",
    muted: "#5d6670",
    accent: "#0f6a63",
    rule: "#b9c7c5",
    sidebar: "#ffffff",
    bandText: "#ffffff",
  },
  dateRail: 92,
});
