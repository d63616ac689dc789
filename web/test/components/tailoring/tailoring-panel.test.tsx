// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import axe from "axe-core";
import { useState } from "react";
import { afterEach, describe, expect, it } from "vitest";
import type { Artifact, Tailoring } from "../../../src/api/types.js";
import { t } from "../../../src/components/tailoring/messages.js";
import {
  TailoringPanel,
  type TailoringPanelProps,
} from "../../../src/components/tailoring/tailoring-panel.js";

afterEach(cleanup);

function sample(): Tailoring {
  return {
    id: "t1",
    job_id: "j1",
    posting: "…",
    engine: "builtin",
    task_id: null,
    analysis: {
      title: "Senior ML Engineer",
      company: "Acme AI",
      location: null,
      remote: null,
      seniority: "senior",
      language: "en",
      requirements: [],
      responsibilities: [],
      skills: [],
    },
    fit: {
      score: 0.67,
      requirements: [
        {
          requirement_id: "r1",
          text: "Kubernetes in production",
          kind: "must",
          status: "met",
          evidence: [
            { path: "work.0.positions.0.highlights.0", text: "Served models on k8s", skill: "Kubernetes" },
          ],
          missing_skills: [],
        },
        {
          requirement_id: "r2",
          text: "Model quantization",
          kind: "must",
          status: "missing",
          evidence: [],
          missing_skills: ["Model quantization"],
        },
      ],
      matched_skills: ["Kubernetes"],
      missing_skills: ["Model quantization"],
      warnings: [],
      experience_years: 6,
    },
    proposals: [
      {
        id: "p1",
        path: "work.0.positions.0.highlights.0",
        original: "Served models on k8s",
        proposed: "Served models on Kubernetes",
        reason: "Uses the posting's words for skills you already have.",
        category: "keyword_alignment",
        applicable: true,
        status: "pending",
        evidence: {
          cv: [{ path: "work.0.positions.0.highlights.0", text: "Served models on k8s" }],
          requirement: { id: "r1", text: "Kubernetes in production", kind: "must" },
        },
      },
    ],
    questions: [
      {
        id: "q_r2_1",
        requirement_id: "r2",
        kind: "skill",
        message: { key: "tailor.question.skill", params: { skill: "Model quantization" } },
        text: "Have you used Model quantization? If so, where?",
        must: true,
      },
    ],
    answers: [],
    cover_letter: null,
    undo_depth: 0,
    created_at: "2026-11-30T00:00:00.000Z",
    updated_at: "2026-11-30T00:00:00.000Z",
  };
}

/** A kept cover-letter file as the artifacts route lists it. */
function letterFile(kind: "cover_letter_pdf" | "cover_letter_docx", version: number): Artifact {
  return {
    id: `${kind}-${version}`,
    job_id: "j1",
    task_id: null,
    kind,
    version,
    is_zip: false,
    is_latest: true,
    out_of_date: false,
    template: "classic",
    page_size: "A4",
    language: "en",
    filename: `cover-letter-v${version}.${kind === "cover_letter_pdf" ? "pdf" : "docx"}`,
    content_type: "application/pdf",
    size_bytes: 2048,
    sha256: "0".repeat(64),
    expires_at: "2026-12-30T00:00:00.000Z",
    created_at: "2026-11-30T00:00:00.000Z",
    download_url: "/signed",
    download_url_expires_at: "2026-11-30T00:10:00.000Z",
    languages: [],
  };
}

type PanelState = { current: Tailoring; calls: string[]; files?: Artifact[] };

