import { formatSeconds } from '../i18n/format';

/**
 * A model's lengths to choose from, each said by the one formatter ("5 seconds", "5 秒"), never
 * the catalogue's raw "5s". Continue and Storyboard use it; New render's own field also keeps
 * a length the model no longer offers visible.
 */
export function DurationSelect<D extends string>(props: {
  id: string;
  label: string;
  value: D;
  durations: readonly D[];
  onChange: (duration: D) => void;
}) {
  const { id, label, value, durations, onChange } = props;
  return (
    <div className="field">
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      <select
        id={id}
        value={value}
        onChange={(event) => {
          const chosen = durations.find((d) => d === event.target.value);
          if (chosen !== undefined) onChange(chosen);
        }}
      >
        {durations.map((d) => (
          <option key={d} value={d}>
            {formatSeconds(d)}
          </option>
        ))}
      </select>
    </div>
  );
}
