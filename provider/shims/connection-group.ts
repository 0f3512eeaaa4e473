/** The ConnectionGroup resource's serialized provider; see ./connection.ts for why it is a module of its own. */
import { makeShim } from "./make-shim";

export = makeShim("group");
