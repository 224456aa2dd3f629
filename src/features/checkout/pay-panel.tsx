"use client";

import { useTranslations } from "next-intl";
import { Button } from "@/components/button";
import { Notice } from "@/components/notice";
import { Skeleton } from "@/components/skeleton";
import { useErrorMessage } from "@/i18n/use-error-message";
import { useFormat } from "@/i18n/use-format";
import { ChargeForm } from "../points/charge-form";
import { pointsShort } from "./checkout-phase";

/** The balance against the total, a charge of what is missing, and the pay button. */
export function PayPanel({
  total,
  balance,
  payProblem,
  paying,
  onCharged,
  onPay,
}: {
  total: number;
  /** Undefined while loading. */
  balance: number | undefined;
  payProblem: unknown;
  paying: boolean;
  onCharged: () => void;
  onPay: () => void;
}) {
  const t = useTranslations("checkout");
  const errors = useErrorMessage();
  const f = useFormat();
  const shortBy = pointsShort(total, balance);
  return (
    <section className="card pay" aria-labelledby="pay-title">
      <h2 className="section-title" id="pay-title">
        {t("payTitle")}
      </h2>
      <dl className="pay__balance">
        <div>
          <dt>{t("balance")}</dt>
          <dd data-testid="balance">
            {balance === undefined ? <Skeleton height={20} width={100} /> : f.points(balance)}
          </dd>
        </div>
        <div>
          <dt>{shortBy > 0 ? t("missingPoints") : t("afterPaying")}</dt>
          <dd className={shortBy > 0 ? "text-danger" : ""}>
            {balance === undefined ? (
              <Skeleton height={20} width={100} />
            ) : (
              f.points(shortBy > 0 ? shortBy : balance - total)
            )}
          </dd>
        </div>
      </dl>

      {shortBy > 0 ? (
        <>
          <Notice tone="warning" title={t("notEnoughTitle")}>
            {t("notEnoughText", { points: f.points(shortBy) })}
          </Notice>
          <ChargeForm suggested={shortBy} onCharged={onCharged} />
        </>
      ) : null}

      {payProblem ? <Notice tone="danger">{errors.message(payProblem)}</Notice> : null}

      <Button size="lg" block disabled={balance === undefined || shortBy > 0} busy={paying} onClick={onPay}>
        {t("pay", { amount: f.won(total) })}
      </Button>
      <p className="muted pay__fineprint">{t("fineprint")}</p>
    </section>
  );
}
