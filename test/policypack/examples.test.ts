// Every example program built with our components passes the pack with zero violations.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { runPolicies } from "../../policypack/testing";

const root = path.join(__dirname, "..", "..", "examples");
const examples = fs.existsSync(root) ? fs.readdirSync(root).filter((name) => fs.existsSync(path.join(root, name, "program.ts"))) : [];

/** Stack config the examples require (project "project"): roles into a second account, existing resources. */
const STACK_CONFIG: Record<string, unknown> = {
  "aws:region": "us-east-1",
  "project:destinationRoleArn": "arn:aws:iam::222222222222:role/replication-deployer",
  "project:drRoleArn": "arn:aws:iam::222222222222:role/replication-deployer",
  "project:peerRoleArn": "arn:aws:iam::222222222222:role/replication-deployer",
  "project:sourceBucket": "orders-existing-src",
  "project:sourceKeyArn": "arn:aws:kms:us-east-1:111111111111:key/11111111-1111-4111-8111-111111111111",
  "project:destinationBucket": "orders-existing-dst",
  "project:destinationKeyArn": "arn:aws:kms:eu-west-1:222222222222:key/22222222-2222-4222-8222-222222222222",
};

describe("policy pack: examples built with the components", () => {
  for (const name of examples) {
    for (const preview of [false, true]) {
      it(`${name}${preview ? " (preview)" : ""} has zero violations`, async () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const module = require(path.join(root, name, "program.ts")) as { program: () => unknown };
        const result = await runPolicies(() => module.program(), { preview, stackConfig: STACK_CONFIG });
        assert.deepEqual(result.violations.map((v) => `${v.policyName}: ${v.message}`), []);
      });
    }
  }
});
