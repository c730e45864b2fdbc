// The pack with its stack policy's body replaced by nothing: every one of its policies declared, its
// modules loaded, the SDK's one reading of the stack made, no analysis. A contender for either path
// (`packRun.js ROOT FILE test/bench/idlePack.js` or `servedRun.js`; ROOT is the compiled tree, the
// first argument of both): "idle minus empty" is what the pack's presence costs, "pack minus idle"
// its analysis (docs/performance.md, ninth measurement).
"use strict";
const path = require("path");
const pack = require(path.join(path.resolve(process.argv[2]), "policypack", "policies.js"));
module.exports = {
  packName: pack.packName,
  policies: pack.policies.map((policy) =>
    policy.validateStack === undefined ? policy : { ...policy, validateStack: () => undefined },
  ),
};
