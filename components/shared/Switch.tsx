/** An on/off switch (WAI-ARIA switch role) with its label and a hint it is described by. Render only. */

export interface SwitchProps {
  label: string;
  hint: string;
  /** Id of the hint element; ids must be unique per page. */
  hintId: string;
  /** A visible hint (a paragraph under the switch) or one only for assistive technology. */
  hintVisible: boolean;
  checked: boolean;
  disabled: boolean;
  className: string;
  onChange: (checked: boolean) => void;
}

export function Switch({ label, hint, hintId, hintVisible, checked, disabled, className, onChange }: SwitchProps) {
  return (
    <div class={className}>
      <button
        type="button"
        role="switch"
        class="pc-switch"
        aria-checked={checked ? 'true' : 'false'}
        aria-describedby={hintId}
        disabled={disabled}
        onClick={() => onChange(!checked)}
      >
        <span class="pc-switch-label">{label}</span>
        {/* The track is decoration; the state is in aria-checked. */}
        <span class="pc-switch-track" aria-hidden="true">
          <span class="pc-switch-thumb" />
        </span>
      </button>
      {hintVisible ? (
        <p id={hintId} class="pc-small pc-muted">
          {hint}
        </p>
      ) : (
        <span id={hintId} class="pc-visually-hidden">
          {hint}
        </span>
      )}
    </div>
  );
}
