/**
 * Azure OpenAI: the OpenAI wire format at deployment URLs with an
 * `api-version`, authenticated by an `api-key` header or an Entra ID token
 * (`@azure/identity`, e.g. a managed identity on AKS).
 *
 * Accepted base URLs:
 * - `https://NAME.openai.azure.com` → `/openai/deployments/{LLM_MODEL}/chat/completions?api-version=…`
 * - a full deployment URL (`…/openai/deployments/gpt-4o[/chat/completions]`), kept as given
 * - the v1 surface (`…/openai/v1`), which takes no api-version
 */
import type { TokenCredential } from "@azure/identity";
import { OpenAiCompatibleProvider, type OpenAiCompatibleSettings } from "./openai-compatible.js";

export type AzureOpenAiSettings = OpenAiCompatibleSettings & {
  apiVersion: string;
  /** When set, an Entra ID token is sent instead of the api-key. */
  credential?: TokenCredential | undefined;
};

const SCOPE = "https://cognitiveservices.azure.com/.default";

/** The chat-completions URL for an Azure base URL and deployment. */
export function azureChatUrl(baseUrl: string, deployment: string, apiVersion: string): string {
  const url = new URL(baseUrl);
  let path = url.pathname.replace(/\/+$/, "");
  if (/\/openai\/v1$/.test(path)) {
    url.pathname = `${path}/chat/completions`;
    return url.toString();
  }
  if (!/\/openai\/deployments\/[^/]+/.test(path))
    path = `${path}/openai/deployments/${encodeURIComponent(deployment)}`;
  if (!path.endsWith("/chat/completions")) path = `${path}/chat/completions`;
  url.pathname = path;
  if (!url.searchParams.has("api-version")) url.searchParams.set("api-version", apiVersion);
  return url.toString();
}

export class AzureOpenAiProvider extends OpenAiCompatibleProvider {
  override readonly name = "azure" as const;

  constructor(private readonly azure: AzureOpenAiSettings) {
    super(azure);
  }

  protected override url(): string {
    return azureChatUrl(this.azure.baseUrl, this.azure.model, this.azure.apiVersion);
  }

  protected override async headers(): Promise<Record<string, string>> {
    if (this.azure.credential) {
      const token = await this.azure.credential.getToken(SCOPE);
      if (!token) throw new Error("Entra ID returned no token for Azure OpenAI");
      return { authorization: `Bearer ${token.token}` };
    }
    return this.azure.apiKey ? { "api-key": this.azure.apiKey } : {};
  }
}
