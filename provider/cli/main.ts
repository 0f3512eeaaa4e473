#!/usr/bin/env node
/**
 * `pulumi-workflow-connections`: the package's command line.
 *
 *   pulumi-workflow-connections generate [--id <id>...] [--group <id>...] [--out index.ts] [--secrets config|env]
 *   pulumi-workflow-connections generate --all [--out index.ts] [--secrets config|env]
 *
 * Target and keys as the provider reads them from the environment: CONNECTIONS_API_URL or
 * DD_SITE (or --api-url / --site), DD_API_KEY and DD_APP_KEY (never flags: they would land in
 * shell history). Everything the target returns is data: it reaches the program and the
 * terminal escaped (../codegen/source-text.ts).
 */
import * as fs from "node:fs";
import { parseArgs } from "node:util";
import type { ConnectionsClient } from "../../client";
import { SECRETS_FROM, SecretsFrom } from "../codegen/secret-input";
import { terminalText } from "../codegen/source-text";
import { UsageError, fetchToAdopt } from "./fetch-to-adopt";

const USAGE = `usage:
  pulumi-workflow-connections generate [--id <id>...] [--group <id>...] [--out <file>] [--secrets config|env]
  pulumi-workflow-connections generate --all [--out <file>] [--secrets config|env]

Writes a Pulumi program (TypeScript) that adopts the given connections and groups (adoptId,
protected as \`pulumi import\` does), with their secrets read from the stack config or the
environment, and prints the commands to set them.
  --id <id>        a connection to adopt (repeat for several)
  --group <id>     a connection group to adopt, with its members (repeat for several)
  --all            every connection and group the target lists (a Datadog site or the local backend)
  --page-size <n>  items asked per list page with --all (1 to 100, default 100)
  --out <file>     write the program there (default: standard output)
  --secrets <from> config (default): secrets from the stack config (stored encrypted in the state);
                   env: references { fromEnv, version } to environment variables named after each
                   connection, read when a secret is written, never stored (prints the exports)
  --api-url <url>  the target's URL (default: CONNECTIONS_API_URL, else DD_SITE's Datadog site)
  --site <site>    a Datadog site, e.g. datadoghq.eu
Keys: DD_API_KEY and DD_APP_KEY in the environment.`;

async function generate(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      id: { type: "string", multiple: true },
      group: { type: "string", multiple: true },
      all: { type: "boolean" },
      "page-size": { type: "string" },
      out: { type: "string" },
      secrets: { type: "string", default: "config" },
      "api-url": { type: "string" },
      site: { type: "string" },
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
  const groupIds = values.group ?? [];
  const named = ids.length + groupIds.length > 0;
  if ((values.all === true) === named)
    throw new UsageError("give either --id <id> and/or --group <id> (one or more), or --all");
  const pageSize = values["page-size"] === undefined ? 100 : Number(values["page-size"]);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100)
    throw new UsageError("--page-size: a whole number from 1 to 100 (the local backend's largest page)");
  const { ConnectionsClient } = require("../../client") as typeof import("../../client");
  const client: ConnectionsClient = new ConnectionsClient({
    ...(values["api-url"] ? { apiUrl: values["api-url"] } : {}),
    ...(values.site ? { site: values.site } : {}),
  });
  try {
    const { connections, groups, notes } = await fetchToAdopt(client, {
      all: values.all === true,
      ids,
      groupIds,
      pageSize,
    });
    if (connections.length === 0 && groups.length === 0)
      throw new UsageError(`${client.baseUrl} lists no connections the application key's user may view`);
    const { generateProgram } = require("../codegen/program") as typeof import("../codegen/program");
    // Built in full (and every id and name checked) before anything is written.
    const { program, secrets, secretInstructions } = generateProgram(connections, client.baseUrl, groups, from);
    if (values.out) fs.writeFileSync(values.out, program);
    else process.stdout.write(program);
    const where = values.out ? `Wrote ${values.out}` : "Wrote the program above";
    const count = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;
    const lines = [
      `${where}: ${count(connections.length, "connection")}${groups.length ? ` and ${count(groups.length, "group")}` : ""} to adopt, each protected (pulumi destroy leaves it; the file says how to release it).`,
      ...notes,
    ];
    if (secrets.length) lines.push(...secretInstructions);
    lines.push(
      "The preview says, for each connection, what adopting it changes (nothing, when the program and the secrets match).",
    );
    process.stderr.write(`${lines.map(terminalText).join("\n")}\n`);
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
    // An error may quote what the target sent: printed escaped, like everything else.
    process.stderr.write(
      `${terminalText(`pulumi-workflow-connections: ${err instanceof Error ? err.message : String(err)}`)}\n${usage ? `\n${USAGE}\n` : ""}`,
    );
    return usage ? 2 : 1;
  }
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
