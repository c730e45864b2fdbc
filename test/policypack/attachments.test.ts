// The stack model reads a role's permissions from every way they attach, counts the read-back
// mirrors a refresh produces once, knows what the stack reads rather than manages, and records
// every writer of a single-valued configuration. Resources are given as AnalyzeStack hands them
// (outputs, by type, name and URN).
import * as assert from "node:assert/strict";
import { FindingCode, analyzeReplication } from "s3-replication/components/model";
import { mapStack } from "../../policypack/mapping";

interface Res {
  type: string;
  name: string;
  urn: string;
  props: Record<string, unknown>;
  dependencies: never[];
  propertyDependencies: Record<string, never[]>;
  external?: boolean;
}

const res = (type: string, name: string, props: Record<string, unknown>, extra: Partial<Res> = {}): Res => ({
  type,
  name,
  urn: `urn:pulumi:s::p::${type}::${name}`,
  props,
  dependencies: [],
  propertyDependencies: {},
  ...extra,
});

const SRC = "arn:aws:s3:::att-src";
const DST = "arn:aws:s3:::att-dst";
const ROLE_ARN = "arn:aws:iam::111111111111:role/att-role";
const POLICY_ARN = "arn:aws:iam::111111111111:policy/att-replication";
const trust = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "s3.amazonaws.com" }, Action: "sts:AssumeRole" }],
});
const document = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    { Effect: "Allow", Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"], Resource: SRC },
    {
      Effect: "Allow",
      Action: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"],
      Resource: `${SRC}/*`,
    },
    { Effect: "Allow", Action: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"], Resource: `${DST}/*` },
  ],
});

/** Two versioned buckets and a replication configuration using the role; plus the given resources. */
function stack(role: Record<string, unknown>, ...more: Res[]): Res[] {
  return [
    res("aws:s3/bucket:Bucket", "src", { bucket: "att-src", arn: SRC, id: "att-src" }),
    res("aws:s3/bucket:Bucket", "dst", { bucket: "att-dst", arn: DST, id: "att-dst" }),
    res("aws:s3/bucketVersioning:BucketVersioning", "src-v", {
      bucket: "att-src",
      versioningConfiguration: { status: "Enabled" },
    }),
    res("aws:s3/bucketVersioning:BucketVersioning", "dst-v", {
      bucket: "att-dst",
      versioningConfiguration: { status: "Enabled" },
    }),
    res("aws:iam/role:Role", "role", { name: "att-role", arn: ROLE_ARN, assumeRolePolicy: trust, ...role }),
    res("aws:s3/bucketReplicationConfig:BucketReplicationConfig", "replication", {
      bucket: "att-src",
      role: ROLE_ARN,
      rules: [
        {
          id: "all",
          status: "Enabled",
          priority: 1,
          filter: {},
          deleteMarkerReplication: { status: "Disabled" },
          destination: { bucket: DST },
        },
      ],
    }),
    ...more,
  ];
}

const policy = res("aws:iam/policy:Policy", "replication", { arn: POLICY_ARN, policy: document });
const roleOf = (resources: Res[]) => {
  const model = mapStack(resources);
  assert.equal(model.replications.length, 1, "one replication configuration");
  const role = model.replications[0]?.role;
  assert.ok(role);
  return { model, role, codes: analyzeReplication(model.replications[0]!).map((f) => f.code) };
};

