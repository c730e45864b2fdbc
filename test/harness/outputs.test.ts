// Update mode gives AWS-like outputs in the provider's account and region; preview leaves unknown
// what AWS only knows after create.
import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { runPolicies, UNKNOWN, type RunResult } from "../../policypack/testing";
import { byName, DST_ACCOUNT, recordingPolicies, replicationProgram } from "./fixtures";

describe("harness: outputs", () => {
    describe("update mode", () => {
        let result: RunResult;
        before(async () => {
            result = await runPolicies(replicationProgram({ bucketName: "orders-dr" }), recordingPolicies());
        });

        it("names and ARNs buckets, in the region of their provider", () => {
            const dr = byName(result, "dr-bucket");
            assert.equal(dr.outputs["bucket"], "orders-dr");
            assert.equal(dr.outputs["arn"], "arn:aws:s3:::orders-dr");
            assert.equal(dr.outputs["region"], "eu-west-1");
            assert.equal(dr.id, "orders-dr");
            const source = byName(result, "source");
            assert.match(String(source.outputs["bucket"]), /^source-[0-9a-f]{7}$/);
            assert.equal(source.inputs["bucket"], source.outputs["bucket"], "auto-name is part of the checked inputs");
            assert.equal(source.outputs["region"], "us-east-1");
        });

        it("gives KMS keys ids and ARNs in the provider's account and region (mrk- for multi-Region)", () => {
            const key = byName(result, "dr-key");
            assert.match(String(key.outputs["keyId"]), /^mrk-[0-9a-f]{32}$/);
            assert.equal(key.outputs["arn"], `arn:aws:kms:eu-west-1:${DST_ACCOUNT}:key/${String(key.outputs["keyId"])}`);
            assert.equal(key.outputs["enableKeyRotation"], true);
        });

        it("hands the outputs to the program", () => {
            const stack = byName(result, "project-stack");
            assert.equal(stack.outputs["replicaArn"], "arn:aws:s3:::orders-dr");
            assert.equal(stack.outputs["dstAccount"], DST_ACCOUNT);
            assert.match(String(stack.outputs["keyArn"]), new RegExp(`^arn:aws:kms:eu-west-1:${DST_ACCOUNT}:key/mrk-`));
        });

        it("creates replica keys in their own region with the primary's mrk- id, and role/policy/topic/alias ARNs", async () => {
            const r = await runPolicies(() => {
                const use1 = new aws.Provider("use1", { region: "us-east-1", allowedAccountIds: ["333333333333"] });
                const euw1 = new aws.Provider("euw1", { region: "eu-west-1", allowedAccountIds: ["333333333333"] });
                const primary = new aws.kms.Key("primary", { multiRegion: true }, { provider: use1 });
                new aws.kms.ReplicaKey("replica", { primaryKeyArn: primary.arn }, { provider: euw1 });
                new aws.kms.Alias("alias", { name: "alias/orders", targetKeyId: primary.keyId }, { provider: use1 });
                new aws.iam.Role("role", { assumeRolePolicy: "{}" }, { provider: use1 });
                new aws.iam.Policy("policy", { policy: "{}" }, { provider: use1 });
                new aws.sns.Topic("topic", {}, { provider: euw1 });
            }, recordingPolicies());
            const primaryId = String(byName(r, "primary").outputs["keyId"]);
            assert.match(primaryId, /^mrk-/);
            assert.equal(byName(r, "replica").outputs["arn"], `arn:aws:kms:eu-west-1:333333333333:key/${primaryId}`);
            assert.equal(byName(r, "alias").outputs["arn"], "arn:aws:kms:us-east-1:333333333333:alias/orders");
            assert.equal(byName(r, "alias").outputs["targetKeyArn"], `arn:aws:kms:us-east-1:333333333333:key/${primaryId}`);
            const role = byName(r, "role");
            assert.match(String(role.outputs["name"]), /^role-[0-9a-f]{7}$/);
            assert.equal(role.outputs["arn"], `arn:aws:iam::333333333333:role/${String(role.outputs["name"])}`);
            assert.equal(role.outputs["region"], undefined, "IAM is global");
            assert.match(String(byName(r, "policy").outputs["arn"]), /^arn:aws:iam::333333333333:policy\/policy-[0-9a-f]{7}$/);
            assert.match(String(byName(r, "topic").outputs["arn"]), /^arn:aws:sns:eu-west-1:333333333333:topic-[0-9a-f]{7}$/);
        });

        it("lets a resource's own v7 region argument override its provider's", async () => {
            const r = await runPolicies(() => {
                new aws.kms.Key("k", { region: "ap-northeast-1" });
            }, { ...recordingPolicies(), accounts: { default_7_48_0: "444444444444" } });
            assert.match(String(byName(r, "k").outputs["arn"]), /^arn:aws:kms:ap-northeast-1:444444444444:key\/[0-9a-f-]{36}$/);
        });

        it("keeps secrets as secrets in inputs and outputs", async () => {
            const r = await runPolicies(() => {
                new aws.s3.Bucket("b", { tags: { owner: pulumi.secret("alice") } });
            }, recordingPolicies());
            const tags = byName(r, "b").inputs["tags"] as Record<string, unknown>;
            assert.deepEqual(tags["owner"], { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "alice" });
        });
    });

    describe("preview mode", () => {
        let result: RunResult;
        before(async () => {
            result = await runPolicies(replicationProgram({ bucketName: "orders-dr" }), { preview: true, ...recordingPolicies() });
        });

        it("leaves ids and ARNs unknown, keeps given and auto-generated names", () => {
            const dr = byName(result, "dr-bucket");
            assert.equal(dr.outputs["bucket"], "orders-dr");
            assert.equal(dr.outputs["arn"], UNKNOWN);
            assert.equal(dr.id, UNKNOWN);
            assert.match(String(byName(result, "source").outputs["bucket"]), /^source-[0-9a-f]{7}$/);
            const key = byName(result, "dr-key");
            assert.equal(key.outputs["arn"], UNKNOWN);
            assert.equal(key.outputs["keyId"], UNKNOWN);
            assert.equal(key.outputs["multiRegion"], true);
        });

        it("sends unknown inputs downstream and unknown provider ids in references", () => {
            const versioning = byName(result, "dr-versioning");
            assert.equal(versioning.inputs["bucket"], UNKNOWN, "bucket.id is unknown in preview");
            assert.equal(versioning.provider?.id, UNKNOWN);
            assert.ok(versioning.provider?.ref.endsWith(`::${UNKNOWN}`));
            assert.equal(byName(result, "project-stack").outputs["replicaArn"], UNKNOWN);
        });

        it("still answers provider functions (they run during a real preview)", () => {
            assert.equal(byName(result, "project-stack").outputs["dstAccount"], DST_ACCOUNT);
        });
    });
});
