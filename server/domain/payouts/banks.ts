/**
 * The banks a shopper can choose for a bank-card destination (their names are translated in
 * messages: `payoutBanks.<code>`). Codes are the ones Chinese payout APIs use.
 */
export const BANK_CODES = ["ICBC", "CCB", "ABC", "BOC", "BOCOM", "CMB", "PSBC", "CIB", "SPDB", "CITIC", "CMBC", "CEB", "HXB", "PAB", "GDB"] as const;
export type BankCode = (typeof BANK_CODES)[number];

export function isBankCode(code: string): code is BankCode {
  return (BANK_CODES as readonly string[]).includes(code);
}
