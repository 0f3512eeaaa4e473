// `npm start -- change-by-hand`: what someone editing a connection in the Datadog UI does, here
// on the local backend and outside Pulumi: renames one connection of the quickstart stack (a
// PATCH of its name), so that the drift check has something to find.
//   node scripts/examples/change-by-hand.js <connection id> <new name>
// Uses CONNECTIONS_API_URL, DD_API_KEY and DD_APP_KEY, as `npm start` sets them.
"use strict";
const { ConnectionsClient } = require("../../dist/client");

async function main([id, name]) {
  if (!id || !name) throw new Error("usage: node scripts/examples/change-by-hand.js <connection id> <new name>");
  const client = new ConnectionsClient();
  try {
    const before = await client.connections.get(id);
    const after = await client.connections.update(id, { name });
    return `connection ${id}: name "${before.name}" -> "${after.name}" (changed on the backend, not in the program)`;
  } finally {
    client.close();
  }
}

main(process.argv.slice(2)).then(
  (line) => console.log(line),
  (err) => {
    console.error(`could not change the connection: ${err.message}`);
    process.exit(1);
  },
);
