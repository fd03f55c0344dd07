import { useTranslation } from 'react-i18next';
import { formatCredits } from '../../format';
import type { SpentBar } from './spent-series';

const WIDTH = 640;
const HEIGHT = 180;
const LABEL_SPACE = 22;

/**
 * A small bar chart in plain SVG (no chart library). It is a picture for sighted users; the
 * table beside it carries the same numbers for everyone, so the SVG has one text alternative.
 */
export function SpentChart({
  bars,
  caption,
  emptyNote,
}: {
  bars: SpentBar[];
  caption: string;
  /** Shown over the empty chart when the period has no spending (the table says it too). */
  emptyNote?: string | undefined;
}) {
  const { t } = useTranslation('spent');
  const max = Math.max(0, ...bars.map((bar) => bar.credits));
  const slot = WIDTH / Math.max(1, bars.length);
  const barWidth = Math.max(4, Math.min(40, slot * 0.6));
  const plotHeight = HEIGHT - LABEL_SPACE - 14;
  // Label every bar when they fit, else every other one.
  const labelEvery = slot < 44 ? 2 : 1;
  return (
    <figure className="spent-chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={t('chartLabel', { caption, credits: formatCredits(max) })}
      >
        <line
          className="spent-axis"
          x1={0}
          x2={WIDTH}
          y1={HEIGHT - LABEL_SPACE}
          y2={HEIGHT - LABEL_SPACE}
        />
        {bars.map((bar, index) => {
          const height = max === 0 ? 0 : (bar.credits / max) * plotHeight;
          const x = index * slot + (slot - barWidth) / 2;
          const y = HEIGHT - LABEL_SPACE - height;
          return (
            <g key={bar.key}>
              <rect className="spent-bar" x={x} y={y} width={barWidth} height={height} rx={2}>
                <title>
                  {t('barTitle', { label: bar.label, credits: formatCredits(bar.credits) })}
                </title>
              </rect>
              {index % labelEvery === (bars.length - 1) % labelEvery && (
                <text
                  className="spent-label"
                  x={x + barWidth / 2}
                  y={HEIGHT - 6}
                  textAnchor="middle"
                >
                  {bar.label}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      {emptyNote && (
        <p className="spent-chart-empty" aria-hidden="true">
          {emptyNote}
        </p>
      )}
      <figcaption className="visually-hidden">{caption}</figcaption>
    </figure>
  );
}
