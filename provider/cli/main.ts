#!/usr/bin/env node
/**
 * `pulumi-workflow-connections`: the package's command line.
 *
 *   pulumi-workflow-connections generate --id <id> [--id <id>...] [--out index.ts] [--secrets config|env]
 *   pulumi-workflow-connections generate --all [--out index.ts] [--secrets config|env]
 *
 * Target and keys as the provider reads them from the environment: CONNECTIONS_API_URL or
 * DD_SITE (or --api-url / --site), DD_API_KEY and DD_APP_KEY (never flags: they would land in
 * shell history).
 */
import * as fs from "node:fs";
import { parseArgs } from "node:util";
import type { ConnectionsClient, RemoteConnection } from "../../client";
import { generateProgram } from "../codegen/program";
import { SECRETS_FROM, SecretsFrom, secretSource } from "../codegen/secret-source";

const USAGE = `usage:
  pulumi-workflow-connections generate --id <id> [--id <id>...] [--out <file>]
  pulumi-workflow-connections generate --all [--out <file>]

Writes a Pulumi program (TypeScript) that adopts the given connections (adoptId), with their
secrets read from the stack config, and prints the \`pulumi config set --secret\` commands to run.
  --id <id>        a connection to adopt (repeat for several)
  --all            every connection the target lists (the local backend; Datadog's API has no
                   list endpoint for connections: name them with --id)
  --out <file>     write the program there (default: standard output)
  --secrets <from> config (default): secrets from the stack config (stored encrypted in the state);
                   env: references { fromEnv, version } to environment variables named after each
                   connection, read when a secret is written, never stored (prints the exports)
  --api-url <url>  the target's URL (default: CONNECTIONS_API_URL, else DD_SITE's Datadog site)
  --site <site>    a Datadog site, e.g. datadoghq.eu
Keys: DD_API_KEY and DD_APP_KEY in the environment.`;

class UsageError extends Error {}

async function fetchConnections(client: ConnectionsClient, ids: string[], all: boolean): Promise<RemoteConnection[]> {
  if (all) {
    if (client.target.isDatadog)
      throw new UsageError(
        `--all: Datadog's API has no list endpoint for connections (target ${client.baseUrl}); name each connection with --id`,
      );
    const out: RemoteConnection[] = [];
    for await (const c of client.connections.listAll({ pageSize: 100 })) out.push(c);
    return out;
  }
  return Promise.all(
    ids.map((id) =>
      client.connections.get(id).catch((err: unknown) => {
        throw new Error(`connection ${JSON.stringify(id)}: ${err instanceof Error ? err.message : String(err)}`);
      }),
    ),
  );
}

async function generate(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      id: { type: "string", multiple: true },
      all: { type: "boolean" },
      out: { type: "string" },
      "api-url": { type: "string" },
      site: { type: "string" },
      secrets: { type: "string", default: "config" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const ids = values.id ?? [];
  const from = values.secrets as SecretsFrom;
  if (!SECRETS_FROM.includes(from))
    throw new UsageError(`--secrets ${JSON.stringify(values.secrets)}: expected one of ${SECRETS_FROM.join(", ")}`);
  if ((values.all === true) === ids.length > 0) throw new UsageError("give either --id <id> (one or more) or --all");
  const { ConnectionsClient } = require("../../client") as typeof import("../../client");
  const client = new ConnectionsClient({
    ...(values["api-url"] ? { apiUrl: values["api-url"] } : {}),
    ...(values.site ? { site: values.site } : {}),
  });
  try {
    const connections = await fetchConnections(client, ids, values.all === true);
    if (connections.length === 0)
      throw new UsageError(`${client.baseUrl} lists no connections the application key's user may view`);
    const { program, secrets } = generateProgram(connections, client.baseUrl, from);
    if (values.out) fs.writeFileSync(values.out, program);
    else process.stdout.write(program);
    const where = values.out ? `Wrote ${values.out}` : "Wrote the program above";
    const lines = [`${where}: ${connections.length} connection${connections.length === 1 ? "" : "s"} to adopt.`];
    if (secrets.length) lines.push(...secretSource(from).instructions(secrets));
    lines.push(
      "The preview says, for each connection, what adopting it changes (nothing, when the program and the secrets match).",
    );
    process.stderr.write(`${lines.join("\n")}\n`);
  } finally {
    client.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === "generate") await generate(rest);
    else if (command === undefined || command === "--help" || command === "-h" || command === "help")
      console.log(USAGE);
    else throw new UsageError(`unknown command ${JSON.stringify(command)}`);
    return 0;
  } catch (err) {
    const usage = err instanceof UsageError || (err as { code?: string }).code?.startsWith("ERR_PARSE_ARGS");
    process.stderr.write(
      `pulumi-workflow-connections: ${err instanceof Error ? err.message : String(err)}\n${usage ? `\n${USAGE}\n` : ""}`,
    );
    return usage ? 2 : 1;
  }
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
