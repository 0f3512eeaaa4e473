/**
 * Reading a connection's attributes from a request. Validation is the rules module's, whole:
 * `integrationFromWire(wire, true)` for the wire shape, `connectionIssues` for every rule, and
 * `wirePath` to point each issue back at the field the client sent. PATCH first merges the
 * stored integration with the patch (`mergeIntegrationPatch`), then validates the result, so a
 * patch is held to exactly the rules a create is.
 */
import {
  connectionIssues,
  integrationFromWire,
  integrationToWire,
  isObj,
  JsonObject,
  mergeIntegrationPatch,
  WireIntegration,
  wirePath,
} from "pulumi-workflow-connections-rules";
import { ErrorResponse, Problem, issueProblems, pointer } from "../errors/error-response";
import type { ConnectionRow } from "../storage/connections-table";

export interface ConnectionInput {
  name: string;
  integration: WireIntegration;
  tags: string[];
  /** PATCH sent `credentials.generate_new_external_id: true` (AWS). */
  rotateExternalId: boolean;
}

type Obj = JsonObject;

/** AWS fields the server computes: a client may not set them. */
const READ_ONLY = ["external_id", "principal_id"];
const ROTATE = "generate_new_external_id";

/**
 * Take the server-side AWS fields out of a requested integration: refuse the computed ones,
 * lift out the rotation flag (which is a request, not a credential).
 */
function liftAwsFlags(integration: unknown, problems: Problem[]): { integration: unknown; rotate: boolean } {
  if (!isObj(integration) || integration.type !== "AWS" || !isObj(integration.credentials))
    return { integration, rotate: false };
  const credentials = { ...integration.credentials };
  for (const field of READ_ONLY) {
    if (field in credentials) {
      problems.push({
        detail: `integration.credentials.${field} is computed by the server and cannot be set`,
        pointer: pointer(["data", "attributes", "integration", "credentials", field]),
      });
      delete credentials[field];
    }
  }
  let rotate = false;
  if (ROTATE in credentials) {
    if (typeof credentials[ROTATE] !== "boolean") {
      problems.push({
        detail: `integration.credentials.${ROTATE} must be a boolean`,
        pointer: pointer(["data", "attributes", "integration", "credentials", ROTATE]),
      });
    }
    rotate = credentials[ROTATE] === true;
    delete credentials[ROTATE];
  }
  return { integration: { ...integration, credentials }, rotate };
}

/** Validate the complete attributes (`attrs.integration` already merged for PATCH). */
function validate(attrs: Obj, problems: Problem[]): Omit<ConnectionInput, "rotateExternalId"> {
  const wire = attrs.integration;
  const fromWire = wire === undefined ? undefined : integrationFromWire(wire, true);
  if (fromWire) problems.push(...issueProblems(fromWire.issues, (p) => ["integration", ...p]));
  const spec = fromWire?.spec;
  const issues = connectionIssues({ ...attrs, integration: spec ?? wire })
    // Without a spec the wire reading already said what is wrong with the integration.
    .filter((issue) => spec || wire === undefined || issue.path[0] !== "integration");
  problems.push(
    ...issueProblems(issues, (path) =>
      path[0] === "integration" && spec ? ["integration", ...wirePath(spec, path.slice(1))] : path,
    ),
  );
  if (problems.length || !spec) throw new ErrorResponse(400, problems);
  return {
    name: attrs.name as string,
    integration: integrationToWire(spec),
    tags: (attrs.tags as string[] | undefined) ?? [],
  };
}

export function readConnectionCreate(attrs: Obj): ConnectionInput {
  const problems: Problem[] = [];
  // On create a new external id is made anyway, so the rotation flag changes nothing.
  const { integration } = liftAwsFlags(attrs.integration, problems);
  return { ...validate({ ...attrs, integration }, problems), rotateExternalId: false };
}

export function readConnectionPatch(attrs: Obj, stored: ConnectionRow): ConnectionInput {
  const problems: Problem[] = [];
  let integration: unknown = stored.integration;
  let rotate = false;
  if ("integration" in attrs) {
    const lifted = liftAwsFlags(attrs.integration, problems);
    integration = mergeIntegrationPatch(stored.integration, lifted.integration);
    rotate = lifted.rotate;
  }
  const merged: Obj = {
    ...attrs,
    name: "name" in attrs ? attrs.name : stored.name,
    integration,
    tags: "tags" in attrs ? attrs.tags : stored.tags,
  };
  return { ...validate(merged, problems), rotateExternalId: rotate };
}
