// The config policy reads the whole policy config the engine sent by wrapping
// ConfigureAnalyzerRequest.deserializeBinary (policypack/policies/sent-config.ts). The harness
// round-trips requests through that same static itself, so this test checks the real gRPC path:
// the service definition @pulumi/policy's server.js registers must decode Configure through it.
// If an SDK update decodes Configure another way, this test fails (and the pack, capturing
// nothing, stops every run: policies/retired.ts).
import * as assert from "node:assert/strict";
import * as structpb from "google-protobuf/google/protobuf/struct_pb";
import { loadAnalyzer } from "../../policypack/harness/analyzerDriver";
import { policies } from "../../policypack/policies";
import { CONFIG_POLICY, UNREAD_CONFIG } from "../../policypack/policies/retired";
import { captureConfigure, sentPolicyConfig, serverAnalyzerProto } from "../../policypack/policies/sent-config";

interface MethodDefinition {
  requestDeserialize(bytes: Buffer): unknown;
}

describe("policy pack: the policy config sent to Configure", () => {
  it("is captured when gRPC decodes Configure with the service definition server.js registers", () => {
    captureConfigure();
    const analyzer = loadAnalyzer("s3-replication", "0.0.0", "advisory", policies);
    const configure = (analyzer.service as Record<string, MethodDefinition | undefined>)["configure"];
    assert.ok(configure !== undefined, "server.js registers a service with a configure method");

    const proto = serverAnalyzerProto();
    const request = new proto.ConfigureAnalyzerRequest();
    const probe = `probe-${process.pid}-${Date.now()}`;
    const entry = new proto.PolicyConfig();
    entry.setEnforcementlevel(proto.EnforcementLevel.DISABLED);
    entry.setProperties(structpb.Struct.fromJavaScript({ bogus: 1 }));
    request.getPolicyconfigMap().set(probe, entry);
    const all = new proto.PolicyConfig();
    all.setEnforcementlevel(proto.EnforcementLevel.ADVISORY);
    request.getPolicyconfigMap().set("all", all);

    configure.requestDeserialize(Buffer.from(request.serializeBinary()));
    assert.deepEqual(Object.fromEntries(sentPolicyConfig() ?? new Map()), {
      [probe]: { enforcementLevel: "disabled", properties: { bogus: 1 } },
      all: { enforcementLevel: "advisory", properties: {} },
    });
  });

  it("wraps the static once however many copies of the pack are loaded, each copy reading what it captured", () => {
    captureConfigure();
    const deserialize = serverAnalyzerProto().ConfigureAnalyzerRequest.deserializeBinary;
    // A second copy of the module (as when the sources and the compiled dev cache are both loaded).
    const file = require.resolve("../../policypack/policies/sent-config");
    const saved = require.cache[file];
    delete require.cache[file];
    const copy = require(file) as typeof import("../../policypack/policies/sent-config");
    require.cache[file] = saved;
    copy.captureConfigure();
    assert.equal(serverAnalyzerProto().ConfigureAnalyzerRequest.deserializeBinary, deserialize);

    const proto = serverAnalyzerProto();
    const request = new proto.ConfigureAnalyzerRequest();
    const entry = new proto.PolicyConfig();
    entry.setEnforcementlevel(proto.EnforcementLevel.MANDATORY);
    request.getPolicyconfigMap().set("copy-probe", entry);
    proto.ConfigureAnalyzerRequest.deserializeBinary(request.serializeBinary());
    for (const read of [sentPolicyConfig, copy.sentPolicyConfig])
      assert.deepEqual(Object.fromEntries(read() ?? new Map()), {
        "copy-probe": { enforcementLevel: "mandatory", properties: {} },
      });
  });

  it("with nothing captured, the config policy stops the run (fail closed)", () => {
    const slot = Symbol.for("s3-replication.lastConfigureRequest");
    const global = globalThis as Record<symbol, unknown>;
    const saved = global[slot];
    delete global[slot];
    try {
      assert.equal(sentPolicyConfig(), undefined);
      const policy = policies.find((p) => p.name === CONFIG_POLICY) as unknown as {
        validateResource: (args: { type: string }, report: (violation: unknown) => void) => void;
      };
      const reported: unknown[] = [];
      policy.validateResource({ type: "pulumi:pulumi:Stack" }, (violation) => reported.push(violation));
      assert.deepEqual(
        reported.map((v) => [(v as { enforcementLevel: string }).enforcementLevel, (v as { message: string }).message]),
        [["mandatory", UNREAD_CONFIG]],
      );
    } finally {
      global[slot] = saved;
    }
  });
});
