import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { ApiError } from "../api/problem.js";
import { queryKeys } from "../api/queries.js";
import { followTask } from "../api/task-stream.js";
import { isTerminal, type Task } from "../api/types.js";
import { useApi } from "./use-api.js";

export type TaskView = { task: Task | null; reconnecting: boolean; error: ApiError | null };

/**
 * Follows a task live (SSE with reconnects) while `taskId` is set. Each event
 * is written to the query cache under the task's key; when the task ends, the
 * job it worked on, its files, its log and the job list are refreshed.
 * `initial` is shown until the first event arrives.
 */
export function useTask(taskId: string | null, initial?: Task | null): TaskView {
  const api = useApi();
  const client = useQueryClient();
  const [stream, setStream] = useState<{ reconnecting: boolean; error: ApiError | null }>({
    reconnecting: false,
    error: null,
  });
  const { data } = useQuery({
    queryKey: queryKeys.task(taskId ?? ""),
    // The stream writes this entry; the first read only fills it when the stream has not yet.
    queryFn: () => api.getTask(taskId as string),
    enabled: false,
    initialData: initial?.id === taskId && initial ? initial : undefined,
  });

  useEffect(() => {
    setStream({ reconnecting: false, error: null });
    if (!taskId) return;
    return followTask(api, taskId, {
      onUpdate: (task) => {
        client.setQueryData(queryKeys.task(taskId), task);
        setStream((s) => (s.reconnecting ? { ...s, reconnecting: false } : s));
        if (isTerminal(task)) {
          void client.invalidateQueries({ queryKey: queryKeys.jobList() });
          if (task.job_id) {
            for (const key of [
              queryKeys.job,
              queryKeys.artifacts,
              queryKeys.events,
              queryKeys.activity,
              queryKeys.latestTailoring,
            ]) {
              void client.invalidateQueries({ queryKey: key(task.job_id) });
            }
            void client.invalidateQueries({ queryKey: ["tailoring", task.job_id] });
          }
        }
      },
      onReconnecting: (reconnecting) => setStream((s) => ({ ...s, reconnecting })),
      onError: (error) => setStream((s) => ({ ...s, error })),
    });
  }, [api, client, taskId]);

  return { task: taskId ? (data ?? null) : null, ...stream };
}
