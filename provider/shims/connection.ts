/**
 * The Connection resource's serialized provider. It is this module's whole `module.exports` on
 * purpose: when the package is installed under node_modules, Pulumi's serializer then stores
 * `require("pulumi-workflow-connections/provider/shims/connection")` (listed in package.json
 * "exports") instead of the code: ~0.1 KB per resource instead of ~2.4 KB. From a checkout
 * (the repository's self-link) the module lies outside node_modules and is stored by value.
 */
import { makeShim } from "./make-shim";

export = makeShim("connection");
