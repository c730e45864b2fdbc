// The correct cross-account configuration the security tests change one statement at a time.
import assert from "node:assert/strict";
import { foundReplications, generateDocuments } from "../../components/documents";
import { FoundReplication } from "../../components/model/found";
import { defaultScenario } from "./scenarios";

/** A fresh found configuration of the default scenario (cross-account, SSE-KMS), from the generated documents. */
export function happyFound(): FoundReplication {
  const scenario = defaultScenario();
  const found = foundReplications(scenario.topology, generateDocuments(scenario.topology))[0];
  assert.ok(found);
  return JSON.parse(JSON.stringify(found)) as FoundReplication;
}
