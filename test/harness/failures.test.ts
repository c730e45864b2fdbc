// A lenient pack (records, never reports) cannot make a broken program pass: every failure the
// CLI would stop on fails the run.
import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { runPolicies } from "../../policypack/testing";
import { recordingPolicies } from "./fixtures";

const lenient = () => recordingPolicies();

describe("harness: broken programs fail the run", () => {
  it("fails when the program throws", async () => {
    await assert.rejects(
      runPolicies(() => {
        new aws.s3.Bucket("ok");
        throw new Error("boom in program");
      }, lenient()),
      /boom in program/,
    );
  });

  it("fails when an async program rejects", async () => {
    await assert.rejects(
      runPolicies(async () => {
        await Promise.resolve();
        throw new Error("async boom");
      }, lenient()),
      /async boom/,
    );
  });

  it("fails on an unhandled rejection inside the program", async () => {
    await assert.rejects(
      runPolicies(() => {
        void Promise.reject(new Error("forgotten promise"));
        new aws.s3.Bucket("b");
      }, lenient()),
      /forgotten promise/,
    );
  });

  it("fails on an unmocked provider function whose result feeds a resource (which never registers)", async () => {
    const { policies, seen } = lenient();
    await assert.rejects(
      runPolicies(
        () => {
          const zones = aws.getAvailabilityZonesOutput({});
          new aws.s3.Bucket("b", { tags: { zone: zones.names.apply((n) => n[0] ?? "") } });
        },
        { policies },
      ),
      /provider function 'aws:index\/getAvailabilityZones:getAvailabilityZones'/,
    );
    assert.equal(seen.resources.length, 0, "policies never ran");
  });

  it("fails on an unmocked provider function even when nobody awaits it", async () => {
    await assert.rejects(
      runPolicies(() => {
        void aws.ec2.getVpcs({}).catch(() => undefined);
      }, lenient()),
      /aws:ec2\/getVpcs:getVpcs/,
    );
  });

  it("fails on a duplicate URN and on an error log", async () => {
    await assert.rejects(
      runPolicies(() => {
        new aws.s3.Bucket("same");
        new aws.s3.Bucket("same");
      }, lenient()),
      /Duplicate resource URN 'urn:pulumi:stack::project::aws:s3\/bucket:Bucket::same'/,
    );
    await assert.rejects(
      runPolicies(() => {
        void pulumi.log.error("something is wrong");
      }, lenient()),
      /logged 1 error/,
    );
  });

  it("refuses an invalid pack instead of exiting the process", async () => {
    await assert.rejects(
      runPolicies(() => undefined, { ...lenient(), packName: "bad name!" }),
      /Invalid policy pack name "bad name!"/,
    );
    await assert.rejects(
      runPolicies(() => undefined, {
        policies: [{ name: "all", description: "reserved", validateStack: () => undefined }],
      }),
      /Invalid policy name "all"/,
    );
  });

  it("refuses overlapping runs", async () => {
    const first = runPolicies(() => new Promise((resolve) => setTimeout(resolve, 20)), lenient());
    await assert.rejects(
      runPolicies(() => undefined, lenient()),
      /must not overlap/,
    );
    await first;
  });

  it("loads the pack's own policies from policypack/policies.ts, or says clearly that it is missing", async () => {
    const hasPack = fs.existsSync(path.join(__dirname, "../../policypack/policies.ts"));
    const run = runPolicies(() => undefined);
    if (hasPack) {
      await run;
    } else {
      await assert.rejects(run, /policypack\/policies\.ts is missing; it must export `policies`/);
    }
  });
});
