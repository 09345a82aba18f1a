import type { Bridge, RequestInput, RequestName, RequestOutput } from '../../../shared/contract.js';
import { CliError, exitCodeFor } from './exit-codes.js';

/** Invoke a request and unwrap the envelope; a refusal becomes a CliError with the right exit code. */
export async function call<K extends RequestName>(bridge: Bridge, name: K, input: RequestInput<K>): Promise<RequestOutput<K>> {
  const result = await bridge.invoke(name, input);
  if (!result.ok) throw new CliError(result.error.message, exitCodeFor(result.error.code));
  return result.value;
}
