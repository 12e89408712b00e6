/** The shape of a masked destination as the API sends it. */
export interface MaskedDestinationView {
  kind: "alipay" | "bank_card" | "wechat";
  bankCode: string | null;
  account: string;
  holderName: string;
}

type Translate = (key: string) => string;

/**
 * "支付宝 138****8000" / "招商银行 **** 1234" / "微信零钱 oAbc****wxyz": how a destination reads anywhere in the app. `t` reads
 * the `payoutAccounts` namespace, `bank` the `payoutBanks` one.
 */
export function destinationText(d: MaskedDestinationView, t: Translate, bank: Translate): string {
  const name = d.kind === "alipay" ? t("alipay") : d.kind === "wechat" ? t("wechat") : d.bankCode ? bank(d.bankCode) : t("bankCard");
  return `${name} ${d.account}`;
}
