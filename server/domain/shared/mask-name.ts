/** 王芳 → 王*: how a shopper's name appears to anyone else. */
export const maskName = (name: string): string => `${[...name][0] ?? ""}*`;
