// @vitest-environment jsdom
import { act, cleanup, render, renderHook, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ProgressBar } from "../../src/components/progress-bar.js";
import { STALL_MS, useStalled } from "../../src/hooks/use-stalled.js";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe("useStalled", () => {
  it("turns true once the key has stood still for the whole period, and false when it moves", () => {
    const { result, rerender } = renderHook(({ key, active }) => useStalled(key, active), {
      initialProps: { key: "20|parsing", active: true },
    });
    expect(result.current).toBe(false);
    act(() => vi.advanceTimersByTime(STALL_MS - 1));
    expect(result.current).toBe(false);
    act(() => vi.advanceTimersByTime(1));
    expect(result.current).toBe(true);
    rerender({ key: "40|parsing", active: true });
    expect(result.current).toBe(false);
    // Moving restarts the period.
    act(() => vi.advanceTimersByTime(STALL_MS - 1));
    expect(result.current).toBe(false);
    rerender({ key: "40|parsing", active: false });
    act(() => vi.advanceTimersByTime(STALL_MS * 2));
    expect(result.current).toBe(false);
  });
});

describe("ProgressBar", () => {
  it("says that it has not moved, and stops saying it when it moves", () => {
    const { rerender } = render(<ProgressBar label="Reading cv.pdf" value={20} detail="Extracting text" />);
    expect(screen.queryByText(/has not moved/)).toBeNull();
    act(() => vi.advanceTimersByTime(STALL_MS));
    expect(screen.getByText(/This has not moved for 30 seconds/)).toBeTruthy();
    rerender(<ProgressBar label="Reading cv.pdf" value={35} detail="Extracting text" />);
    expect(screen.queryByText(/has not moved/)).toBeNull();
  });

  it("never calls a finished bar stalled", () => {
    render(<ProgressBar label="Exporting" value={100} />);
    act(() => vi.advanceTimersByTime(STALL_MS * 2));
    expect(screen.queryByText(/has not moved/)).toBeNull();
  });
});
