/**
 * Server-sent events from a streaming completion, as parsed JSON payloads.
 * Lines are buffered across chunks; `[DONE]` (OpenAI) ends the stream.
 */
export async function* sseEvents(
  stream: ReadableStream<Uint8Array>,
  maxBytes = 4_000_000,
): AsyncGenerator<{ event: string | null; data: unknown }> {
  const decoder = new TextDecoder();
  let buffer = "";
  let total = 0;
  let event: string | null = null;
  let data: string[] = [];
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (value) {
        total += value.byteLength;
        if (total > maxBytes) throw new Error(`stream larger than ${maxBytes} bytes`);
        buffer += decoder.decode(value, { stream: true });
      }
      let newline = buffer.search(/\r?\n/);
      while (newline !== -1) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(buffer[newline] === "\r" ? newline + 2 : newline + 1);
        if (line === "") {
          if (data.length) {
            const payload = data.join("\n");
            if (payload === "[DONE]") return;
            yield { event, data: JSON.parse(payload) };
          }
          event = null;
          data = [];
        } else if (line.startsWith("data:")) data.push(line.slice(5).trimStart());
        else if (line.startsWith("event:")) event = line.slice(6).trim();
        newline = buffer.search(/\r?\n/);
      }
      if (done) return;
    }
  } finally {
    reader.releaseLock();
  }
}
