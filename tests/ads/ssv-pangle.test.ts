import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { nonceFromCustomData } from "@/server/domain/ads/ssv/network-callback";
import { pangleAnswer, pangleSign, verifyPangle } from "@/server/domain/ads/ssv/pangle";

// Pangle signs only the transaction id; these tests build callbacks the way Pangle sends them.
const KEY = "mock_key";

function callback(over: Record<string, string | undefined> = {}): string {
  const params: Record<string, string | undefined> = {
    user_id: "u_42",
    trans_id: "tx-0001",
    reward_amount: "10",
    reward_name: "points",
    extra: "nonce-abc",
    ...over,
  };
  if (!("sign" in over)) params.sign = pangleSign(KEY, params.trans_id ?? "");
  return Object.entries(params)
    .filter((e): e is [string, string] => e[1] !== undefined)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join("&");
}

/** The same query with one character of one parameter's value replaced by a different one. */
function flipValueChar(query: string, name: string, index: number): string {
  return query
    .split("&")
    .map((pair) => {
      if (!pair.startsWith(`${name}=`)) return pair;
      const at = name.length + 1 + index;
      const c = pair[at] ?? "";
      const other = c === "0" ? "1" : "0";
      return pair.slice(0, at) + other + pair.slice(at + 1);
    })
    .join("&");
}

describe("pangleSign", () => {
  it("matches the published test vector (key mock_key, trans_id 1)", () => {
    const expected = "ebdc5645bc6245819fec2324789a363865272926cd0f8e4e88a993bd7fe3ba81";
    expect(createHash("sha256").update("mock_key:1").digest("hex")).toBe(expected);
    expect(pangleSign("mock_key", "1")).toBe(expected);
  });
});

describe("verifyPangle", () => {
  it("passes a validly signed callback and reports its fields", () => {
    expect(verifyPangle(callback(), KEY)).toEqual({
      ok: true,
      callback: { network: "pangle", transactionId: "tx-0001", userId: "u_42", nonce: "nonce-abc", rewardAmount: 10, rewardItem: "points" },
    });
  });

  it("accepts the test vector as a whole callback", () => {
    const q = "user_id=7&trans_id=1&reward_amount=1&reward_name=coin&extra=n1&sign=ebdc5645bc6245819fec2324789a363865272926cd0f8e4e88a993bd7fe3ba81";
    expect(verifyPangle(q, "mock_key").ok).toBe(true);
    expect(verifyPangle(q, "other_key")).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("fails when any byte of trans_id is changed", () => {
    const q = callback();
    for (let i = 0; i < "tx-0001".length; i++) {
      expect(verifyPangle(flipValueChar(q, "trans_id", i), KEY), `trans_id[${i}]`).toEqual({ ok: false, reason: "bad_signature" });
    }
  });

  it("fails when any byte of sign is changed", () => {
    const q = callback();
    for (let i = 0; i < 64; i++) {
      expect(verifyPangle(flipValueChar(q, "sign", i), KEY), `sign[${i}]`).toEqual({ ok: false, reason: "bad_signature" });
    }
  });

  it("fails with missing_param when sign is absent", () => {
    expect(verifyPangle(callback({ sign: undefined }), KEY)).toEqual({ ok: false, reason: "missing_param" });
  });

  it("fails with missing_param when user_id, trans_id or extra is absent or empty", () => {
    for (const name of ["user_id", "trans_id", "extra"]) {
      expect(verifyPangle(callback({ [name]: undefined }), KEY), name).toEqual({ ok: false, reason: "missing_param" });
      expect(verifyPangle(callback({ [name]: "" }), KEY), name).toEqual({ ok: false, reason: "missing_param" });
    }
  });

  it("verifies an uppercase hex sign", () => {
    const q = callback({ sign: pangleSign(KEY, "tx-0001").toUpperCase() });
    expect(verifyPangle(q, KEY).ok).toBe(true);
  });

  it("rejects a sign that is not 64 hex digits", () => {
    for (const sign of ["abc", pangleSign(KEY, "tx-0001") + "00", "z".repeat(64)]) {
      expect(verifyPangle(callback({ sign }), KEY)).toEqual({ ok: false, reason: "bad_signature" });
    }
  });

  it("takes the nonce from a JSON object in extra", () => {
    const result = verifyPangle(callback({ extra: JSON.stringify({ nonce: "view 9f3", source: "home" }) }), KEY);
    expect(result.ok && result.callback.nonce).toBe("view 9f3");
  });

  it("reports a missing reward as null and refuses a non-integer reward_amount", () => {
    const bare = verifyPangle(callback({ reward_amount: undefined, reward_name: undefined }), KEY);
    expect(bare.ok && [bare.callback.rewardAmount, bare.callback.rewardItem]).toEqual([null, null]);
    expect(verifyPangle(callback({ reward_amount: "1.5" }), KEY)).toEqual({ ok: false, reason: "malformed" });
  });

  it("refuses a repeated parameter or broken percent-encoding as malformed", () => {
    expect(verifyPangle(`${callback()}&user_id=someone_else`, KEY)).toEqual({ ok: false, reason: "malformed" });
    expect(verifyPangle(`${callback()}&x=%E0%A4%A`, KEY)).toEqual({ ok: false, reason: "malformed" });
  });
});

describe("pangleAnswer", () => {
  it("answers 200 with isValid either way", () => {
    expect(pangleAnswer(true)).toEqual({ status: 200, body: { isValid: true } });
    expect(pangleAnswer(false)).toEqual({ status: 200, body: { isValid: false } });
  });
});

describe("nonceFromCustomData", () => {
  it("reads a JSON object's string nonce, else the trimmed raw value", () => {
    expect(nonceFromCustomData('{"nonce": "abc 123"}')).toBe("abc 123");
    expect(nonceFromCustomData("  raw-nonce \n")).toBe("raw-nonce");
    expect(nonceFromCustomData('{"nonce": 5}')).toBe('{"nonce": 5}');
    expect(nonceFromCustomData('["nonce"]')).toBe('["nonce"]');
    expect(nonceFromCustomData("null")).toBe("null");
  });
});
