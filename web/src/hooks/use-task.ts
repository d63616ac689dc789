import { useEffect, useRef, useState } from "react";
import type { ApiError } from "../api/problem.js";
import { followTask } from "../api/task-stream.js";
import type { Task } from "../api/types.js";
import { useApi } from "./use-api.js";

export type TaskView = { task: Task | null; reconnecting: boolean; error: ApiError | null };

/**
 * Follows a task live (SSE with reconnects) while `taskId` is set.
 * `initial` is shown until the first event arrives.
 */
export function useTask(taskId: string | null, initial?: Task | null): TaskView {
  const api = useApi();
  const [view, setView] = useState<TaskView>({ task: initial ?? null, reconnecting: false, error: null });
  // A seed only: following restarts for another task, not for a new `initial` object.
  const seed = useRef(initial ?? null);
  seed.current = initial ?? null;
  useEffect(() => {
    if (!taskId) {
      setView({ task: null, reconnecting: false, error: null });
      return;
    }
    setView((v) => ({
      task: v.task?.id === taskId ? v.task : seed.current,
      reconnecting: false,
      error: null,
    }));
    return followTask(api, taskId, {
      onUpdate: (task) => setView((v) => ({ ...v, task, reconnecting: false })),
      onReconnecting: (reconnecting) => setView((v) => ({ ...v, reconnecting })),
      onError: (error) => setView((v) => ({ ...v, error })),
    });
  }, [api, taskId]);
  return view;
}
