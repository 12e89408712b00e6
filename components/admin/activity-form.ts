import type { z } from "zod";
import type { ItemProduct } from "@/server/domain/activities/item-products";
import { ActivityInputSchema, DEFAULT_ACTIVITY_CONFIG, type ActivityConfig } from "@/server/domain/shared/activity-config";
import { fenToYuanInput, parseYuanToFen } from "../money/parse-yuan";
import { bpToPercentInput } from "../money/percent-bp";
import { fromLocalInput, toLocalInput } from "./business-datetime";

export { bpToPercentInput };

/*
 * The activity editor's form: every number as the text the operator typed, turned into an
 * ActivityInput by string parsing (yuan → fen and % → basis points read digit by digit, never
 * through a float), then checked by the server's own ActivityInputSchema. Errors are keyed by the
 * schema path ("config.rewards.LA.ratioBp"), so a zod issue lands at its field.
 */

export const REWARD_CODES = ["WA", "WB", "WC", "WD", "WE", "WF", "LA", "LB", "LC"] as const;
export type RewardCode = (typeof REWARD_CODES)[number];
export const RULE_KEYS = ["firstOfDay", "newUser", "winStreak", "totalWins", "windowCap"] as const;

export interface ItemForm {
  id?: string;
  kind: "product" | "voucher";
  name: string;
  /** The catalog product the item stands for (picked in the editor): its photo is the item's picture, and a winner is sent it. */
  productId?: string | null;
  /** What the picker shows of that product (never sent: the server reads the product itself). */
  product?: ItemProduct | null;
  /** The item's own image, kept as loaded; picking a product clears it, so the product's photo shows. */
  imageUrl?: string | null;
}

export interface ReferralForm {
  on: boolean;
  mode: "fixed" | "ratio";
  amount: string;
  ratio: string;
}

export interface ActivityForm {
  name: string;
  price: string;
  groupSize: string;
  winners: string;
  opensAt: string;
  closesAt: string;
  items: ItemForm[];
  seatsPerUser: string;
  timeoutHours: string;
  rewards: Record<RewardCode, { on: boolean; ratio: string }>;
  referral: { L1: ReferralForm; L2: ReferralForm };
  rules: {
    firstOfDay: { on: boolean };
    newUser: { on: boolean };
    winStreak: { on: boolean; x: string; y: string };
    totalWins: { on: boolean; x: string; y: string };
    windowCap: { on: boolean; x: string; z: string };
  };
  conflictPolicy: "dissolve" | "random";
}


/** 3600 s → "1"; 5400 → "1.5" (hours, at most two decimals). */
function secondsToHoursInput(seconds: number): string {
  return fenToYuanInput(Math.round(seconds / 36)).replace(/\.?0+$/, "");
}

export function formFromActivity(a: { name: string; priceFen: number; groupSize: number; winners: number; opensAt: Date; closesAt: Date | null; items: ItemForm[]; config: ActivityConfig }): ActivityForm {
  const c = a.config;
  const referral = (l: ActivityConfig["referral"]["L1"]): ReferralForm => ({ on: l.on, mode: l.mode, amount: fenToYuanInput(l.amountFen), ratio: bpToPercentInput(l.ratioBp) });
  const rewards = Object.fromEntries(REWARD_CODES.map((code) => [code, { on: c.rewards[code].on, ratio: code === "WA" ? "" : bpToPercentInput((c.rewards[code] as { ratioBp: number }).ratioBp) }])) as ActivityForm["rewards"];
  return {
    name: a.name,
    price: fenToYuanInput(a.priceFen),
    groupSize: String(a.groupSize),
    winners: String(a.winners),
    opensAt: toLocalInput(a.opensAt),
    closesAt: a.closesAt ? toLocalInput(a.closesAt) : "",
    items: a.items.map((i) => ({ id: i.id, kind: i.kind, name: i.name, productId: i.productId ?? null, product: i.product ?? null, imageUrl: i.imageUrl ?? null })),
    seatsPerUser: String(c.seatsPerUser),
    timeoutHours: secondsToHoursInput(c.timeoutSeconds),
    rewards,
    referral: { L1: referral(c.referral.L1), L2: referral(c.referral.L2) },
    rules: {
      firstOfDay: { ...c.rules.firstOfDay },
      newUser: { ...c.rules.newUser },
      winStreak: { on: c.rules.winStreak.on, x: String(c.rules.winStreak.x), y: String(c.rules.winStreak.y) },
      totalWins: { on: c.rules.totalWins.on, x: String(c.rules.totalWins.x), y: String(c.rules.totalWins.y) },
      windowCap: { on: c.rules.windowCap.on, x: String(c.rules.windowCap.x), z: String(c.rules.windowCap.z) },
    },
    conflictPolicy: c.conflictPolicy,
  };
}

