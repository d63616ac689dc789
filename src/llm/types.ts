/**
 * Language-model providers behind one interface.
 *
 * Glossary
 * - Provider: one wire format (OpenAI-compatible chat completions, Azure
 *   OpenAI, Anthropic Messages) turned into `complete()`.
 * - Structured output: how the answer is held to a JSON schema. Negotiated per
 *   endpoint: `json_schema` where the server supports it, else `json_object`
 *   (JSON mode), else `text` with tolerant extraction and one repair round.
 * - Usage: prompt and answer tokens as the server reports them (estimated
 *   from characters when it does not), for budgets.
 */
export type StructuredMode = "json_schema" | "json_object" | "text";

export type JsonSchema = Record<string, unknown>;

export type CompletionRequest = {
  system: string;
  user: string;
  /** Ask for JSON matching this schema. */
  schema?: { name: string; schema: JsonSchema };
  maxOutputTokens: number;
  signal?: AbortSignal | undefined;
  /** Earlier turns, for the repair round. */
  history?: { role: "user" | "assistant"; content: string }[];
};

export type Usage = { inputTokens: number; outputTokens: number };

export type CompletionResult = {
  /** The answer's text (for tool-based JSON, the tool input serialised). */
  text: string;
  usage: Usage;
  /** The structured-output mode the endpoint accepted for this request. */
  mode: StructuredMode;
};

export interface LlmProvider {
  readonly name: "openai" | "azure" | "anthropic";
  complete(request: CompletionRequest): Promise<CompletionResult>;
}

/** Rough token count when a server reports none: about four characters a token. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
