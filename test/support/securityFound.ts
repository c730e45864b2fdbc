// The correct cross-account configuration the security tests change one statement at a time.
import assert from "node:assert/strict";
import { foundReplications, generateDocuments } from "../../components/documents";
import { FoundReplication } from "../../components/model/found";
import { PolicyStatement } from "../../components/model/policyDocument";
import { defaultScenario } from "./scenarios";

/** A fresh found configuration of the default scenario (cross-account, SSE-KMS), from the generated documents. */
export function happyFound(): FoundReplication {
  const scenario = defaultScenario();
  const found = foundReplications(scenario.topology, generateDocuments(scenario.topology))[0];
  assert.ok(found);
  return JSON.parse(JSON.stringify(found)) as FoundReplication;
}

/**
 * The console's "other AWS accounts" statements of a key policy naming one account: the key's use,
 * and grants for AWS resources ("Allowing users in other accounts to use a KMS key",
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html).
 */
export function consoleFormStatements(account: string): PolicyStatement[] {
  const other = { AWS: `arn:aws:iam::${account}:root` };
  return [
    {
      Sid: "Allow use of the key",
      Effect: "Allow",
      Principal: other,
      Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
      Resource: "*",
    },
    {
      Sid: "Allow attachment of persistent resources",
      Effect: "Allow",
      Principal: other,
      Action: ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"],
      Resource: "*",
      Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } },
    },
  ];
}