export function newActivityForm(now: Date): ActivityForm {
  return {
    ...formFromActivity({ name: "", priceFen: 99_00, groupSize: 10, winners: 3, opensAt: now, closesAt: null, items: [], config: DEFAULT_ACTIVITY_CONFIG }),
    price: "",
    items: [{ kind: "product", name: "" }],
  };
}

/** A field's error: a message key of admin.activityEditor.errors and its parameters. */
export interface FieldError {
  key: string;
  params?: Record<string, string | number>;
}
export type FieldErrors = Record<string, FieldError>;

/** The candidate input (numbers where the text parsed, NaN where it did not) and the parse errors. */
export function parseActivityForm(form: ActivityForm) {
  const errors: FieldErrors = {};
  const int = (path: string, text: string): number => {
    if (!/^\s*\d{1,9}\s*$/.test(text)) {
      errors[path] = { key: "intInvalid" };
      return Number.NaN;
    }
    return Number(text);
  };
  const fen = (path: string, text: string): number => {
    const v = parseYuanToFen(text);
    if (v === null) errors[path] = { key: "amountInvalid" };
    return v ?? Number.NaN;
  };
  // "5.25" (%) → 525 bp: the same two-decimal digit reading as yuan → fen.
  const bp = (path: string, text: string): number => {
    const v = parseYuanToFen(text.replace(/%$/, ""));
    if (v === null) errors[path] = { key: "ratioInvalid" };
    return v ?? Number.NaN;
  };
  const date = (path: string, text: string): Date | null => {
    const d = fromLocalInput(text);
    if (!d) errors[path] = { key: "dateInvalid" };
    return d;
  };

  const priceFen = fen("priceFen", form.price);
  const hundredthsOfHour = parseYuanToFen(form.timeoutHours);
  if (hundredthsOfHour === null) errors["config.timeoutSeconds"] = { key: "timeoutRange" };
  const ratioOf = (code: Exclude<RewardCode, "WA">) => ({ on: form.rewards[code].on, ratioBp: bp(`config.rewards.${code}.ratioBp`, form.rewards[code].ratio) });
  const referral = (level: "L1" | "L2") => {
    const r = form.referral[level];
    // Only the field the mode uses is checked; the other keeps its last good value (0 if none).
    const amountFen = r.mode === "fixed" ? fen(`config.referral.${level}.amountFen`, r.amount) : (parseYuanToFen(r.amount) ?? 0);
    const ratioBp = r.mode === "ratio" ? bp(`config.referral.${level}.ratioBp`, r.ratio) : (parseYuanToFen(r.ratio) ?? 0);
    return { on: r.on, mode: r.mode, amountFen, ratioBp };
  };
  const config = {
    seatsPerUser: int("config.seatsPerUser", form.seatsPerUser),
    timeoutSeconds: hundredthsOfHour === null ? Number.NaN : hundredthsOfHour * 36,
    rewards: {
      WA: { on: form.rewards.WA.on },
      WB: ratioOf("WB"),
      WC: ratioOf("WC"),
      WD: ratioOf("WD"),
      WE: ratioOf("WE"),
      WF: ratioOf("WF"),
      LA: ratioOf("LA"),
      LB: ratioOf("LB"),
      LC: ratioOf("LC"),
    },
    referral: { L1: referral("L1"), L2: referral("L2") },
    rules: {
      firstOfDay: { on: form.rules.firstOfDay.on },
      newUser: { on: form.rules.newUser.on },
      winStreak: { on: form.rules.winStreak.on, x: int("config.rules.winStreak.x", form.rules.winStreak.x), y: int("config.rules.winStreak.y", form.rules.winStreak.y) },
      totalWins: { on: form.rules.totalWins.on, x: int("config.rules.totalWins.x", form.rules.totalWins.x), y: int("config.rules.totalWins.y", form.rules.totalWins.y) },
      windowCap: { on: form.rules.windowCap.on, x: int("config.rules.windowCap.x", form.rules.windowCap.x), z: int("config.rules.windowCap.z", form.rules.windowCap.z) },
    },
    conflictPolicy: form.conflictPolicy,
  };
  const candidate = {
    name: form.name,
    priceFen,
    groupSize: int("groupSize", form.groupSize),
    winners: int("winners", form.winners),
    opensAt: date("opensAt", form.opensAt),
    closesAt: form.closesAt.trim() ? date("closesAt", form.closesAt) : null,
    items: form.items.map((i) => ({ ...(i.id ? { id: i.id } : {}), kind: i.kind, name: i.name, productId: i.productId ?? null, imageUrl: i.imageUrl ?? null, priceFen })),
    config,
  };
  return { candidate, errors };
}

