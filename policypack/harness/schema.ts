// The output properties of a resource type, read from the installed provider SDK's declarations
// (`@pulumi/aws/<module>/<type>.d.ts`). Pulumi's code generator declares an output property
// `Output<T>` when the provider always has a value for it (required or computed) and
// `Output<T | undefined>` when it is optional and not computed; that is the provider schema's
// "computed" as far as the harness needs it: in preview every computed property the program did
// not set is unknown, and every property of a read resource nobody answered is unknown.
import * as fs from "fs";
import * as path from "path";

/** One output property of a resource class. */
export interface OutputProperty {
  name: string;
  /** False when the provider always returns a value (required or computed). */
  optional: boolean;
}

const cache = new Map<string, OutputProperty[]>();

/** The declaration file of a type token's class (`aws:s3/bucket:Bucket` -> `@pulumi/aws/s3/bucket.d.ts`). */
function declarationFile(type: string): string | undefined {
  const m = /^([^:]+):([^:/]+)\/([^:]+):([^:]+)$/.exec(type);
  if (m === null) {
    return undefined;
  }
  const [, pkg, module, file] = m as unknown as [string, string, string, string];
  let root: string;
  try {
    root = path.dirname(require.resolve(`@pulumi/${pkg}/package.json`));
  } catch (err) {
    if ((err as { code?: string }).code === "MODULE_NOT_FOUND") {
      return undefined; // the package is not installed here: no declarations to read
    }
    throw err;
  }
  const candidate = module === "index" ? path.join(root, `${file}.d.ts`) : path.join(root, module, `${file}.d.ts`);
  return fs.existsSync(candidate) ? candidate : undefined;
}

/** The output properties the class of `type` declares (empty when its declarations are not installed). */
export function outputProperties(type: string): readonly OutputProperty[] {
  const cached = cache.get(type);
  if (cached !== undefined) {
    return cached;
  }
  const file = declarationFile(type);
  const props: OutputProperty[] = [];
  if (file !== undefined) {
    const text = fs.readFileSync(file, "utf8");
    const classStart = text.indexOf("export declare class ");
    const body = classStart < 0 ? "" : text.slice(classStart, text.indexOf("\n}", classStart));
    const re = /^ {4}readonly (\w+): pulumi\.Output<([\s\S]*?)>;$/gm;
    let m: RegExpExecArray | null;
    while ((m = re.exec(body)) !== null) {
      const name = m[1] as string;
      if (name === "id" || name === "urn") {
        continue;
      }
      props.push({ name, optional: /\|\s*undefined\s*$/.test((m[2] as string).trim()) });
    }
  }
  cache.set(type, props);
  return props;
}

/** Names of the properties the provider always returns a value for (required or computed). */
export function computedProperties(type: string): string[] {
  return outputProperties(type)
    .filter((p) => !p.optional)
    .map((p) => p.name);
}