describe("stack model: role permissions from every attachment", () => {
  it("aws.iam.PolicyAttachment attaches its policy to every role of its `roles` list", () => {
    const { role, codes } = roleOf(
      stack(
        {},
        policy,
        res("aws:iam/policyAttachment:PolicyAttachment", "attach", { policyArn: POLICY_ARN, roles: ["att-role"] }),
      ),
    );
    assert.deepEqual(
      role.policies.map((p) => p.ref),
      ['iam.Policy "replication"'],
    );
    assert.ok(!codes.includes(FindingCode.RoleMissingPermission), codes.join());
  });

  it("without any attachment the role is missing permissions (the tests above can fail)", () => {
    const { role, codes } = roleOf(stack({}, policy));
    assert.deepEqual(role.policies, []);
    assert.ok(codes.includes(FindingCode.RoleMissingPermission));
  });

  it("RolePolicyAttachmentsExclusive: its policyArns are the role's managed policies (others are detached)", () => {
    const other = res("aws:iam/policy:Policy", "other", {
      arn: "arn:aws:iam::111111111111:policy/other",
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }],
      }),
    });
    const { role } = roleOf(
      stack(
        {},
        policy,
        other,
        res("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "other", {
          role: "att-role",
          policyArn: "arn:aws:iam::111111111111:policy/other",
        }),
        res("aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive", "exclusive", {
          roleName: "att-role",
          policyArns: [POLICY_ARN],
        }),
      ),
    );
    assert.deepEqual(
      role.policies.map((p) => p.ref),
      ['iam.Policy "replication"'],
    );
  });

  it("RolePoliciesExclusive: inline policies not named are deleted", () => {
    const { role } = roleOf(
      stack(
        {},
        res("aws:iam/rolePolicy:RolePolicy", "kept", { role: "att-role", name: "replication", policy: document }),
        res("aws:iam/rolePolicy:RolePolicy", "dropped", { role: "att-role", name: "extra", policy: document }),
        res("aws:iam/rolePoliciesExclusive:RolePoliciesExclusive", "exclusive", {
          roleName: "att-role",
          policyNames: ["replication"],
        }),
      ),
    );
    assert.deepEqual(
      role.policies.map((p) => p.ref),
      ['iam.RolePolicy "kept"'],
    );
  });

  it("an AWS managed policy ARN is unresolved (not an empty role): no missing-permission finding", () => {
    const { role, codes } = roleOf(stack({ managedPolicyArns: ["arn:aws:iam::aws:policy/AmazonS3FullAccess"] }));
    assert.deepEqual(role.unresolvedPolicyArns, ["arn:aws:iam::aws:policy/AmazonS3FullAccess"]);
    assert.ok(!codes.includes(FindingCode.RoleMissingPermission), codes.join());
  });
});

