/**
 * Following a task over its server-sent event stream, as a client does: the server closes the stream
 * when the task ends, so reading to the end waits for it with no polling loop and no sleep.
 */

/** Every `task` event's data on `url`, in order, with the response's status and content type. */
export async function readTaskStream<T>(
  url: string,
  ownerUserId: string,
): Promise<{ status: number; contentType: string | null; tasks: T[]; rest: string }> {
  const response = await fetch(url, {
    headers: { "x-owner-user-id": ownerUserId, accept: "text/event-stream" },
  });
  const tasks: T[] = [];
  const decoder = new TextDecoder();
  let buffer = "";
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = frame.split("\n").find((l) => l.startsWith("data: "));
      if (frame.includes("event: task") && data) tasks.push(JSON.parse(data.slice(6)) as T);
    }
  }
  return { status: response.status, contentType: response.headers.get("content-type"), tasks, rest: buffer };
}