/** A client that records calls and answers like the server would for this one tailoring. */
function fakeApi(state: PanelState): TailoringPanelProps["api"] {
  const save = (next: Tailoring) => {
    state.current = next;
    return Promise.resolve(next);
  };
  return {
    decideProposal: (_j, _t, pid, change) => {
      state.calls.push(`decide ${pid} ${JSON.stringify(change)}`);
      return save({
        ...state.current,
        proposals: state.current.proposals.map((p) =>
          p.id === pid
            ? {
                ...p,
                ...(change.status ? { status: change.status } : {}),
                ...(typeof change.edited === "string" ? { edited: change.edited } : {}),
              }
            : p,
        ),
      });
    },
    answerQuestions: (_j, _t, answers) => {
      state.calls.push(`answer ${JSON.stringify(answers)}`);
      return save(state.current);
    },
    applyTailoring: () => Promise.reject(new Error("not in this test")),
    undoTailoring: () => Promise.reject(new Error("not in this test")),
    draftCoverLetter: () => {
      state.calls.push("draft");
      return save({
        ...state.current,
        cover_letter: {
          greeting: "Dear Acme AI hiring team,",
          paragraphs: ["I am applying."],
          closing: "Kind regards,",
          source: "template",
          evidence: [],
        },
      });
    },
    saveCoverLetter: (_j, _t, letter) => {
      state.calls.push(`save ${letter.paragraphs.join("|")}`);
      return save({ ...state.current, cover_letter: letter });
    },
    coverLetterUrl: (_j, _t, format) => `/letter.${format}`,
    listCoverLetterArtifacts: () => Promise.resolve(state.files ?? []),
    exportCoverLetter: () => {
      state.calls.push("keep");
      const version = (state.files?.[0]?.version ?? 0) + 1;
      state.files = [
        letterFile("cover_letter_pdf", version),
        letterFile("cover_letter_docx", version),
        ...(state.files ?? []).map((f) => ({ ...f, is_latest: false })),
      ];
      return Promise.resolve(state.files);
    },
    downloadUrl: (id) => `/download/${id}`,
  };
}

function Harness({
  state,
  reruns,
  refused,
}: {
  state: PanelState;
  reruns: string[];
  refused?: TailoringPanelProps["refused"];
}) {
  const [tailoring, setTailoring] = useState(state.current);
  const [api] = useState(() => fakeApi(state));
  return (
    <main>
      <TailoringPanel
        api={api}
        tailoring={tailoring}
        refused={refused}
        onTailoring={setTailoring}
        onJob={() => {}}
        onRerun={() => reruns.push("rerun")}
      />
    </main>
  );
}

