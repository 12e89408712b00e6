import { hash, verify } from "@node-rs/argon2";
import { DomainError } from "../shared/errors";

export const PASSWORD_MIN_LENGTH = 8;

export function assertStrongPassword(password: string): void {
  if (password.length < PASSWORD_MIN_LENGTH || password.length > 128 || !/[A-Za-z]/.test(password) || !/\d/.test(password)) {
    throw new DomainError("WEAK_PASSWORD", { min: PASSWORD_MIN_LENGTH });
  }
}

export const hashPassword = (password: string): Promise<string> => hash(password);

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A hash of a random password, verified against when the number is unknown so both paths cost the same. */
let dummyHash: Promise<string> | undefined;
export const dummyPasswordHash = (): Promise<string> => (dummyHash ??= hash("not-a-real-password-0"));