const MONEY_PATHS = /(^priceFen$|amountFen$)/;

/** One zod issue as a field error, in the editor's own words (amounts in yuan, ratios in %). */
function issueToError(path: string, issue: z.core.$ZodIssue): FieldError {
  if (issue.code === "custom") return { key: issue.message };
  const small = issue.code === "too_small";
  const big = issue.code === "too_big";
  if (path === "priceFen") return big ? { key: "priceCap" } : { key: "pricePositive" };
  if (path.endsWith("ratioBp")) return { key: "ratioRange" };
  if (path === "config.timeoutSeconds") return { key: "timeoutRange" };
  if (path === "items" && (small || big)) return small ? { key: "itemsMin" } : { key: "itemsMax", params: { max: 10 } };
  if (path === "name" || path.endsWith(".name")) return small ? { key: "required" } : big ? { key: "tooLong", params: { max: Number(issue.maximum) } } : { key: "invalid" };
  if (MONEY_PATHS.test(path) && big) return { key: "amountMax", params: { maxFen: Number(issue.maximum) } };
  if (small) return { key: "min", params: { min: Number(issue.minimum) } };
  if (big) return { key: "max", params: { max: Number(issue.maximum) } };
  return { key: "invalid" };
}

const NAME_MAX = 60;

/**
 * A refused name (the activity's or an item's) in words: the schema cleans text and says only that it
 * is not 1–60 clean characters, so the text itself tells empty from too long.
 */
function nameError(path: string, candidate: { name: string; items: { name: string }[] }): FieldError | null {
  const m = /^(?:name|items\.(\d+)\.name)$/.exec(path);
  if (!m) return null;
  const text = (m[1] === undefined ? candidate.name : candidate.items[Number(m[1])]?.name) ?? "";
  if (!text.trim()) return { key: "required" };
  if ([...text.trim()].length > NAME_MAX) return { key: "tooLong", params: { max: NAME_MAX } };
  return { key: "invalid" };
}

/**
 * Validates the whole form: parse errors first (a field that did not parse reports that, not a
 * range), then ActivityInputSchema. Returns the input to send when there is no error.
 */
export function validateActivityForm(form: ActivityForm) {
  const { candidate, errors } = parseActivityForm(form);
  const result = ActivityInputSchema.safeParse(candidate);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const path = issue.path.join(".");
      if (!errors[path]) errors[path] = nameError(path, candidate) ?? issueToError(path, issue);
    }
  }
  const ok = result.success && Object.keys(errors).length === 0;
  return { candidate, errors, ok };
}
