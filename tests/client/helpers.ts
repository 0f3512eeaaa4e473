import { ClientOptions, ConnectionsClient } from "../../client";

export const KEYS = { apiKey: "0123456789abcdef0123456789abcdef", appKey: "0123456789abcdef0123456789abcdef01234567" };

/** A client for a test server: fast backoff, short timeout. */
export function testClient(apiUrl: string, options: ClientOptions = {}): ConnectionsClient {
  return new ConnectionsClient(
    {
      apiUrl,
      ...KEYS,
      timeoutMs: 2000,
      maxRetries: 4,
      ...options,
      retry: { baseDelayMs: 5, maxDelayMs: 20, ...options.retry },
    },
    {},
  );
}

/** The rejection of `p`, failing the test when it resolves. */
export async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected the promise to reject");
}
