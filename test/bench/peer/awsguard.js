// The peer pack the bench measures against: @pulumi/awsguard's policies (every policy its modules
// register, all at their default level, as `new AwsGuard()` serves them), exported as a policy set
// the checker's engine loads (`policies`, `packName`), without constructing the PolicyPack (which
// would start a gRPC server). Installed by test/bench.ts into test/bench/peer/node_modules with
// `npm ci --prefix test/bench/peer` (pinned by its own package-lock.json), never by the project's
// `npm ci`.
"use strict";
const path = require("path");
const root = path.join(__dirname, "node_modules", "@pulumi", "awsguard");
const guard = require(path.join(root, "awsGuard"));
const policies = [];
const register = guard.registerPolicy;
// Each module calls awsGuard.registerPolicy(key, policy) when loaded: collect them in that order.
guard.registerPolicy = (key, policy) => {
  register(key, policy);
  policies.push(policy);
};
require(root);
guard.registerPolicy = register;
const pkg = require(path.join(root, "package.json"));
module.exports = { policies, packName: "pulumi-awsguard", version: pkg.version.replace(/^v/, "") };
