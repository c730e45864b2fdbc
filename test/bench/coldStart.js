// Cold start of a policy pack in a fresh process. `node coldStart.js plain|policy-host DIR [MODULE]`:
// requires @pulumi/policy (what every pack's index loads to construct its PolicyPack), then MODULE
// if given: a file (the pack's policies), or `pack`, which loads DIR itself as the policy host does
// (`require(DIR)`: package.json main, which constructs the PolicyPack) with the SDK's `serve` replaced
// by a recorder (no gRPC server), and prints how many policies were served. "policy-host" first
// registers ts-node exactly as the Pulumi policy host does for `--policy-pack DIR`
// (@pulumi/pulumi/cmd/run-policy-pack/run.js: cwd DIR, its tsconfig.json's compilerOptions if
// present, typeCheck: true).
"use strict";
const path = require("path");
const [mode, dir, target] = process.argv.slice(2);
process.chdir(dir);
if (mode === "policy-host") {
  const fs = require("fs");
  const tsutils = require("@pulumi/pulumi/tsutils");
  const { tsnodeRequire, typescriptRequire } = tsutils.typeScriptRequireStrings();
  const compilerOptions = tsutils.loadTypeScriptCompilerOptions("tsconfig.json");
  require(tsnodeRequire).register({
    typeCheck: true,
    skipProject: !fs.existsSync("tsconfig.json"),
    compiler: typescriptRequire,
    compilerOptions: {
      target: "ES2020",
      module: "nodenext",
      moduleResolution: "nodenext",
      sourceMap: "true",
      ...compilerOptions,
    },
  });
}
require("@pulumi/policy");
if (target === "pack") {
  const server = require("@pulumi/policy/server");
  let served;
  server.serve = (name, version, level, args) => {
    served = `${name}@${version}: ${args.policies.length} policies`;
  };
  require(process.cwd());
  if (served === undefined) throw new Error(`${dir} constructed no PolicyPack`);
  process.stdout.write(`${served}\n`);
} else if (target !== undefined) {
  require(path.resolve(target));
}
