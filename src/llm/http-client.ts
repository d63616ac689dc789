/**
 * One JSON POST to a model server with a time budget and retries.
 *
 * Retries: 429 (waiting what `Retry-After` says, in seconds or as an HTTP
 * date, capped), 408, 5xx, network errors and our own timeout, with
 * exponential back-off otherwise. Other 4xx are answered at once: they mean
 * the request or the configuration is wrong, and the caller may fall back
 * (e.g. a server that rejects `response_format`). `sleep` is injectable so
 * tests never wait.
 */
import { AppError } from "../errors.js";

export type HttpOptions = {
  timeoutMs: number;
  maxRetries: number;
  fetchImpl?: typeof fetch;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Longest wait a Retry-After may impose before we give up instead. */
  maxRetryAfterMs?: number;
};

export type HttpAnswer = {
  status: number;
  body: string;
  headers: Headers;
  stream?: ReadableStream<Uint8Array>;
};

export class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`HTTP ${status}`);
  }
}

const defaultSleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });

/** Milliseconds a `Retry-After` header asks for, or null. */
export function retryAfterMs(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  if (/^\d+(?:\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

function unavailable(message: string, cause?: unknown, retryable = true): AppError {
  return new AppError("llm_unavailable", message, { cause, retryable });
}

/**
 * POST `body` as JSON; resolve with a 2xx answer, throw `HttpStatusError` for other 4xx
 * and `llm_unavailable` when retries are exhausted.
 */
export async function postJson(
  url: string,
  headers: Record<string, string>,
  body: unknown,
  options: HttpOptions & { signal?: AbortSignal | undefined; stream?: boolean },
): Promise<HttpAnswer> {
  const sleep = options.sleep ?? defaultSleep;
  const maxWait = options.maxRetryAfterMs ?? 60_000;
  let lastProblem = "";
  for (let attempt = 0; ; attempt++) {
    const timeout = AbortSignal.timeout(options.timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    let response: Response;
    try {
      response = await (options.fetchImpl ?? fetch)(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: options.stream ? "text/event-stream" : "application/json",
          ...headers,
        },
        body: JSON.stringify(body),
        signal,
      });
      if (response.ok && options.stream && response.body) {
        return { status: response.status, body: "", headers: response.headers, stream: response.body };
      }
      const text = await response.text();
      if (response.ok) return { status: response.status, body: text, headers: response.headers };
      const retryable = response.status === 408 || response.status === 429 || response.status >= 500;
      if (!retryable) throw new HttpStatusError(response.status, text.slice(0, 2_000));
      lastProblem = `HTTP ${response.status}`;
      if (attempt >= options.maxRetries) {
        throw unavailable(`The language model endpoint answered ${lastProblem}.`, text.slice(0, 500));
      }
      const asked = retryAfterMs(response.headers.get("retry-after"));
      if (asked !== null && asked > maxWait) {
        throw unavailable(
          `The language model endpoint asks to wait ${Math.ceil(asked / 1000)} s.`,
          text.slice(0, 500),
        );
      }
      await sleep(asked ?? backoff(attempt), options.signal);
    } catch (error) {
      if (error instanceof HttpStatusError || error instanceof AppError) throw error;
      // A cancel from the caller is theirs to report; only our own timeout is an LLM failure.
      if (options.signal?.aborted) throw options.signal.reason ?? error;
      lastProblem = timeout.aborted ? `no answer within ${options.timeoutMs} ms` : "endpoint unreachable";
      if (attempt >= options.maxRetries) {
        throw unavailable(
          timeout.aborted
            ? `The language model did not answer within ${options.timeoutMs} ms.`
            : "The language model endpoint cannot be reached.",
          error,
        );
      }
      await sleep(backoff(attempt), options.signal);
    }
  }
}

function backoff(attempt: number): number {
  return Math.min(30_000, 500 * 2 ** attempt);
}
