import { z } from "zod";

/** A carrier's name and a tracking number as an operator may enter them (the console checks the same before sending). */
export const CARRIER = /^[\p{L}\p{N} ()·-]{2,40}$/u;
export const TRACKING = /^[A-Za-z0-9-]{6,40}$/;

export const SHIP_FIELDS = ["carrier", "trackingNo"] as const;
export type ShipField = (typeof SHIP_FIELDS)[number];

/** The ship form: empty is "required", anything else off the pattern names the field's own rule. */
export const ShipFieldsSchema = z.object({
  carrier: z.string().trim().min(1).refine((v) => CARRIER.test(v), { params: { key: "carrier" } }),
  trackingNo: z.string().trim().min(1).refine((v) => TRACKING.test(v), { params: { key: "trackingNo" } }),
});
