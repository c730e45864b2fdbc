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

/** A Configure request with these entries (level and properties), built with server.js's own proto module. */
function configureRequest(entries: Record<string, [number, Record<string, unknown>]>): Uint8Array {
  const proto = serverAnalyzerProto();
  const request = new proto.ConfigureAnalyzerRequest();
  for (const [name, [level, properties]] of Object.entries(entries)) {
    const entry = new proto.PolicyConfig();
    entry.setEnforcementlevel(level);
    entry.setProperties(structpb.Struct.fromJavaScript(properties as Record<string, structpb.JavaScriptValue>));
    request.getPolicyconfigMap().set(name, entry);
  }
  return request.serializeBinary();
}

/** The capture slot every copy of sent-config.ts shares. */
const slot = (): { requests: Map<string, unknown> } =>
  (globalThis as Record<symbol, { requests: Map<string, unknown> }>)[Symbol.for("s3-replication.configureRequests")]!;

describe("policy pack: the policy config sent to Configure", () => {
  const { ADVISORY, DISABLED, MANDATORY } = serverAnalyzerProto().EnforcementLevel;

  it("is captured when gRPC decodes Configure with the service definition server.js registers, another pack's request aside", () => {
    const probe = `probe-${process.pid}-${Date.now()}`;
    captureConfigure(probe);
    const analyzer = loadAnalyzer("s3-replication", "0.0.0", "advisory", policies);
    const configure = (analyzer.service as Record<string, MethodDefinition | undefined>)["configure"];
    assert.ok(configure !== undefined, "server.js registers a service with a configure method");

    configure.requestDeserialize(
      Buffer.from(configureRequest({ [probe]: [DISABLED, { bogus: 1 }], all: [ADVISORY, {}] })),
    );
    // Another pack configured in the same process (the harness's collector) does not replace it.
    configure.requestDeserialize(Buffer.from(configureRequest({ "offline-run-collector": [ADVISORY, {}] })));
    assert.deepEqual(Object.fromEntries(sentPolicyConfig(probe) ?? new Map()), {
      [probe]: { enforcementLevel: "disabled", properties: { bogus: 1 } },
      all: { enforcementLevel: "advisory", properties: {} },
    });
  });

  it("wraps the static once however many copies of the pack are loaded, each copy reading what it captured", () => {
    captureConfigure(CONFIG_POLICY);
    const deserialize = serverAnalyzerProto().ConfigureAnalyzerRequest.deserializeBinary;
    // A second copy of the module (as when the sources and the compiled dev cache are both loaded).
    const file = require.resolve("../../policypack/policies/sent-config");
    const saved = require.cache[file];
    delete require.cache[file];
    const copy = require(file) as typeof import("../../policypack/policies/sent-config");
    require.cache[file] = saved;
    copy.captureConfigure("copy-probe");
    assert.equal(serverAnalyzerProto().ConfigureAnalyzerRequest.deserializeBinary, deserialize);

    serverAnalyzerProto().ConfigureAnalyzerRequest.deserializeBinary(
      configureRequest({ "copy-probe": [MANDATORY, {}] }),
    );
    for (const read of [sentPolicyConfig, copy.sentPolicyConfig])
      assert.deepEqual(Object.fromEntries(read("copy-probe") ?? new Map()), {
        "copy-probe": { enforcementLevel: "mandatory", properties: {} },
      });
  });

  it("with nothing captured, the config policy stops the run (fail closed)", () => {
    const saved = slot().requests.get(CONFIG_POLICY);
    slot().requests.delete(CONFIG_POLICY);
    try {
      assert.equal(sentPolicyConfig(CONFIG_POLICY), undefined);
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
      if (saved !== undefined) slot().requests.set(CONFIG_POLICY, saved);
    }
  });
});
