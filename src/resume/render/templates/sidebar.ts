import { defineTemplate } from "./template-definition.js";

export default defineTemplate({
  id: "sidebar",
  name: "Sidebar",
  description:
    "A dark accent sidebar on the left with the photo, contact details and skills; the name heads the main column.",
  layout: "sidebar",
  header: "left",
  headingStyle: "plain",
  margin: { top: 40, bottom: 40, left: 28, right: 40 },
  sizes: { name: 26, label: 12, heading: 11.5, title: 10.5, body: 9.75, small: 9 },
  colors: {
    text: "#1d232b",
    muted: "#5b6573",
    accent: "#233a54",
    rule: "#c9d3df",
    sidebar: "#233a54",
    bandText: "#ffffff",
  },
  headingCaps: true,
  sidebarWidth: 190,
  columnGap: 24,
  darkSidebar: true,
  photo: "sidebar",
  photoSize: 112,
});
