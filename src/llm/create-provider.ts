/**
 * The configured provider, built once by the composition root or a handler.
 */
import type { TokenCredential } from "@azure/identity";
import type { Config } from "../config.js";
import { AppError } from "../errors.js";
import { AnthropicProvider } from "./anthropic.js";
import { AzureOpenAiProvider } from "./azure-openai.js";
import type { HttpOptions } from "./http-client.js";
import { OpenAiCompatibleProvider } from "./openai-compatible.js";
import type { LlmProvider } from "./types.js";

export type LlmConfig = Config["optimize"]["llm"];

export type ProviderDeps = Pick<HttpOptions, "fetchImpl" | "sleep"> & {
  /** Entra ID credential for Azure (`LLM_AZURE_AUTH=entra`); defaults to DefaultAzureCredential. */
  credential?: TokenCredential;
};

/** A provider for the configuration, or an error saying what is missing. */
export async function createLlmProvider(llm: LlmConfig, deps: ProviderDeps = {}): Promise<LlmProvider> {
  if (!llm.baseUrl && llm.provider !== "anthropic") {
    throw new AppError("llm_unavailable", "The language model is not configured (LLM_BASE_URL, LLM_MODEL).", {
      retryable: false,
    });
  }
  if (!llm.model) {
    throw new AppError("llm_unavailable", "The language model is not configured (LLM_MODEL).", {
      retryable: false,
    });
  }
  const common = {
    model: llm.model,
    apiKey: llm.apiKey,
    timeoutMs: llm.timeoutMs,
    maxRetries: llm.maxRetries,
    structuredOutput: llm.structuredOutput,
    ...(deps.fetchImpl ? { fetchImpl: deps.fetchImpl } : {}),
    ...(deps.sleep ? { sleep: deps.sleep } : {}),
    stream: llm.stream,
  };
  if (llm.provider === "anthropic") {
    return new AnthropicProvider({ ...common, baseUrl: llm.baseUrl ?? "https://api.anthropic.com" });
  }
  if (llm.provider === "azure") {
    let credential = deps.credential;
    if (!credential && llm.azureAuth === "entra") {
      const { DefaultAzureCredential } = await import("@azure/identity");
      credential = new DefaultAzureCredential();
    }
    return new AzureOpenAiProvider({
      ...common,
      baseUrl: llm.baseUrl!,
      apiVersion: llm.azureApiVersion,
      credential: llm.azureAuth === "entra" ? credential : undefined,
    });
  }
  return new OpenAiCompatibleProvider({ ...common, baseUrl: llm.baseUrl! });
}
