import { BudgetSettingsButton } from './BudgetSettingsButton';
import './budget-reasons.css';

/** Why a render (or set) needs the user's OK against Settings → Budget, and where the caps are. */
export function BudgetReasons({ reasons }: { reasons: readonly string[] }) {
  return (
    <>
      <ul className="budget-reasons">
        {reasons.map((reason) => (
          <li key={reason}>{reason}</li>
        ))}
      </ul>
      <p>
        <BudgetSettingsButton />
      </p>
    </>
  );
}
