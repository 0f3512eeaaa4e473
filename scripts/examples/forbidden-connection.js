// `npm run example -- invalid forbidden` sets up what that mistake needs: a connection the
// application key's user (the keys file's first user) may view but not resolve. Created as the
// keys file's second user, who keeps editor and grants the org viewer only (a restriction
// policy), through the backend's API. Prints the connection's id; reuses the one from an earlier
// run (kept in the given id file) while it still exists.
//   node scripts/examples/forbidden-connection.js <api url> <keys file> <id file>
"use strict";
const fs = require("node:fs");
const { ConnectionsClient, NotFoundError } = require("../../dist/client");

async function main([apiUrl, keysFile, idFile]) {
  const keys = JSON.parse(fs.readFileSync(keysFile, "utf8"));
  const owner = keys.users[1];
  if (!owner) throw new Error(`${keysFile} has one user; this needs a second one to own the connection`);
  const client = new ConnectionsClient({ apiUrl, apiKey: keys.apiKeys[0], appKey: owner.applicationKeys[0] });
  try {
    const known = fs.existsSync(idFile) ? fs.readFileSync(idFile, "utf8").trim() : "";
    if (known) {
      try {
        return (await client.connections.get(known)).id;
      } catch (err) {
        if (!(err instanceof NotFoundError)) throw err;
      }
    }
    const created = await client.connections.create({
      name: `AWS of ${owner.name} (not resolvable by ${keys.users[0].name})`,
      integration: { type: "AWS", accountId: "999999999999", role: "workflows" },
      tags: ["account_id:999999999999"],
    });
    await client.policies.set(`connection:${created.id}`, [
      { relation: "editor", principals: [`user:${owner.id}`] },
      { relation: "viewer", principals: [`org:${keys.org.id}`] },
    ]);
    fs.writeFileSync(idFile, `${created.id}\n`);
    return created.id;
  } finally {
    client.close();
  }
}

main(process.argv.slice(2)).then(
  (id) => console.log(id),
  (err) => {
    console.error(`could not set up the forbidden connection: ${err.message}`);
    process.exit(1);
  },
);
