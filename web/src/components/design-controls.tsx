/**
 * The design controls of the export screen: accent colour (with its WCAG
 * contrast against the page, and the colour the export will use when it has
 * to darken it), font, text size, line spacing, margins, date style, fit to
 * one page, and the photo with its shape. Every change goes to `onChange`
 * at once, so the live preview follows.
 */
import { useId, useRef, useState } from "react";
import { checkAccentContrast } from "../../../src/resume/render/color-contrast.js";
import { TEMPLATES } from "../../../src/resume/render/templates/index.js";
import {
  DATE_FORMATS,
  type ExportSettings,
  FONT_IDS,
  type TemplateId,
} from "../../../src/resume/settings.js";
import { errorMessage } from "../api/problem.js";
import { type DesignMessageId, format } from "./design-messages.js";
import "./design-controls.css";

/** The part of the export settings these controls edit. */
export type DesignSettings = Pick<
  ExportSettings,
  | "font"
  | "accent_color"
  | "font_size"
  | "line_spacing"
  | "margin_mm"
  | "date_format"
  | "fit_to_one_page"
  | "photo_shape"
>;

export function designOf(settings: ExportSettings): DesignSettings {
  const {
    font,
    accent_color,
    font_size,
    line_spacing,
    margin_mm,
    date_format,
    fit_to_one_page,
    photo_shape,
  } = settings;
  return {
    font,
    accent_color,
    font_size,
    line_spacing,
    margin_mm,
    date_format,
    fit_to_one_page,
    photo_shape,
  };
}

const FONT_NAMES: Record<(typeof FONT_IDS)[number], string> = {
  sans: "Noto Sans",
  serif: "Noto Serif",
  mono: "JetBrains Mono",
  inter: "Inter",
  "source-sans": "Source Sans 3",
  lato: "Lato",
  "eb-garamond": "EB Garamond",
};

type Props = {
  value: DesignSettings;
  template: TemplateId;
  onChange(next: DesignSettings): void;
  disabled: boolean;
  photo: { present: boolean; url: string | null; upload(file: File): Promise<void>; remove(): Promise<void> };
};

/** A range input that can also be "template default" (unset). */
function OptionalRange(props: {
  label: DesignMessageId;
  value: number | undefined;
  fallback: number;
  min: number;
  max: number;
  step: number;
  show: (n: number) => string;
  onChange(v: number | undefined): void;
  disabled: boolean;
}) {
  const id = useId();
  const current = props.value ?? props.fallback;
  return (
    <div className="design__row">
      <label htmlFor={id} className="field__label">
        {format(props.label)}
      </label>
      <input
        id={id}
        type="range"
        min={props.min}
        max={props.max}
        step={props.step}
        value={current}
        disabled={props.disabled}
        aria-valuetext={props.value === undefined ? format("design.auto") : props.show(current)}
        onChange={(e) => props.onChange(Number(e.target.value))}
      />
      <output htmlFor={id} className="muted small">
        {props.value === undefined ? format("design.auto") : props.show(current)}
      </output>
      {props.value !== undefined ? (
        <button
          type="button"
          className="btn btn--link small"
          disabled={props.disabled}
          onClick={() => props.onChange(undefined)}
        >
          {format("design.auto")}
        </button>
      ) : null}
    </div>
  );
}

