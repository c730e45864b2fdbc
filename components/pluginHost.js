// How the component plugin starts (components/plugin.js, its package.json "main", is the entry
// that @pulumi/pulumi/cmd/run-plugin requires, as the Node.js language host runs a plugin):
//
// - In a clone whose compiled development cache (components/build.js `dev`, which `npm ci` runs)
//   was built from exactly the current sources (policypack/devCache.js compares the SHA-256 of every
//   file it was built from, the plugin's package.json and tsconfig.json included) and resolves the
//   same @pulumi/pulumi as this directory: the compiled components, and GetSchema answered from the
//   Analyzer result the cache holds (plugin-analysis.json: the SDK's Analyzer run on these sources
//   when the cache was built). The entry then exports one function, which run-plugin calls, and
//   which starts the SDK's provider server (@pulumi/pulumi/provider's main) with the SDK's
//   ComponentProvider, only its getSchema reading that result instead of running the Analyzer:
//   the schema is the SDK's generateSchema of the same result, byte for byte what
//   ComponentProvider.getSchema serves (test/components/schema.test.ts compares them).
// - Else (or when the directory is required by anything but run-plugin, e.g. a test importing
//   "../../components") the TypeScript sources (index.ts), exported as they are: run-plugin's ts-node compiles them
//   with type checking, finds the components and starts the SDK's host, which runs the Analyzer at
//   GetSchema, as for any source-based plugin (a plugin directory without the clone's cache, e.g.
//   installed on its own).
//
// So the code that runs is never older than the sources. CommonJS, Node builtins only (the SDK is
// required from the plugin directory, as run-plugin resolves it).
"use strict";
const fs = require("fs");
const path = require("path");

/** The provider's name and namespace from the package name, as run-plugin derives them. */
function providerName(packageName) {
  const matches = /(@.*?\/)?(.+)/.exec(packageName);
  return {
    name: matches[2].replace(/[^-a-zA-Z0-9_]/g, "-"),
    namespace: matches[1] ? matches[1].substring(1, matches[1].length - 1) : undefined,
  };
}

/** The @pulumi/pulumi a directory resolves (undefined when none). */
function sdkFrom(dir) {
  try {
    return require.resolve("@pulumi/pulumi", { paths: [dir] });
  } catch {
    return undefined;
  }
}

/**
 * The compiled index.js and the analysis to serve, from the clone's cache when it is fresh and
 * resolves this directory's SDK; undefined otherwise (then the TypeScript sources).
 */
function compiledPlugin() {
  const loader = path.join(__dirname, "..", "policypack", "devCache.js");
  if (!fs.existsSync(loader)) return undefined;
  const devCache = require(loader);
  const index = devCache.compiledFile("components/index.ts");
  if (index === undefined) return undefined;
  // One SDK: components declared with another copy of @pulumi/pulumi are not this host's components.
  const sdk = sdkFrom(__dirname);
  if (sdk === undefined || sdk !== sdkFrom(path.dirname(index))) return undefined;
  let analysis;
  try {
    analysis = JSON.parse(fs.readFileSync(path.join(devCache.CACHE, "plugin-analysis.json"), "utf8"));
  } catch {
    analysis = undefined;
  }
  return { index, analysis };
}

/**
 * The function that serves the components EXPORTS with the cached ANALYSIS (see the header), or
 * undefined when the analysis does not name exactly the components the exports hold.
 */
function precomputedHost(exports, analysis) {
  const sdk = (module) => require(require.resolve(`@pulumi/pulumi/${module}`, { paths: [__dirname] }));
  const { ComponentProvider, getPulumiComponents, validateExplicitComponents } = sdk("provider/experimental/provider");
  const components = validateExplicitComponents(getPulumiComponents(exports));
  const names = components.map((component) => component.name);
  if (!analysis || JSON.stringify(names) !== JSON.stringify(analysis.components)) return undefined;
  const { generateSchema } = sdk("provider/experimental/schema");
  const { components: definitions, typeDefinitions, dependencies } = analysis.analysis;
  class PrecomputedSchemaProvider extends ComponentProvider {
    // ComponentProvider.getSchema, with the Analyzer's result read instead of computed.
    async getSchema() {
      if (this.cachedSchema) return this.cachedSchema;
      const schema = generateSchema(
        this.name,
        this.version,
        this.packageJSON.description,
        definitions,
        typeDefinitions,
        dependencies,
        this.namespace,
      );
      this.cachedSchema = JSON.stringify(schema);
      this.componentDefinitions = definitions;
      return this.cachedSchema;
    }
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, "package.json"), "utf8"));
  const provider = new PrecomputedSchemaProvider({ ...providerName(manifest.name), dirname: __dirname, components });
  return () => sdk("provider").main(provider, process.argv.slice(2));
}

/**
 * Whether this process is the plugin host: its main module is @pulumi/pulumi's run-plugin entry (as
 * the Node.js language host starts a plugin). Anything else that requires the directory (a test's
 * `import ... from "../../components"`) gets index.ts, as before.
 */
function runByPluginHost(main = require.main) {
  return main !== undefined && /[\\/]@pulumi[\\/]pulumi[\\/]cmd[\\/]run-plugin[\\/]index\.js$/.test(main.filename);
}

/** What the entry exports: the serving function (plugin host, compiled, fresh cache) or the components of index.ts. */
function pluginEntry() {
  if (!runByPluginHost()) return require("./index.ts");
  const compiled = compiledPlugin();
  if (compiled === undefined) return require("./index.ts");
  const exports = require(compiled.index);
  return precomputedHost(exports, compiled.analysis) || exports;
}

module.exports = { pluginEntry, providerName, runByPluginHost };
