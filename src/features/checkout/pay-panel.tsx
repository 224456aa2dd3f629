"use client";

import { Button } from "@/components/button";
import { Notice } from "@/components/notice";
import { Skeleton } from "@/components/skeleton";
import { errorMessage } from "@/lib/errors";
import { formatPoints, formatWon } from "@/lib/format";
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
  const shortBy = pointsShort(total, balance);
  return (
    <section className="card pay" aria-labelledby="pay-title">
      <h2 className="section-title" id="pay-title">
        Pay with points
      </h2>
      <dl className="pay__balance">
        <div>
          <dt>Your balance</dt>
          <dd data-testid="balance">
            {balance === undefined ? <Skeleton height={20} width={100} /> : formatPoints(balance)}
          </dd>
        </div>
        <div>
          <dt>{shortBy > 0 ? "Missing" : "After paying"}</dt>
          <dd className={shortBy > 0 ? "text-danger" : ""}>
            {balance === undefined ? (
              <Skeleton height={20} width={100} />
            ) : (
              formatPoints(shortBy > 0 ? shortBy : balance - total)
            )}
          </dd>
        </div>
      </dl>

      {shortBy > 0 ? (
        <>
          <Notice tone="warning" title="Not enough points yet">
            Charge at least {formatPoints(shortBy)} to pay for these seats. Your seats stay held while you do.
          </Notice>
          <ChargeForm suggested={shortBy} onCharged={onCharged} />
        </>
      ) : null}

      {payProblem ? <Notice tone="danger">{errorMessage(payProblem)}</Notice> : null}

      <Button size="lg" block disabled={balance === undefined || shortBy > 0} busy={paying} onClick={onPay}>
        Pay {formatWon(total)}
      </Button>
      <p className="muted pay__fineprint">Paying confirms your seats at once and ends your turn in line.</p>
    </section>
  );
}
