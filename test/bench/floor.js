// The floor the checker is measured against: parse a stack export and walk every resource's
// values once (what any tool reading the export must at least do). Prints the leaf count.
"use strict";
const fs = require("fs");
const doc = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
let leaves = 0;
const walk = (value) => {
  if (Array.isArray(value)) value.forEach(walk);
  else if (value !== null && typeof value === "object") for (const key of Object.keys(value)) walk(value[key]);
  else leaves++;
};
for (const resource of doc.deployment.resources) walk(resource);
process.stdout.write(`${doc.deployment.resources.length} resources, ${leaves} values\n`);
