/**
 * The pack's version: policypack/package.json's, which `pulumi policy publish` reads. Imported (not
 * read from disk beside the caller), so the compiled package carries it wherever the harness and
 * the checker are installed.
 */
import { version } from "./package.json";

/** The policy pack's version (policypack/package.json). */
export const packVersion: string = version;
