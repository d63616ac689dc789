import { defineTemplate } from "./template-definition.js";

export default defineTemplate({
  id: "classic",
  name: "Classic",
  description: "Single column, centred header, ruled upper-case section headings, dates on the right.",
  header: "centered",
});
