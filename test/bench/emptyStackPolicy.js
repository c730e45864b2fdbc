// One stack policy that reads nothing: what `@pulumi/policy`'s server spends on any pack with a
// stack policy before the policy's own code runs (it deserializes every resource, its options and
// its provider for each enabled stack policy: server.js makeAnalyzeStackRpcFun). The bench runs it
// through the same harness path as the pack (`packRun.js ROOT FILE test/bench/emptyStackPolicy.js`),
// so "pack minus empty" is the pack's own analysis and "empty minus none" the SDK's one reading.
"use strict";
module.exports = {
  packName: "empty-stack-policy",
  policies: [
    {
      name: "empty-stack-policy",
      description: "Reads nothing: the price of the SDK's one deserialization of the stack.",
      enforcementLevel: "mandatory",
      validateStack: () => undefined,
    },
  ],
};
