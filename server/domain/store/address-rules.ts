import { z } from "zod";
import { mainlandMobileDigits } from "../auth/phone";
import type { CleanTextRule } from "../shared/clean-text";

/** Lengths of an address's texts (characters, after trimming): the domain stores by them, the form checks by them. */
export const ADDRESS_TEXT = {
  recipient: { min: 1, max: 20 },
  region: { min: 2, max: 60 },
  detail: { min: 2, max: 120 },
} as const satisfies Record<string, CleanTextRule>;

export const ADDRESS_FIELDS = ["recipient", "phone", "region", "detail"] as const;
export type AddressField = (typeof ADDRESS_FIELDS)[number];

// Empty first: an empty field is "required", whatever its minimum.
const text = (rule: CleanTextRule) => z.string().trim().min(1).min(rule.min).max(rule.max);

/**
 * The address form's fields as the form checks them before sending, by the rules above (the
 * domain's cleanText also refuses control and invisible characters, and decides).
 */
export const AddressFieldsSchema = z.object({
  recipient: text(ADDRESS_TEXT.recipient),
  phone: z.string().refine((value) => mainlandMobileDigits(value) !== null, { params: { key: "phone" } }),
  region: text(ADDRESS_TEXT.region),
  detail: text(ADDRESS_TEXT.detail),
});
