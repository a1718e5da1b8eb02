/**
 * Contact and shipping form for one merchant's checkout. Controlled: values and errors come in as
 * props, every keystroke goes out through onChange. Errors are i18n keys shown under their field.
 */
import type { TargetedEvent, TargetedSubmitEvent } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import {
  POSTAL_CODE_EXAMPLES,
  requiresPostalCode,
  requiresRegion,
  type ContactErrors,
  type ContactField,
  type Country,
} from '../../utils/checkout/contact';
import { formatMoney } from '../../utils/platform/format';
import type { Money } from '../../utils/platform/money';
import { t } from '../../utils/platform/i18n';

export interface CheckoutFormProps {
  merchantName: string;
  values: Record<ContactField, string>;
  errors: ContactErrors;
  /** Localized and sorted country options. */
  countries: readonly Country[];
  submitting: boolean;
  /** Changes on every rejected submit; focus then moves to the first invalid field. */
  errorRound?: number;
  subtotals?: readonly Money[];
  /** Replaces "Place order" (several merchants, or trying again). */
  submitLabel?: string;
  locale?: string;
  onChange: (field: ContactField, value: string) => void;
  onSubmit: () => void;
  onForget: () => void;
  onBack: () => void;
}

interface FieldSpec {
  field: Exclude<ContactField, 'country'>;
  label: string;
  type: 'text' | 'email' | 'tel';
  autocomplete: string;
  required: (country: string) => boolean;
}

const always = () => true;
const never = () => false;

// Visual and tab order; country comes before region and postal code, whose rules depend on it.
const BEFORE_COUNTRY: FieldSpec[] = [
  { field: 'email', label: 'fieldEmail', type: 'email', autocomplete: 'email', required: always },
  { field: 'firstName', label: 'fieldFirstName', type: 'text', autocomplete: 'shipping given-name', required: always },
  { field: 'lastName', label: 'fieldLastName', type: 'text', autocomplete: 'shipping family-name', required: always },
  { field: 'address1', label: 'fieldAddress1', type: 'text', autocomplete: 'shipping address-line1', required: always },
  { field: 'address2', label: 'fieldAddress2', type: 'text', autocomplete: 'shipping address-line2', required: never },
  { field: 'city', label: 'fieldCity', type: 'text', autocomplete: 'shipping address-level2', required: always },
];
const AFTER_COUNTRY: FieldSpec[] = [
  { field: 'region', label: 'fieldRegion', type: 'text', autocomplete: 'shipping address-level1', required: requiresRegion },
  {
    field: 'postalCode',
    label: 'fieldPostalCode',
    type: 'text',
    autocomplete: 'shipping postal-code',
    required: requiresPostalCode,
  },
  { field: 'phone', label: 'fieldPhone', type: 'tel', autocomplete: 'tel', required: never },
];

export const fieldId = (field: ContactField) => `pc-field-${field}`;
export const errorId = (field: ContactField) => `pc-field-${field}-error`;
const hintId = (field: ContactField) => `pc-field-${field}-hint`;

function describedBy(...ids: Array<string | false | undefined>): string | undefined {
  const list = ids.filter((id): id is string => !!id);
  return list.length > 0 ? list.join(' ') : undefined;
}

export function CheckoutForm(props: CheckoutFormProps) {
  const { merchantName, values, errors, countries, submitting, errorRound = 0, subtotals = [], locale } = props;
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    if (errorRound === 0) return;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [errorRound]);

  const onSubmit = (event: TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    props.onSubmit();
  };
  const hasErrors = Object.values(errors).some(Boolean);
  const country = values.country;

  const renderField = (spec: FieldSpec) => {
    const error = errors[spec.field];
    const example = spec.field === 'postalCode' ? POSTAL_CODE_EXAMPLES[country] : undefined;
    const attributes = {
      id: fieldId(spec.field),
      name: spec.field,
      autocomplete: spec.autocomplete,
      value: values[spec.field],
      required: spec.required(country),
      // Emails and phone numbers read left to right even in a right-to-left UI; names and
      // addresses take the direction of what is typed.
      dir: spec.type === 'text' ? ('auto' as const) : ('ltr' as const),
      'aria-invalid': error ? ('true' as const) : undefined,
      'aria-describedby': describedBy(error && errorId(spec.field), example && hintId(spec.field)),
      onInput: (event: TargetedEvent<HTMLInputElement>) => props.onChange(spec.field, event.currentTarget.value),
    };
    return (
      <div class="pc-field" key={spec.field}>
        <label for={fieldId(spec.field)}>{t(spec.label)}</label>
        {spec.type === 'email' ? (
          <input type="email" {...attributes} />
        ) : spec.type === 'tel' ? (
          <input type="tel" {...attributes} />
        ) : (
          <input type="text" {...attributes} />
        )}
        {example && (
          <p class="pc-hint" id={hintId(spec.field)}>
            {t('fieldPostalCodeExample', example)}
          </p>
        )}
        {error && (
          <p class="pc-field-error" id={errorId(spec.field)}>
            {t(error)}
          </p>
        )}
      </div>
    );
  };

  const countryError = errors.country;
  return (
    <form class="pc-checkout" ref={formRef} noValidate onSubmit={onSubmit} aria-labelledby="pc-checkout-title">
      <div class="pc-checkout-head">
        <button type="button" class="pc-button pc-link" onClick={props.onBack} disabled={submitting}>
          {t('checkoutBack')}
        </button>
        <h2 id="pc-checkout-title" class="pc-group-title">
          {t('checkoutHeading', merchantName)}
        </h2>
        {subtotals.length > 0 && (
          <dl class="pc-subtotals">
            <dt>{t('cartSubtotal')}</dt>
            {subtotals.map((subtotal) => (
              <dd key={subtotal.currency} data-currency={subtotal.currency}>
                {formatMoney(subtotal, locale)}
              </dd>
            ))}
          </dl>
        )}
      </div>

      {hasErrors && (
        <p class="pc-form-alert" role="alert">
          {t('checkoutFixErrors')}
        </p>
      )}

      {BEFORE_COUNTRY.map(renderField)}
      <div class="pc-field">
        <label for={fieldId('country')}>{t('fieldCountry')}</label>
        <select
          id={fieldId('country')}
          name="country"
          autocomplete="shipping country"
          value={country}
          required
          aria-invalid={countryError ? 'true' : undefined}
          aria-describedby={describedBy(countryError && errorId('country'))}
          onChange={(event) => props.onChange('country', event.currentTarget.value)}
        >
          <option value="">{t('fieldCountryChoose')}</option>
          {countries.map((option) => (
            <option key={option.code} value={option.code}>
              {option.name}
            </option>
          ))}
        </select>
        {countryError && (
          <p class="pc-field-error" id={errorId('country')}>
            {t(countryError)}
          </p>
        )}
      </div>
      {AFTER_COUNTRY.map(renderField)}

      <p class="pc-muted pc-small">{t('checkoutPrivacy', merchantName)}</p>
      <div class="pc-actions">
        <button type="submit" class="pc-button pc-primary pc-wide" disabled={submitting} aria-busy={submitting}>
          {props.submitLabel ?? t('checkoutPlaceOrder')}
        </button>
        <p class="pc-muted pc-small" role="status">
          {submitting ? t('checkoutPlacing') : ''}
        </p>
        {/* Always offered: it also clears what was typed but not saved yet. */}
        <button type="button" class="pc-button pc-link" onClick={props.onForget} disabled={submitting}>
          {t('checkoutForget')}
        </button>
      </div>
    </form>
  );
}