describe("TailoringPanel", () => {
  it("shows the fit report with evidence, proposals with what they draw on, and translated questions", async () => {
    const state = { current: sample(), calls: [] as string[] };
    const { container } = render(<Harness state={state} reruns={[]} />);
    expect(screen.getByText(t("tailor.fit.score", { score: 67 }))).toBeTruthy();
    expect(screen.getByText("Served models on k8s", { selector: "q" })).toBeTruthy();
    expect(screen.getByText(t("tailor.fit.none"))).toBeTruthy();
    expect(
      screen.getByText(t("tailor.proposals.serves", { requirement: "Kubernetes in production" })),
    ).toBeTruthy();
    expect(screen.getByLabelText("Have you used Model quantization? If so, where?")).toBeTruthy();
    const results = await axe.run(container, {
      runOnly: ["wcag2a", "wcag2aa"],
      rules: { "color-contrast": { enabled: false } },
    });
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(", ")}`)).toEqual([]);
  });

  it("accepts, edits before accepting, answers and drafts a cover letter through the API", async () => {
    const state = { current: sample(), calls: [] as string[] };
    const reruns: string[] = [];
    render(<Harness state={state} reruns={reruns} />);
    const proposal = screen
      .getByText("Uses the posting's words for skills you already have.", { exact: false })
      .closest("li")!;
    fireEvent.click(within(proposal).getByRole("button", { name: t("tailor.proposals.edit") }));
    const box = screen.getByLabelText(t("tailor.proposals.editLabel"));
    fireEvent.change(box, { target: { value: "Served models on Kubernetes (EKS)" } });
    fireEvent.click(screen.getByRole("button", { name: t("tailor.proposals.save") }));
    await waitFor(() => expect(screen.getByText("Served models on Kubernetes (EKS)")).toBeTruthy());
    expect(state.calls[0]).toBe(
      'decide p1 {"edited":"Served models on Kubernetes (EKS)","status":"accepted"}',
    );
    expect(screen.getByRole("button", { name: t("tailor.apply", { count: 1 }) })).toBeTruthy();

    fireEvent.change(screen.getByLabelText("Have you used Model quantization? If so, where?"), {
      target: { value: "INT8 at Nimbus" },
    });
    fireEvent.click(screen.getByRole("button", { name: t("tailor.questions.save") }));
    await waitFor(() => expect(reruns).toEqual(["rerun"]));
    expect(state.calls[1]).toBe('answer [{"question_id":"q_r2_1","answer":"INT8 at Nimbus"}]');

    fireEvent.click(screen.getByRole("button", { name: t("tailor.letter.draft") }));
    const paragraph = await screen.findByLabelText(t("tailor.letter.paragraph", { n: 1 }));
    fireEvent.change(paragraph, { target: { value: "I am applying, gladly." } });
    fireEvent.click(screen.getByRole("button", { name: t("tailor.letter.save") }));
    await waitFor(() => expect(state.calls.at(-1)).toBe("save I am applying, gladly."));
    expect(screen.getByRole("link", { name: t("tailor.letter.pdf") }).getAttribute("href")).toBe(
      "/letter.pdf",
    );
  });

  it("shows refused suggestions without a way to accept them", async () => {
    const state: PanelState = { current: sample(), calls: [] };
    const { container } = render(
      <Harness
        state={state}
        reruns={[]}
        refused={[
          {
            path: "work.0.positions.0.highlights.0",
            proposed: "Served models at Google for 90M users",
            reason: 'fabrication: introduces "Google", "90M" found in neither the resume nor your answers',
          },
        ]}
      />,
    );
    const region = screen.getByRole("region", { name: t("tailor.refused.title", { count: 1 }) });
    expect(within(region).getByText("Served models at Google for 90M users")).toBeTruthy();
    expect(within(region).getByText(/^Why: fabrication: introduces "Google"/)).toBeTruthy();
    expect(within(region).queryAllByRole("button")).toEqual([]);
    // The refused text is not among the suggestions one can accept.
    const proposals = screen.getByRole("region", { name: t("tailor.proposals.title", { count: 1 }) });
    expect(within(proposals).queryByText("Served models at Google for 90M users")).toBeNull();
    const results = await axe.run(container, {
      runOnly: ["wcag2a", "wcag2aa"],
      rules: { "color-contrast": { enabled: false } },
    });
    expect(results.violations.map((v) => v.id)).toEqual([]);
  });

  it("keeps the saved letter as PDF and Word versions and lists each with a download link", async () => {
    const state: PanelState = { current: sample(), calls: [], files: [] };
    render(<Harness state={state} reruns={[]} />);
    fireEvent.click(screen.getByRole("button", { name: t("tailor.letter.draft") }));
    const keep = await screen.findByRole("button", { name: t("tailor.letter.keep") });
    await screen.findByText(t("tailor.letter.files.none"));
    // Unsaved edits would not be in the kept files: keeping waits for the save.
    fireEvent.change(screen.getByLabelText(t("tailor.letter.paragraph", { n: 1 })), {
      target: { value: "I am applying, gladly." },
    });
    expect((keep as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole("button", { name: t("tailor.letter.save") }));
    await waitFor(() => expect((keep as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(keep);
    await screen.findByText(t("tailor.letter.kept", { version: 1 }));
    fireEvent.click(screen.getByRole("button", { name: t("tailor.letter.keep") }));
    await screen.findByText(t("tailor.letter.kept", { version: 2 }));
    expect(state.calls.filter((c) => c === "keep")).toHaveLength(2);
    const table = screen.getByRole("table", { name: t("tailor.letter.files.caption") });
    const links = within(table).getAllByRole("link");
    expect(links.map((l) => l.getAttribute("aria-label"))).toEqual([
      "Download cover letter PDF version 2 (2.0 KB)",
      "Download cover letter Word version 2 (2.0 KB)",
      "Download cover letter PDF version 1 (2.0 KB)",
      "Download cover letter Word version 1 (2.0 KB)",
    ]);
    expect(links[0]?.getAttribute("href")).toBe("/download/cover_letter_pdf-2");
  });
});
