// The pack's entry (package.json "main"), which the Pulumi policy host loads for
// `pulumi preview --policy-pack ./policypack`: the compiled, type-checked index.ts from the clone's
// development cache when it was built from exactly the current sources (devCache.js), else
// index.ts itself, which the host's ts-node type-checks and compiles as it always did.
// prepare-publish.js publishes index.ts as the entry instead.
"use strict";
const compiled = require("./devCache.js").compiledFile("policypack/index.ts");
require(compiled === undefined ? "./index.ts" : compiled);
