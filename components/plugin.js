// The component plugin's entry (package.json "main"), required by @pulumi/pulumi/cmd/run-plugin:
// the compiled components with the cached schema analysis when the clone's compiled cache is from
// exactly the current sources, else the TypeScript sources (see pluginHost.js). CommonJS.
"use strict";
module.exports = require("./pluginHost.js").pluginEntry();
