"use client";
/**
 * The date range: presets as one radio group (arrow keys move between them, as in any radio group), and a custom
 * range whose two dates apply together (a half-typed range never reaches the queries). Dates are the ad account's,
 * and the picker names them with their timezone ("Dec 1–7, 2026, Tokyo time"): a preset is computed in the chosen
 * account's timezone (lib/reports/presets.ts), so the same "Last 7 days" is other days for another account.
 */
import { useId, useState, type FormEvent } from "react";
import { daysInRange } from "../../../lib/tiktok/dates";
import { rangeInZone } from "../../../lib/reports/presets";
import {
  MAX_CUSTOM_DAYS,
  PRESET_LABELS,
  PRESETS,
  presetRange,
  type DateRange,
  type Preset,
  type RangeChoice,
} from "../../../lib/ui/reports";

export function RangePicker({
  range,
  today,
  timezone,
  onChange,
}: {
  range: DateRange & { choice: RangeChoice };
  today: string;
  /** The account's timezone, to name whose days these are. */
  timezone: string | undefined;
  onChange: (choice: RangeChoice, dates: DateRange) => void;
}) {
  const name = useId();
  const [customOpen, setCustomOpen] = useState(range.choice === "custom");
  // The choice just made, until the address (and so `range`) catches up: a controlled radio would otherwise spring
  // back for a frame. Tied to the range it was made from, so it lapses by itself once the range changes.
  const [pending, setPending] = useState<{ choice: Preset; from: string; to: string } | null>(null);
  const current = pending && pending.from === range.from && pending.to === range.to ? pending.choice : range.choice;
  const showCustom = customOpen || current === "custom";
  const choose = (preset: Preset) => {
    setCustomOpen(false);
    setPending({ choice: preset, from: range.from, to: range.to });
    onChange(preset, presetRange(preset, today));
  };

  return (
    <div className="range">
      <fieldset className="range__presets">
        <legend className="range__legend">Date range</legend>
        <div className="chips">
          {PRESETS.map((preset) => (
            <label key={preset} className="chip">
              <input
                type="radio"
                name={name}
                value={preset}
                checked={!showCustom && current === preset}
                onChange={() => choose(preset)}
              />
              <span>{PRESET_LABELS[preset]}</span>
            </label>
          ))}
          <label className="chip">
            <input type="radio" name={name} value="custom" checked={showCustom} onChange={() => setCustomOpen(true)} />
            <span>{PRESET_LABELS.custom}</span>
          </label>
        </div>
      </fieldset>
      <p className="range__dates muted small" data-testid="range-dates" aria-live="polite">
        {rangeInZone(range, timezone)}
      </p>
      {showCustom ? <CustomRange range={range} today={today} onApply={(dates) => onChange("custom", dates)} /> : null}
    </div>
  );
}

function CustomRange({
  range,
  today,
  onApply,
}: {
  range: DateRange;
  today: string;
  onApply: (dates: DateRange) => void;
}) {
  const [from, setFrom] = useState(range.from);
  const [to, setTo] = useState(range.to);
  const [error, setError] = useState<string | null>(null);
  const errorId = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!from || !to) return setError("Choose both dates.");
    if (from > to) return setError("The first date must be on or before the last.");
    if (daysInRange({ startDate: from, endDate: to }) > MAX_CUSTOM_DAYS)
      return setError(`Choose at most ${MAX_CUSTOM_DAYS} days.`);
    setError(null);
    onApply({ from, to });
  };

  return (
    <form className="range__custom" onSubmit={submit} noValidate>
      <DateField
        id="range-from"
        label="From"
        value={from}
        max={today}
        onChange={setFrom}
        errorId={error ? errorId : null}
      />
      <DateField id="range-to" label="To" value={to} max={today} onChange={setTo} errorId={error ? errorId : null} />
      <button type="submit" className="button button--secondary">
        Apply
      </button>
      {error ? (
        <p id={errorId} className="field-error range__error" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}

/** One end of the custom range; `errorId` is the range's error while one is shown (it is about both dates). */
function DateField({
  id,
  label,
  value,
  max,
  onChange,
  errorId,
}: {
  id: string;
  label: string;
  value: string;
  max: string;
  onChange: (value: string) => void;
  errorId: string | null;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className="input"
        type="date"
        value={value}
        max={max}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={errorId ? true : undefined}
        aria-describedby={errorId ?? undefined}
      />
    </div>
  );
}
