/** Stack and resource mapping: analyzer resources -> the core model's found shapes. */
export * from "./values";
export * from "./resources";
export * from "./stack";
export * from "./sealed";
export * from "./programInputs";
export { refOf } from "./context";
