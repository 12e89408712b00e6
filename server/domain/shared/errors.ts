/**
 * The one error vocabulary of the domain. Each code has an HTTP status here and a message in
 * messages/<locale>.json under `errors.<code>`; nothing else decides how an error looks.
 */
export const ERROR_STATUS = {
  BAD_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  ORIGIN_REJECTED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INSUFFICIENT_BALANCE: 409,
  IDEMPOTENCY_MISMATCH: 409,
  PHONE_TAKEN: 409,
  INVALID_PHONE: 400,
  WEAK_PASSWORD: 400,
  UNKNOWN_REFERRAL_CODE: 400,
  BAD_CREDENTIALS: 401,
  RATE_LIMITED: 429,
  CODE_INVALID: 400,
  /** The SMS provider did not take the message: nothing was stored, the shopper asks again. */
  SMS_SEND_FAILED: 503,
  ACCOUNT_FROZEN: 403,
  FREEZE_REASON_REQUIRED: 400,
  FREEZE_OUTRANKED: 403,
  WITHDRAWAL_USER_FROZEN: 409,
  ADJUSTMENT_OUT_OF_RANGE: 400,
  ADJUSTMENT_REASON_REQUIRED: 400,
  ADJUSTMENT_EXCEEDS_BALANCE: 409,
  AUDIT_BAD_RANGE: 400,
  AMOUNT_OUT_OF_RANGE: 400,
  WITHDRAWAL_BELOW_MINIMUM: 400,
  WITHDRAWAL_NOT_PENDING: 409,
  WITHDRAWAL_REASON_REQUIRED: 400,
  DESTINATION_ALIPAY_INVALID: 400,
  DESTINATION_CARD_INVALID: 400,
  DESTINATION_BANK_UNKNOWN: 400,
  DESTINATION_NAME_INVALID: 400,
  DESTINATION_DUPLICATE: 409,
  DESTINATION_LIMIT: 409,
  DESTINATION_IN_USE: 409,
  DESTINATION_NOT_FOUND: 404,
  /** WeChat payouts are not on: no WeChat destination can be added. */
  DESTINATION_WECHAT_UNAVAILABLE: 409,
  /** The shopper's openid is not known yet: they open the shop in WeChat and sign in there first. */
  DESTINATION_WECHAT_SIGN_IN: 409,
  PAYMENT_NOT_PENDING: 409,
  PAYMENT_ALREADY_RESOLVED: 409,
  PAYMENT_REVIEW_REASON_REQUIRED: 400,
  PAYMENT_NOTHING_TO_REFUND: 409,
  PAYMENT_PROVIDER_UNAVAILABLE: 400,
  /** "I have paid: check" asked too often (payment-check-limit.ts): try again in `seconds`. */
  PAYMENT_CHECK_TOO_SOON: 429,
  PAYMENT_START_FAILED: 502,
  /** An operator asked a provider about a refund and got no usable answer: nothing changed, the job asks again. */
  PAYMENT_PROVIDER_UNREACHABLE: 502,
  WEBHOOK_SIGNATURE_INVALID: 401,
  WEBHOOK_TIMESTAMP_STALE: 401,
  WEBHOOK_MERCHANT_MISMATCH: 400,
  ACTIVITY_NOT_OPEN: 409,
  ITEM_NOT_IN_ACTIVITY: 400,
  SEATS_PER_USER_REACHED: 409,
  STAFF_CANNOT_JOIN: 403,
  INVALID_ACTIVITY: 400,
  ACTIVITY_PRODUCT_UNKNOWN: 400,
  ACTIVITY_ENDED: 409,
  POOL_NOT_HUNDREDS: 400,
  POOL_FROZEN: 409,
  POOL_OUT_CLOSED: 409,
  POOL_SETTLEMENT_CLOSED: 409,
  SETTLEMENT_DAY_NOT_OVER: 409,
  PRODUCT_UNAVAILABLE: 409,
  SOLD_OUT: 409,
  PER_SHOPPER_LIMIT: 409,
  UNPAID_ORDERS_LIMIT: 409,
  VOUCHER_INSUFFICIENT: 409,
  VOUCHER_EXCEEDS_TOTAL: 400,
  ORDER_WRONG_STATUS: 409,
  REFUND_EXCEEDS_PAID: 400,
  DIV_POINTS_REDEEM_CLOSED: 409,
  ADDRESS_REQUIRED: 400,
  STOCK_NEGATIVE: 409,
  UPLOAD_NOT_IMAGE: 400,
  UPLOAD_TOO_LARGE: 400,
  AD_NO_POINTS: 409,
  AD_DAILY_CAP: 409,
  AD_DEVICE_CAP: 409,
  AD_IP_RATE_LIMITED: 429,
  AD_SET_IN_PROGRESS: 409,
  AD_VIEW_IN_PROGRESS: 409,
  AD_VIEW_TOO_EARLY: 409,
  AD_VIEW_NOT_OPEN: 409,
  AD_NONE_AVAILABLE: 409,
  AD_SET_NOT_OPEN: 409,
  UPLOAD_NOT_CREATIVE: 400,
  AD_PREPAYMENT_DUPLICATE: 409,
  DISPLAY_NAME_INVALID: 400,
  AVATAR_INVALID: 400,
  /** A moment's contention (a join whose cash a draw was paying into): the caller tries again. */
  TRY_AGAIN: 503,
  /** The database is away, starting or too slow right now: nothing was done; the caller tries again. */
  SERVICE_UNAVAILABLE: 503,
  /** A join's batch was committing when its answer was due (or the connection died during the commit): ask by its entry id. */
  JOIN_OUTCOME_UNKNOWN: 504,
  INTERNAL: 500,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_STATUS;
export type ErrorParams = Record<string, string | number>;

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly params: ErrorParams;
  constructor(code: ErrorCode, params: ErrorParams = {}) {
    super(`${code}${Object.keys(params).length ? " " + JSON.stringify(params) : ""}`);
    this.name = "DomainError";
    this.code = code;
    this.params = params;
  }
}

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError;
}

/** Unwraps drivers' error causes and reports whether a PostgreSQL error came from a named constraint. */
export function pgConstraint(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let i = 0; i < 4 && cur; i++) {
    const c = cur as { constraint_name?: string; constraint?: string; cause?: unknown };
    if (c.constraint_name) return c.constraint_name;
    if (c.constraint) return c.constraint;
    cur = c.cause;
  }
  return undefined;
}

/** The SQLSTATE of a PostgreSQL error, looking through drizzle's wrapping. */
export function pgCode(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let i = 0; i < 4 && cur; i++) {
    const c = cur as { code?: unknown; cause?: unknown };
    if (typeof c.code === "string" && /^[0-9A-Z]{5}$/.test(c.code)) return c.code;
    cur = c.cause;
  }
  return undefined;
}
