import type { AgentConfig } from '../config.js';
import { findLocalLlm } from './local-llm.js';

const REACHABILITY_TIMEOUT_MS = 3000;

/**
 * Checks what settings alone cannot: the local model is installed and is a GGUF file, a self-hosted endpoint
 * answers. Returns one line per problem, each
 * naming the setting to change. Public cloud endpoints are not probed (keys are checked by
 * config; an offline machine must still start).
 */
export async function findProviderProblems(config: AgentConfig): Promise<string[]> {
  const problems: string[] = [];
  const { allowed } = config.providers;
  const settings = config.providerSettings;

  // Chosen by name ('local'): a model that is not there is an error. Under 'auto' main.ts falls back to echo instead.
  if (allowed.llm.includes('local')) {
    const model = await findLocalLlm(settings.local.model, config.localSpeech);
    if (!model.ok) problems.push(`${settings.local.setting}: ${model.problem}`);
  }
  if (allowed.llm.includes('openai-compatible') && settings.openaiCompatible.baseUrl !== undefined) {
    const problem = await probeEndpoint(settings.openaiCompatible.baseUrl);
    if (problem) problems.push(`PARLEY_OPENAI_COMPATIBLE_BASE_URL: ${problem}`);
  }
  return problems;
}

/** Any HTTP answer counts as reachable (an auth error is the provider's to report per request). */
async function probeEndpoint(baseUrl: string): Promise<string | null> {
  const url = `${baseUrl.replace(/\/+$/, '')}/models`;
  try {
    await fetch(url, { signal: AbortSignal.timeout(REACHABILITY_TIMEOUT_MS) });
    return null;
  } catch (error) {
    const reason = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
    return `cannot reach ${url} (${reason})`;
  }
}
