/**
 * New, empty entries for "Add …" buttons, built by the model's own schemas so
 * they always carry every field with its default and a fresh entry id.
 */
import {
  awardSchema,
  certificateSchema,
  customItemSchema,
  customSectionSchema,
  educationSchema,
  interestSchema,
  languageSchema,
  positionSchema,
  profileSchema,
  projectSchema,
  publicationSchema,
  referenceSchema,
  skillSchema,
  volunteerSchema,
  workSchema,
} from "../../../src/resume/model.js";

export const blank = {
  work: () => workSchema.parse({ positions: [positionSchema.parse({})] }),
  position: () => positionSchema.parse({}),
  education: () => educationSchema.parse({}),
  skills: () => skillSchema.parse({}),
  projects: () => projectSchema.parse({}),
  volunteer: () => volunteerSchema.parse({}),
  awards: () => awardSchema.parse({}),
  certificates: () => certificateSchema.parse({}),
  publications: () => publicationSchema.parse({}),
  languages: () => languageSchema.parse({}),
  interests: () => interestSchema.parse({}),
  references: () => referenceSchema.parse({}),
  profile: () => profileSchema.parse({}),
  customSection: (title: string) => customSectionSchema.parse({ title, items: [customItemSchema.parse({})] }),
  customItem: () => customItemSchema.parse({}),
};