export function DesignControls({ value, template, onChange, disabled, photo }: Props) {
  const t = TEMPLATES[template];
  const set = (patch: Partial<DesignSettings>) => onChange({ ...value, ...patch });
  const accentId = useId();
  const fontId = useId();
  const datesId = useId();
  const fileRef = useRef<HTMLInputElement>(null);
  const [photoError, setPhotoError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const check = checkAccentContrast(value.accent_color ?? t.colors.accent);
  const photoAction = async (action: () => Promise<void>) => {
    setPhotoError(null);
    setBusy(true);
    try {
      await action();
    } catch (e) {
      setPhotoError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <fieldset className="choice-group design" disabled={disabled}>
      <legend className="field__label">{format("design.legend")}</legend>
      <div className="design__row">
        <label htmlFor={accentId} className="field__label">
          {format("design.accent")}
        </label>
        <input
          id={accentId}
          type="color"
          value={value.accent_color ?? t.colors.accent}
          onChange={(e) => set({ accent_color: e.target.value })}
          aria-describedby={`${accentId}-contrast`}
        />
        <span id={`${accentId}-contrast`} className="muted small" aria-live="polite">
          {check.adjusted
            ? format("design.accent.adjusted", {
                color: check.requested,
                ratio: contrastOf(check.requested),
                used: check.used,
              })
            : format("design.accent.ok", { ratio: check.ratio.toFixed(1) })}
        </span>
        {value.accent_color ? (
          <button
            type="button"
            className="btn btn--link small"
            onClick={() => set({ accent_color: undefined })}
          >
            {format("design.accent.default")}
          </button>
        ) : null}
      </div>
      <div className="design__row">
        <label htmlFor={fontId} className="field__label">
          {format("design.font")}
        </label>
        <select
          id={fontId}
          value={value.font ?? ""}
          onChange={(e) => set({ font: (e.target.value || undefined) as DesignSettings["font"] })}
        >
          <option value="">
            {format("design.font.template")} ({FONT_NAMES[t.defaultFont]})
          </option>
          {FONT_IDS.map((f) => (
            <option key={f} value={f}>
              {FONT_NAMES[f]}
            </option>
          ))}
        </select>
      </div>
      <OptionalRange
        label="design.size"
        value={value.font_size}
        fallback={t.sizes.body}
        min={8}
        max={13}
        step={0.25}
        show={(n) => format("design.size.value", { size: n })}
        onChange={(v) => set({ font_size: v })}
        disabled={disabled}
      />
      <OptionalRange
        label="design.spacing"
        value={value.line_spacing}
        fallback={t.lineHeight}
        min={1}
        max={1.8}
        step={0.02}
        show={(n) => n.toFixed(2)}
        onChange={(v) => set({ line_spacing: v })}
        disabled={disabled}
      />
      <OptionalRange
        label="design.margins"
        value={value.margin_mm}
        fallback={Math.round((t.margin.left * 25.4) / 72)}
        min={8}
        max={35}
        step={1}
        show={(n) => format("design.margins.value", { mm: n })}
        onChange={(v) => set({ margin_mm: v })}
        disabled={disabled}
      />
      <div className="design__row">
        <label htmlFor={datesId} className="field__label">
          {format("design.dates")}
        </label>
        <select
          id={datesId}
          value={value.date_format}
          onChange={(e) => set({ date_format: e.target.value as DesignSettings["date_format"] })}
        >
          {DATE_FORMATS.map((d) => (
            <option key={d} value={d}>
              {format(`design.dates.${d}`)}
            </option>
          ))}
        </select>
      </div>
      <label className="check">
        <input
          type="checkbox"
          checked={value.fit_to_one_page}
          onChange={(e) => set({ fit_to_one_page: e.target.checked })}
        />
        {format("design.fit")}
      </label>
      <div className="design__photo">
        <span className="field__label">{format("design.photo")}</span>
        <p className="muted small">
          {t.photo === "none" ? format("design.photo.unused") : format("design.photo.hint")}
        </p>
        {photo.present && photo.url ? (
          <img
            src={photo.url}
            alt={format("design.photo.alt")}
            className={
              value.photo_shape === "round"
                ? "design__photo-img design__photo-img--round"
                : "design__photo-img"
            }
            width={64}
            height={64}
          />
        ) : null}
        <input
          ref={fileRef}
          type="file"
          accept="image/jpeg,image/png"
          // Opened by the button below, which is what keyboard and screen-reader users reach.
          hidden
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void photoAction(() => photo.upload(file));
            e.target.value = "";
          }}
        />
        <button type="button" className="btn" disabled={busy} onClick={() => fileRef.current?.click()}>
          {format(photo.present ? "design.photo.replace" : "design.photo.upload")}
        </button>
        {photo.present ? (
          <button
            type="button"
            className="btn btn--link"
            disabled={busy}
            onClick={() => void photoAction(photo.remove)}
          >
            {format("design.photo.remove")}
          </button>
        ) : null}
        <span role="radiogroup" aria-label={format("design.photo")} className="design__shape">
          {(["round", "square"] as const).map((shape) => (
            <label key={shape} className="check">
              <input
                type="radio"
                name="photo-shape"
                checked={value.photo_shape === shape}
                onChange={() => set({ photo_shape: shape })}
              />
              {format(shape === "round" ? "design.photo.round" : "design.photo.square")}
            </label>
          ))}
        </span>
        {photoError ? (
          <p className="notice notice--error small" role="alert">
            {photoError}
          </p>
        ) : null}
      </div>
      <button
        type="button"
        className="btn btn--link small"
        onClick={() =>
          onChange({ date_format: "as_written", fit_to_one_page: false, photo_shape: value.photo_shape })
        }
      >
        {format("design.reset")}
      </button>
    </fieldset>
  );
}

function contrastOf(color: string): string {
  return checkAccentContrast(color, "#ffffff", 0).ratio.toFixed(1);
}
