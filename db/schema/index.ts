export * from "./users";
export * from "./ledger";
export * from "./wallet";
export * from "./platform";
export * from "./activities";
export * from "./settlement";
export * from "./store";
export * from "./ads";
