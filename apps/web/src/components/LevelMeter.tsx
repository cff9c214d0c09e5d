interface LevelMeterProps {
  /** 0..1 */
  level: number;
  label: string;
  testId?: string;
}

/** A horizontal loudness bar; exposes its value as an ARIA meter for screen readers and tests. */
export function LevelMeter({ level, label, testId }: LevelMeterProps) {
  const percent = Math.round(Math.min(1, Math.max(0, level)) * 100);
  return (
    <div
      className="level-meter"
      role="meter"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      data-testid={testId}
      data-level={percent}
    >
      <div className="level-meter-fill" style={{ width: `${percent}%` }} />
    </div>
  );
}