describe("stack model: read-back mirrors are counted once", () => {
  it("role inlinePolicies mirroring a RolePolicy of the same name", () => {
    const { role } = roleOf(
      stack(
        { inlinePolicies: [{ name: "replication", policy: document }] },
        res("aws:iam/rolePolicy:RolePolicy", "replication", {
          role: "att-role",
          name: "replication",
          policy: document,
        }),
      ),
    );
    assert.deepEqual(
      role.policies.map((p) => p.ref),
      ['iam.RolePolicy "replication"'],
    );
  });

  it("role managedPolicyArns mirroring a RolePolicyAttachment", () => {
    const { role } = roleOf(
      stack(
        { managedPolicyArns: [POLICY_ARN] },
        policy,
        res("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "attach", { role: "att-role", policyArn: POLICY_ARN }),
      ),
    );
    assert.deepEqual(
      role.policies.map((p) => p.ref),
      ['iam.Policy "replication"'],
    );
    assert.deepEqual(role.unresolvedPolicyArns, []);
  });

  it("a bucket's inline replicationConfiguration mirroring its BucketReplicationConfig", () => {
    const resources = stack({ inlinePolicies: [{ name: "replication", policy: document }] });
    const src = resources[0]!;
    src.props["replicationConfiguration"] = {
      role: ROLE_ARN,
      rules: [
        {
          id: "all",
          status: "Enabled",
          priority: 1,
          filter: {},
          deleteMarkerReplicationStatus: "Disabled",
          destination: { bucket: DST },
        },
      ],
    };
    const model = mapStack(resources);
    assert.deepEqual(
      model.replications.map((r) => r.ref),
      ['s3.BucketReplicationConfig "replication"'],
    );
  });
});

describe("stack model: reads and writers", () => {
  it("a bucket the stack reads is marked read, its unseen settings unknown", () => {
    const resources = stack({});
    resources[0] = { ...resources[0]!, external: true };
    const model = mapStack(resources);
    assert.ok(model.readRefs.has('s3.Bucket "src"'));
    const src = model.buckets.find((b) => b.ref === 's3.Bucket "src"');
    assert.equal(src?.encryptionUnknown, true);
    assert.equal(src?.publicAccessBlockUnknown, true);
    assert.ok(!model.readRefs.has('s3.Bucket "dst"'));
  });

  it("two BucketPolicy resources on one bucket are two writers of its bucket policy", () => {
    const bucketPolicy = (name: string) =>
      res("aws:s3/bucketPolicy:BucketPolicy", name, {
        bucket: "att-dst",
        policy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Deny",
              Principal: "*",
              Action: "s3:*",
              Resource: `${DST}/*`,
              Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
          ],
        }),
      });
    const model = mapStack(stack({}, bucketPolicy("one"), bucketPolicy("two")));
    assert.deepEqual(
      model.writers.filter((w) => w.writers.length > 1).map((w) => [w.kind, w.target, w.writers]),
      [["bucket policy", 's3.Bucket "dst"', ['s3.BucketPolicy "one"', 's3.BucketPolicy "two"']]],
    );
  });

  /** A KMS key named "key" of account 111111111111 in us-east-1 (ARN, key id, region and `more`), and its ARN. */
  const kmsKey = (id: string, more: Record<string, unknown> = {}): { keyArn: string; key: Res } => {
    const keyArn = `arn:aws:kms:us-east-1:111111111111:key/${id}`;
    return { keyArn, key: res("aws:kms/key:Key", "key", { arn: keyArn, keyId: id, region: "us-east-1", ...more }) };
  };
  /** A key policy document giving the account's root every KMS action. */
  const rootKeyDocument = {
    Version: "2012-10-17",
    Statement: [
      { Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "kms:*", Resource: "*" },
    ],
  };

  it("two KeyPolicy resources on one key are two writers of its key policy; one is none", () => {
    const { keyArn, key } = kmsKey("00000000-0000-4000-8000-000000000001");
    const keyPolicy = (name: string) =>
      res("aws:kms/keyPolicy:KeyPolicy", name, { keyId: keyArn, policy: JSON.stringify(rootKeyDocument) });
    const overwritten = (resources: Res[]) =>
      mapStack(resources)
        .writers.filter((w) => w.writers.length > 1)
        .map((w) => [w.kind, w.target, w.writers]);
    assert.deepEqual(overwritten(stack({}, key, keyPolicy("one"), keyPolicy("two"))), [
      ["key policy", 'kms.Key "key"', ['kms.KeyPolicy "one"', 'kms.KeyPolicy "two"']],
    ]);
    assert.deepEqual(overwritten(stack({}, key, keyPolicy("one"))), []);
  });

  it("a key's inline policy text is replaced by its KeyPolicy's document, else read itself (malformed text named), in the same place among the key's fields", () => {
    const { keyArn, key } = kmsKey("00000000-0000-4000-8000-000000000002", {
      policy: "{not json",
      bypassPolicyLockoutSafetyCheck: true,
    });
    const document = rootKeyDocument;
    const keyPolicy = res("aws:kms/keyPolicy:KeyPolicy", "kp", { keyId: keyArn, policy: JSON.stringify(document) });
    const alone = mapStack(stack({}, key)).keys.find((k) => k.ref === 'kms.Key "key"');
    assert.match(alone?.policy?.unreadable ?? "", /^malformed JSON/);
    assert.deepEqual(Object.keys(alone ?? {}), [
      "ref",
      "grants",
      "awsManaged",
      "arn",
      "region",
      "account",
      "bypassPolicyLockoutSafetyCheck",
      "policy",
    ]);
    const replaced = mapStack(stack({}, key, keyPolicy)).keys.find((k) => k.ref === 'kms.Key "key"');
    assert.deepEqual(replaced?.policy, { ref: 'kms.KeyPolicy "kp"', document });
    assert.deepEqual(Object.keys(replaced ?? {}), Object.keys(alone ?? {}));
  });
});
