/**
 * The pack's entry (package.json `main`), run by `node` in the pack's directory. The engine
 * starts the pack before the program and waits for it, so its start time is added to every
 * preview and update. @pulumi/policy loads the whole Node.js SDK, and most of that time (on
 * these machines about 1.3 s of 1.8 s) goes to parts a policy pack never uses: the Automation
 * API and the closure serializer of dynamic providers (which loads TypeScript and npm's
 * dependency-tree reader). Those modules are registered first as stand-ins that load the real
 * module on first use, then the pack is loaded. Where a module is not found (another SDK
 * layout), nothing is deferred.
 */
import Module = require("module");

type Exports = Record<PropertyKey, unknown>;

/**
 * Register a stand-in for `request`. While it is not loaded: `__esModule` answers true (what the
 * SDK's import helper reads while loading) and each name in `functions` is a function that loads
 * the module and calls the real one (the SDK copies those at load time). Anything else loads it.
 */
function defer(request: string, functions: readonly string[] = []): void {
  let file: string;
  try {
    file = require.resolve(request);
  } catch {
    return;
  }
  let real: Exports | undefined;
  const load = (): Exports => {
    if (!real) {
      delete require.cache[file];
      real = require(file) as Exports;
    }
    return real;
  };
  const standIn = new Module(file);
  standIn.filename = file;
  standIn.loaded = true;
  standIn.exports = new Proxy(
    {},
    {
      get: (_target, key) => {
        if (real) return real[key];
        if (key === "__esModule") return true;
        if (typeof key === "string" && functions.includes(key))
          return (...args: unknown[]) => (load()[key] as (...a: unknown[]) => unknown)(...args);
        return load()[key];
      },
      has: (_target, key) => key in load(),
      ownKeys: () => Reflect.ownKeys(load()),
      getOwnPropertyDescriptor: (_target, key) => Object.getOwnPropertyDescriptor(load(), key),
    },
  );
  require.cache[file] = standIn;
}

defer("@pulumi/pulumi/automation");
defer("@pulumi/pulumi/runtime/closure/createClosure");
defer("@pulumi/pulumi/runtime/closure/codePaths", ["computeCodePaths"]);
require("./index");
