/**
 * Our payout id as the providers' merchant request number: the UUID's 32 hex digits without hyphens
 * (WeChat Pay's out_bill_no takes letters and digits only, at most 32; Alipay's out_biz_no gets the
 * same), and back. Anything else a provider echoes is not one of ours: null.
 */
export function payoutNumber(payoutId: string): string {
  return payoutId.replace(/-/g, "").toLowerCase();
}

export function payoutIdOf(number: string): string | null {
  const m = /^([0-9a-f]{8})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{12})$/.exec(number.toLowerCase());
  return m ? m.slice(1).join("-") : null;
}
