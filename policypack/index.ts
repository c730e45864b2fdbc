// The policy pack served to `pulumi preview --policy-pack ./policypack`. Tests never load this
// file (constructing a PolicyPack starts a gRPC server): they run `policies` through testing.ts.
import { PolicyPack } from "@pulumi/policy";
import { packDescription, packName, policies } from "./policies";

new PolicyPack(packName, { policies, description: packDescription });
