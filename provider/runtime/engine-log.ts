/**
 * Diagnostics from the provider, shown under a resource: the dynamic-provider plugin gives a
 * provider's `check` no way to say something that is not a failure, and the SDK's `pulumi.log`
 * is not connected to the engine in the plugin process. The plugin is started with the engine's
 * address as its first argument (the engine's Log service, which `pulumi.log` uses in programs),
 * so this sends the message there, with the URN the resource was given by the program.
 */
import * as path from "node:path";

type Severity = "info" | "warning";

interface EngineClient {
  log(req: unknown, done: (err: unknown) => void): void;
  close(): void;
}

let client: EngineClient | null | undefined;

/** The plugin's engine address (`127.0.0.1:<port>`), when this process is the plugin. */
function engineAddress(): string | undefined {
  const arg = process.argv[2];
  return arg && /^[\w.-]+:\d+$/.test(arg) && /dynamic-provider/.test(process.argv[1] ?? "") ? arg : undefined;
}

function engine(): EngineClient | null {
  if (client !== undefined) return client;
  const addr = engineAddress();
  if (!addr) return (client = null);
  // The SDK's generated client and its own copy of grpc-js (credentials must come from the same copy).
  const sdkDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
  const grpc = require(require.resolve("@grpc/grpc-js", { paths: [sdkDir] }));
  const { EngineClient } = require("@pulumi/pulumi/proto/engine_grpc_pb");
  client = new EngineClient(addr, grpc.credentials.createInsecure()) as EngineClient;
  return client;
}

/**
 * Logs `message` under the resource `urn`. Resolves whether or not it was delivered (a message
 * that cannot be shown must not fail the operation): false when it was not.
 */
export function logUnder(urn: string, severity: Severity, message: string): Promise<boolean> {
  const e = engine();
  if (!e) return Promise.resolve(false);
  const pb = require("@pulumi/pulumi/proto/engine_pb");
  const req = new pb.LogRequest();
  req.setSeverity(severity === "info" ? pb.LogSeverity.INFO : pb.LogSeverity.WARNING);
  req.setMessage(message);
  req.setUrn(urn);
  return new Promise((resolve) => e.log(req, (err) => resolve(!err)));
}

/**
 * Logs `message` under the resource `urn` from wherever this runs: the plugin process (above),
 * or the program (the preflight runs the provider's checks there), through the SDK's log.
 */
export async function sayUnder(urn: string, severity: Severity, message: string): Promise<void> {
  if (await logUnder(urn, severity, message)) return;
  const pulumi = require("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
  if (!pulumi.runtime.hasEngine()) return;
  const where = { urn: pulumi.output(urn) } as unknown as import("@pulumi/pulumi").Resource;
  await (severity === "info" ? pulumi.log.info(message, where) : pulumi.log.warn(message, where));
}
