/** Statement ids: IAM allows only letters and digits in a Sid. */

/** Turns a destination name into the alphanumeric part of a Sid (`dr-eu` -> `DrEu`). */
export function sidPart(name: string): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter((word) => word.length > 0);
  return words.map((word) => (word[0] ?? "").toUpperCase() + word.slice(1)).join("") || "X";
}
