/**
 * The workflow connection rules as a Pulumi policy pack: `pulumi preview --policy-pack
 * policy-pack` applies them to programs in any language. Every policy is mandatory unless the
 * pack's configuration (`--policy-pack-config`) says otherwise, per policy.
 */
import { PolicyPack } from "@pulumi/policy";
import { connectionAccess } from "./policies/connection-access";
import { connectionFields } from "./policies/connection-fields";
import { connectionGroups } from "./policies/connection-groups";
import { declaredGroups } from "./policies/declared-groups";
import { groupsInStack } from "./policies/groups-in-stack";
import { identifierTags } from "./policies/identifier-tags";
import { hidingSecrets, noteSecretsBeforeUnwrapping } from "./support/secrets";

noteSecretsBeforeUnwrapping();

new PolicyPack("workflow-connections", {
  enforcementLevel: "mandatory",
  policies: [identifierTags, connectionFields, connectionGroups, groupsInStack, declaredGroups, connectionAccess].map(
    hidingSecrets,
  ),
});
