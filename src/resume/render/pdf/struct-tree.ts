/**
 * Builds the PDF structure tree from the tags the layout put on every item.
 *
 * Each distinct tag object becomes one structure element, created the first
 * time something of it is drawn and attached to its parent's element, so the
 * tree follows the reading order of the page content. Link elements are
 * closed at the end of each page: pdfkit records an annotation's page when
 * the element is written.
 */
import { ARTIFACT, type ItemTag, type Tag } from "./tags.js";

type StructElement = {
  add(child: unknown): StructElement;
  end(): void;
};

type TaggedDoc = PDFKit.PDFDocument & {
  struct(type: string, options?: Record<string, unknown>): StructElement;
  addStructure(element: StructElement): void;
  markStructureContent(tag: string): unknown;
  markContent(tag: string, options?: Record<string, unknown>): void;
  endMarkedContent(): void;
};

export class StructTree {
  private readonly doc: TaggedDoc;
  private readonly elements = new Map<Tag, StructElement>();
  private readonly links: Tag[] = [];

  constructor(document: PDFKit.PDFDocument, root: Tag, title: string) {
    this.doc = document as TaggedDoc;
    const element = this.doc.struct("Document", { title });
    this.doc.addStructure(element);
    this.elements.set(root, element);
  }

  /** The structure element for `tag`, created (with its ancestors) on first use. */
  element(tag: Tag): StructElement {
    let element = this.elements.get(tag);
    if (!element) {
      const parent = tag.parent ? this.element(tag.parent) : this.elements.values().next().value!;
      element = this.doc.struct(tag.role, tag.alt && tag.role !== "Link" ? { alt: tag.alt } : {});
      parent.add(element);
      this.elements.set(tag, element);
      if (tag.role === "Link") this.links.push(tag);
    }
    return element;
  }

  /** Open a marked-content sequence for `tag`: artifacts are marked as such, content joins its element. */
  open(tag: ItemTag | undefined, artifactType = "Layout"): void {
    if (!tag || tag.role === "Artifact") {
      this.doc.markContent("Artifact", { type: tag === ARTIFACT ? "Pagination" : artifactType });
      return;
    }
    const element = this.element(tag as Tag);
    element.add(this.doc.markStructureContent(tag.role));
  }

  close(): void {
    this.doc.endMarkedContent();
  }

  /** Called after a page's content: links end here (a later line of the same link starts a new element). */
  endPage(): void {
    for (const tag of this.links) {
      this.elements.get(tag)?.end();
      this.elements.delete(tag);
    }
    this.links.length = 0;
  }
}
