/**
 * The evaluator (`@cloud-copilot/iam-simulate` 0.1.173, patched by
 * `test/patches/@cloud-copilot+iam-simulate+0.1.173.patch`) understands condition keys
 * with a variable part after a colon (`kms:EncryptionContext:aws:s3:arn`), and
 * `simulateRequest` evaluates same- and cross-account requests the way AWS does.
 */
import assert from "node:assert/strict";
import { runSimulation } from "@cloud-copilot/iam-simulate";
import type { PolicyDocument, PolicyStatement } from "../../components/model/policyDocument";
import { ResourcePolicyKind, type ReplicationRequest } from "../../components/model/requests";
import { SimulationError, buildSimulation, simulateRequest } from "../support/simulate";

const SOURCE_ACCOUNT = "111111111111";
const DEST_ACCOUNT = "222222222222";
const ROLE = `arn:aws:iam::${SOURCE_ACCOUNT}:role/replication-role`;
const SOURCE_KEY = `arn:aws:kms:us-east-1:${SOURCE_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const DEST_KEY = `arn:aws:kms:eu-west-1:${DEST_ACCOUNT}:key/0987dcba-09fe-87dc-65ba-ab0987654321`;
const CONTEXT_KEY = "kms:EncryptionContext:aws:s3:arn";

function policy(...statements: PolicyStatement[]): PolicyDocument {
  return { Version: "2012-10-17", Statement: statements };
}

/** The role's least-privilege identity statement: decrypt only objects of bucket-a, only through S3. */
function decryptScopedToBucketA(key: string, region: string): PolicyStatement {
  return {
    Sid: "DecryptSourceObjects",
    Effect: "Allow",
    Action: "kms:Decrypt",
    Resource: key,
    Condition: {
      StringLike: { [CONTEXT_KEY]: "arn:aws:s3:::bucket-a/*" },
      StringEquals: { "kms:ViaService": `s3.${region}.amazonaws.com` },
    },
  };
}

/** A key policy statement delegating the key to the IAM policies of `account`. */
function rootStatement(account: string): PolicyStatement {
  return {
    Sid: "EnableIamPolicies",
    Effect: "Allow",
    Principal: { AWS: `arn:aws:iam::${account}:root` },
    Action: "kms:*",
    Resource: "*",
  };
}

function decryptRequest(key: string, keyAccount: string, region: string, objectArn: string): ReplicationRequest {
  return {
    id: `test:${keyAccount}:kms:Decrypt:${objectArn}`,
    purpose: "S3 decrypts the source object version it replicates.",
    principal: ROLE,
    principalIsService: false,
    principalAccount: SOURCE_ACCOUNT,
    action: "kms:Decrypt",
    resource: key,
    resourceAccount: keyAccount,
    resourcePolicy: ResourcePolicyKind.KeyPolicy,
    context: { "kms:ViaService": `s3.${region}.amazonaws.com`, [CONTEXT_KEY]: objectArn },
  };
}

const sameAccountRequest = (objectArn: string): ReplicationRequest =>
  decryptRequest(SOURCE_KEY, SOURCE_ACCOUNT, "us-east-1", objectArn);
const crossAccountRequest = (objectArn: string): ReplicationRequest =>
  decryptRequest(DEST_KEY, DEST_ACCOUNT, "eu-west-1", objectArn);

describe("evaluator patch: condition keys with a variable after a colon", () => {
  const identityPolicies = [policy(decryptScopedToBucketA(SOURCE_KEY, "us-east-1"))];
  const keyPolicy = policy(rootStatement(SOURCE_ACCOUNT));

  it("allows the request whose encryption context names bucket-a, ignoring no key", async () => {
    const outcome = await simulateRequest(sameAccountRequest("arn:aws:s3:::bucket-a/x"), {
      identityPolicies,
      resourcePolicy: keyPolicy,
    });
    assert.equal(outcome.result, "Allowed");
    assert.equal(outcome.allowed, true);
    assert.deepEqual(outcome.ignoredContextKeys, []);
  });

  it("denies the same request whose encryption context names bucket-b, ignoring no key", async () => {
    const outcome = await simulateRequest(sameAccountRequest("arn:aws:s3:::bucket-b/x"), {
      identityPolicies,
      resourcePolicy: keyPolicy,
    });
    assert.equal(outcome.result, "ImplicitlyDenied");
    assert.equal(outcome.allowed, false);
    assert.deepEqual(outcome.ignoredContextKeys, []);
  });

  it("reports the encryption-context key as known directly to the evaluator (raw API)", async () => {
    for (const [objectArn, expected] of [
      ["arn:aws:s3:::bucket-a/x", "Allowed"],
      ["arn:aws:s3:::bucket-b/x", "ImplicitlyDenied"],
    ] as const) {
      const raw = await runSimulation(
        buildSimulation(sameAccountRequest(objectArn), { identityPolicies, resourcePolicy: keyPolicy }),
        { simulationMode: "Strict" },
      );
      assert.equal(raw.resultType, "single");
      if (raw.resultType !== "single") return;
      assert.equal(raw.overallResult, expected);
      assert.deepEqual(raw.result.ignoredContextKeys, []);
    }
  });

  it("matches the encryption-context key case-insensitively, as AWS does", async () => {
    const request = sameAccountRequest("arn:aws:s3:::bucket-a/x");
    request.context = {
      "kms:ViaService": "s3.us-east-1.amazonaws.com",
      "KMS:encryptioncontext:aws:s3:arn": "arn:aws:s3:::bucket-a/x",
    };
    const outcome = await simulateRequest(request, { identityPolicies, resourcePolicy: keyPolicy });
    assert.equal(outcome.result, "Allowed");
  });

  it("denies when the request carries no encryption context at all", async () => {
    const request = sameAccountRequest("arn:aws:s3:::bucket-a/x");
    request.context = { "kms:ViaService": "s3.us-east-1.amazonaws.com" };
    const outcome = await simulateRequest(request, { identityPolicies, resourcePolicy: keyPolicy });
    assert.equal(outcome.result, "ImplicitlyDenied");
  });

  it("still understands variable keys after a slash (aws:PrincipalTag/Team)", async () => {
    const request = sameAccountRequest("arn:aws:s3:::bucket-a/x");
    request.context = { ...request.context, "aws:PrincipalTag/Team": "storage" };
    const tagged = policy({
      Effect: "Allow",
      Action: "kms:Decrypt",
      Resource: SOURCE_KEY,
      Condition: { StringEquals: { "aws:PrincipalTag/Team": "storage" } },
    });
    const outcome = await simulateRequest(request, { identityPolicies: [tagged], resourcePolicy: keyPolicy });
    assert.equal(outcome.result, "Allowed");
  });
});

describe("simulateRequest: same account", () => {
  const identityPolicies = [policy(decryptScopedToBucketA(SOURCE_KEY, "us-east-1"))];
  const request = sameAccountRequest("arn:aws:s3:::bucket-a/x");

  it("denies when the key policy neither admits the role nor delegates to the account", async () => {
    const keyAdminOnly = policy({
      Effect: "Allow",
      Principal: { AWS: `arn:aws:iam::${SOURCE_ACCOUNT}:role/key-admin` },
      Action: "kms:*",
      Resource: "*",
    });
    const outcome = await simulateRequest(request, { identityPolicies, resourcePolicy: keyAdminOnly });
    assert.equal(outcome.result, "ImplicitlyDenied");
  });

  it("allows through the key policy alone when it admits the role by ARN", async () => {
    const keyPolicy = policy({ ...decryptScopedToBucketA("*", "us-east-1"), Principal: { AWS: ROLE } });
    const outcome = await simulateRequest(request, { identityPolicies: [], resourcePolicy: keyPolicy });
    assert.equal(outcome.result, "Allowed");
  });
});

describe("simulateRequest: cross account (key in the destination account)", () => {
  const identityPolicies = [policy(decryptScopedToBucketA(DEST_KEY, "eu-west-1"))];
  const admitRole = (extra: Partial<PolicyStatement> = {}): PolicyStatement => ({
    Sid: "AllowReplicationRole",
    Effect: "Allow",
    Principal: { AWS: ROLE },
    Action: "kms:Decrypt",
    Resource: "*",
    ...extra,
  });

  it("allows when the key policy admits the role and the identity policy allows", async () => {
    const outcome = await simulateRequest(crossAccountRequest("arn:aws:s3:::bucket-a/x"), {
      identityPolicies,
      resourcePolicy: policy(rootStatement(DEST_ACCOUNT), admitRole()),
    });
    assert.equal(outcome.result, "Allowed");
    assert.ok(
      outcome.raw.resultType === "single" && !outcome.raw.result.analysis.sameAccount,
      "evaluated as cross-account",
    );
  });

  it("still enforces the role's encryption-context condition across accounts", async () => {
    const outcome = await simulateRequest(crossAccountRequest("arn:aws:s3:::bucket-b/x"), {
      identityPolicies,
      resourcePolicy: policy(rootStatement(DEST_ACCOUNT), admitRole()),
    });
    assert.equal(outcome.result, "ImplicitlyDenied");
  });

  it("allows when the key policy admits the role's account root", async () => {
    const outcome = await simulateRequest(crossAccountRequest("arn:aws:s3:::bucket-a/x"), {
      identityPolicies,
      resourcePolicy: policy(
        rootStatement(DEST_ACCOUNT),
        admitRole({ Principal: { AWS: `arn:aws:iam::${SOURCE_ACCOUNT}:root` } }),
      ),
    });
    assert.equal(outcome.result, "Allowed");
  });

  it("denies when the key policy only delegates to its own account", async () => {
    const outcome = await simulateRequest(crossAccountRequest("arn:aws:s3:::bucket-a/x"), {
      identityPolicies,
      resourcePolicy: policy(rootStatement(DEST_ACCOUNT)),
    });
    assert.equal(outcome.result, "ImplicitlyDenied");
  });

  it("denies when the key policy admits the role but no identity policy allows", async () => {
    const outcome = await simulateRequest(crossAccountRequest("arn:aws:s3:::bucket-a/x"), {
      identityPolicies: [],
      resourcePolicy: policy(rootStatement(DEST_ACCOUNT), admitRole()),
    });
    assert.equal(outcome.result, "ImplicitlyDenied");
  });

  it("denies a key-policy Allow for the role conditioned on aws:SourceAccount (the role sends none)", async () => {
    const outcome = await simulateRequest(crossAccountRequest("arn:aws:s3:::bucket-a/x"), {
      identityPolicies,
      resourcePolicy: policy(
        rootStatement(DEST_ACCOUNT),
        admitRole({ Condition: { StringEquals: { "aws:SourceAccount": SOURCE_ACCOUNT } } }),
      ),
    });
    assert.equal(outcome.result, "ImplicitlyDenied");
  });

  it("denies an aws:SourceAccount-conditioned key-policy Allow in the same account too", async () => {
    const outcome = await simulateRequest(sameAccountRequest("arn:aws:s3:::bucket-a/x"), {
      identityPolicies: [],
      resourcePolicy: policy({
        Effect: "Allow",
        Principal: { AWS: ROLE },
        Action: "kms:Decrypt",
        Resource: "*",
        Condition: { StringEquals: { "aws:SourceAccount": SOURCE_ACCOUNT } },
      }),
    });
    assert.equal(outcome.result, "ImplicitlyDenied");
  });
});

describe("simulateRequest: sts:AssumeRole by the S3 service principal", () => {
  const assumeRole: ReplicationRequest = {
    id: "test:sts:AssumeRole",
    purpose: "S3 assumes the replication role.",
    principal: "s3.amazonaws.com",
    principalIsService: true,
    principalAccount: SOURCE_ACCOUNT,
    action: "sts:AssumeRole",
    resource: ROLE,
    resourceAccount: SOURCE_ACCOUNT,
    resourcePolicy: ResourcePolicyKind.TrustPolicy,
    context: { "aws:SourceAccount": SOURCE_ACCOUNT },
  };
  const trust = (condition?: PolicyStatement["Condition"]): PolicyDocument =>
    policy({
      Effect: "Allow",
      Principal: { Service: "s3.amazonaws.com" },
      Action: "sts:AssumeRole",
      ...(condition !== undefined ? { Condition: condition } : {}),
    });

  it("allows on the trust policy alone; the role's identity policies play no part", async () => {
    const denyAll = policy({ Effect: "Deny", Action: "*", Resource: "*" });
    const outcome = await simulateRequest(assumeRole, { identityPolicies: [denyAll], resourcePolicy: trust() });
    assert.equal(outcome.result, "Allowed");
  });

  it("honours an aws:SourceAccount condition in the trust policy", async () => {
    const ok = await simulateRequest(assumeRole, {
      identityPolicies: [],
      resourcePolicy: trust({ StringEquals: { "aws:SourceAccount": SOURCE_ACCOUNT } }),
    });
    assert.equal(ok.result, "Allowed");
    const other = await simulateRequest(assumeRole, {
      identityPolicies: [],
      resourcePolicy: trust({ StringEquals: { "aws:SourceAccount": DEST_ACCOUNT } }),
    });
    assert.equal(other.result, "ImplicitlyDenied");
  });

  it("denies when the trust policy admits another service", async () => {
    const outcome = await simulateRequest(assumeRole, {
      identityPolicies: [],
      resourcePolicy: policy({
        Effect: "Allow",
        Principal: { Service: "ec2.amazonaws.com" },
        Action: "sts:AssumeRole",
      }),
    });
    assert.equal(outcome.result, "ImplicitlyDenied");
  });
});

describe("simulateRequest: refuses to prove less than it claims", () => {
  const docs = {
    identityPolicies: [policy(decryptScopedToBucketA(SOURCE_KEY, "us-east-1"))],
    resourcePolicy: policy(rootStatement(SOURCE_ACCOUNT)),
  };

  it("throws when the evaluator ignores a context key that does not apply to the action", async () => {
    const request = sameAccountRequest("arn:aws:s3:::bucket-a/x");
    // A real S3 key, but kms:Decrypt does not carry it: the evaluator drops it.
    request.context = { ...request.context, "s3:x-amz-server-side-encryption": "aws:kms" };
    const raw = await runSimulation(buildSimulation(request, docs), {});
    assert.equal(raw.resultType, "single");
    if (raw.resultType === "single")
      assert.deepEqual(raw.result.ignoredContextKeys, ["s3:x-amz-server-side-encryption"]);
    await assert.rejects(simulateRequest(request, docs), (error: unknown) => {
      assert.ok(error instanceof SimulationError);
      assert.match(error.message, /ignored request context key\(s\) s3:x-amz-server-side-encryption/);
      return true;
    });
  });

  it("throws when the evaluator ignores an unknown context key", async () => {
    const request = sameAccountRequest("arn:aws:s3:::bucket-a/x");
    request.context = { ...request.context, "kms:NoSuchConditionKey": "x" };
    await assert.rejects(simulateRequest(request, docs), /ignored request context key\(s\) kms:NoSuchConditionKey/);
  });

  it("throws on an evaluator error (invalid action)", async () => {
    const request = { ...sameAccountRequest("arn:aws:s3:::bucket-a/x"), action: "kms:NoSuchAction" };
    await assert.rejects(simulateRequest(request, docs), /evaluator error/);
  });

  it("throws on an invalid policy document", async () => {
    const broken = policy({ Effect: "Allow", Principal: { AWS: ROLE }, Action: "kms:Decrypt", Resource: "*" });
    await assert.rejects(
      simulateRequest(sameAccountRequest("arn:aws:s3:::bucket-a/x"), {
        identityPolicies: [broken],
        resourcePolicy: docs.resourcePolicy,
      }),
      /evaluator error/,
    );
  });

  it("throws when the principal is not in principalAccount", async () => {
    const request = { ...sameAccountRequest("arn:aws:s3:::bucket-a/x"), principalAccount: DEST_ACCOUNT };
    await assert.rejects(simulateRequest(request, docs), /not in principalAccount/);
  });

  it("throws when the key policy is missing", async () => {
    await assert.rejects(
      simulateRequest(sameAccountRequest("arn:aws:s3:::bucket-a/x"), { identityPolicies: docs.identityPolicies }),
      /no key-policy given/,
    );
  });
});

describe("simulateRequest: one set of documents, many requests", () => {
  it("decides each request by its own resource (the evaluator keeps no state between simulations)", async () => {
    const docs = {
      identityPolicies: [policy(decryptScopedToBucketA(DEST_KEY, "eu-west-1"))],
      resourcePolicy: policy(rootStatement(DEST_ACCOUNT), {
        Effect: "Allow",
        Principal: { AWS: ROLE },
        Action: "kms:Decrypt",
        Resource: "*",
      }),
    };
    // Not timed (speed is the bench's): the decisions alternate with the bucket, in any order.
    for (let i = 0; i < 40; i++) {
      const outcome = await simulateRequest(crossAccountRequest(`arn:aws:s3:::bucket-${i % 2 ? "a" : "b"}/${i}`), docs);
      assert.equal(outcome.allowed, i % 2 === 1, `request ${i}`);
    }
  });
});
