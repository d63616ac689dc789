// @vitest-environment jsdom
import { act, cleanup, renderHook } from "@testing-library/react";
import type { ReactNode } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiClient } from "../../src/api/client.js";
import { ApiError, networkError } from "../../src/api/problem.js";
import { reportAnswer } from "../../src/api/server-status.js";
import type { Limits } from "../../src/api/types.js";
import { ApiContext } from "../../src/hooks/use-api.js";
import { RECHECK_MS, useClearWhenServerBack } from "../../src/hooks/use-server-back.js";

/** Counts the re-checks instead of sending them; answering is the test's call. */
class CountingClient extends ApiClient {
  checks = 0;
  override getLimits(): Promise<Limits> {
    this.checks++;
    return new Promise(() => undefined);
  }
}

let api: CountingClient;
const wrapper = ({ children }: { children: ReactNode }) => (
  <ApiContext.Provider value={api}>{children}</ApiContext.Provider>
);

beforeEach(() => {
  api = new CountingClient();
  vi.useFakeTimers();
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe("useClearWhenServerBack", () => {
  it("asks the server again while it is unreachable and clears once any answer comes back", () => {
    const clear = vi.fn();
    renderHook(() => useClearWhenServerBack(networkError(), clear), { wrapper });
    act(() => vi.advanceTimersByTime(RECHECK_MS * 2));
    expect(api.checks).toBe(2);
    expect(clear).not.toHaveBeenCalled();
    act(() => reportAnswer());
    expect(clear).toHaveBeenCalledTimes(1);
    act(() => reportAnswer());
    expect(clear).toHaveBeenCalledTimes(1);
  });

  it("leaves other errors alone: a refusal does not go away by asking again", () => {
    const clear = vi.fn();
    renderHook(() => useClearWhenServerBack(new ApiError("x", "not_found", 404), clear), { wrapper });
    act(() => vi.advanceTimersByTime(RECHECK_MS * 3));
    act(() => reportAnswer());
    expect(api.checks).toBe(0);
    expect(clear).not.toHaveBeenCalled();
  });
});
