// The pack's own process, as `pulumi preview --policy-pack` starts it: the policies served by
// `@pulumi/policy`'s real gRPC server (`new PolicyPack(...)`: a server on 127.0.0.1, its port on
// stdout), with nothing replaced. `node [-r peak.js] servedPack.js ROOT WHICH`: ROOT is a compiled
// tree (see test/bench.ts); WHICH is `pack` (ROOT's policypack/index.js, the entry the policy host
// loads), `none` (a pack with no policy: the floor of that process) or the path of a module
// exporting `policies` (and `packName`), served as one pack. test/bench/servedRun.js starts it and
// plays the engine.
"use strict";
const fs = require("fs");
const path = require("path");
const [root, which] = process.argv.slice(2);
const target = which === "pack" || which === "none" ? which : path.resolve(which);
// PolicyPack reads its version from the working directory's package.json: the policy host runs in
// the pack's folder (`--policy-pack ./policypack`), this clone's.
process.chdir(path.join(__dirname, "..", "..", "policypack"));
const { PolicyPack } = require(require.resolve("@pulumi/policy", { paths: [root] }));
const index = path.join(root, "policypack", "index.js");
if (target === "pack" && fs.existsSync(index)) {
  require(index);
} else if (target === "pack") {
  // A published build compiles no index.ts (the policy host compiles it): construct what it does.
  const { packName, packDescription, policies } = require(path.join(root, "policypack", "policies.js"));
  new PolicyPack(packName, { policies, description: packDescription });
} else {
  const set = target === "none" ? { policies: [] } : require(target);
  new PolicyPack(set.packName ?? "contender", { policies: set.policies });
}
