/**
 * One resource policy document that accepts statements (the aws-cdk-lib `addToResourcePolicy`
 * way): a bucket block and a key block each own one, and the replication that needs access adds
 * its statements to it. The document is complete at the end of the synchronous part of the
 * program that created its block (the same turn of the event loop): add statements there, e.g.
 * create the replication right after its buckets and keys. A statement added later is refused
 * with an error, never dropped.
 */

import * as pulumi from "@pulumi/pulumi";
import { PolicyStatement } from "./model/policyDocument";

/** Statements collected for one resource policy. */
export class PolicyStatements {
  private readonly parts: pulumi.Input<PolicyStatement[]>[] = [];
  private complete = false;
  private wanted = false;
  /** Every statement added, in the order added (resolves once the document is complete). */
  readonly statements: pulumi.Output<PolicyStatement[]>;

  /**
   * @param owner Names the block in errors, e.g. `EncryptedBucket orders-source`.
   * @param onComplete Called once, when the document is complete, with whether any statements were added.
   */
  constructor(
    private readonly owner: string,
    onComplete?: (wanted: boolean) => void,
  ) {
    const [statements, resolve] = pulumi.deferredOutput<PolicyStatement[]>();
    this.statements = statements;
    setImmediate(() => {
      this.complete = true;
      resolve(pulumi.all(this.parts).apply((lists) => lists.flat()));
      onComplete?.(this.wanted);
    });
  }

  /** Adds statements (an empty list still asks for the document to be written). */
  add(statements: pulumi.Input<PolicyStatement[]>): void {
    if (this.complete) {
      throw new Error(
        `${this.owner}: its policy document is already complete; add statements in the same synchronous part of the program that creates it (create the replication right after its buckets and keys)`,
      );
    }
    this.wanted = true;
    this.parts.push(statements);
  }
}
