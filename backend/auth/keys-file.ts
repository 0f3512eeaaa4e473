/**
 * Who may call the backend. The keys file (JSON, mode 0600) is generated on first start when
 * missing, with one admin user and random keys. Shape:
 *
 *   {
 *     "org":   { "id": "local-org", "name": "Local" },
 *     "apiKeys": ["<32 hex>"],                 // org-wide, like Datadog API keys: DD-API-KEY
 *     "users": [{
 *       "id": "admin",                         // principal "user:admin" in restriction policies
 *       "name": "Admin",
 *       "roles": ["admin"],                    // optional; principals "role:admin"
 *       "teams": ["platform"],                 // optional; principals "team:platform"
 *       "applicationKeys": ["<40 hex>"]         // DD-APPLICATION-KEY: identifies the acting user
 *     }]
 *   }
 *
 * API keys identify the org (any valid one will do); an application key identifies one user,
 * and is what permissions are checked against, as in Datadog.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";

export interface KeysUser {
  id: string;
  name: string;
  roles: string[];
  teams: string[];
  applicationKeys: string[];
}

export interface KeysFile {
  org: { id: string; name?: string };
  apiKeys: string[];
  users: KeysUser[];
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._@-]*$/;

function keysFileSchema() {
  const id = z
    .string()
    .regex(ID, "must start with a letter or digit and contain only letters, digits, '.', '_', '@' and '-'");
  const key = z.string().min(16, "keys must be at least 16 characters");
  return z
    .strictObject({
      org: z.strictObject({ id, name: z.string().optional() }),
      apiKeys: z.array(key).min(1),
      users: z
        .array(
          z.strictObject({
            id,
            name: z.string().min(1),
            roles: z.array(id).default([]),
            teams: z.array(id).default([]),
            applicationKeys: z.array(key).min(1),
          }),
        )
        .min(1),
    })
    .superRefine((file, ctx) => {
      const ids = new Set<string>();
      const keys = new Set<string>(file.apiKeys);
      file.users.forEach((user, i) => {
        if (ids.has(user.id))
          ctx.addIssue({ code: "custom", path: ["users", i, "id"], message: `user id "${user.id}" is used twice` });
        ids.add(user.id);
        user.applicationKeys.forEach((k, j) => {
          if (keys.has(k))
            ctx.addIssue({
              code: "custom",
              path: ["users", i, "applicationKeys", j],
              message: "this key is used twice",
            });
          keys.add(k);
        });
      });
    });
}

export function generateKeysFile(): KeysFile {
  return {
    org: { id: "local-org", name: "Local" },
    apiKeys: [crypto.randomBytes(16).toString("hex")],
    users: [
      {
        id: "admin",
        name: "Admin",
        roles: ["admin"],
        teams: [],
        applicationKeys: [crypto.randomBytes(20).toString("hex")],
      },
    ],
  };
}

export function writeKeysFile(file: string, keys: KeysFile): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, JSON.stringify(keys, null, 2) + "\n", { mode: 0o600, flag: "wx" });
}

/** Read and check the keys file; create it first when it does not exist. */
export function loadKeysFile(file: string): KeysFile {
  if (!fs.existsSync(file)) writeKeysFile(file, generateKeysFile());
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    throw new Error(`keys file ${file} is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
  const parsed = keysFileSchema().safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  - ${i.path.join(".") || "(root)"}: ${i.message}`).join("\n");
    throw new Error(`keys file ${file} is invalid:\n${problems}`);
  }
  return parsed.data;
}
