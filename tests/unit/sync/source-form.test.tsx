// @vitest-environment happy-dom
import { render } from 'preact';
import { describe, expect, it } from 'vitest';
import { SourceForm, SourceList } from '@/components/options/Sources';
import { EMPTY_SOURCE_FORM, merchantIdFromName, validateSourceForm } from '@/utils/sync/source-form';
import { newSourceState } from '@/utils/sync/source';
import { originPattern } from '@/utils/platform/urls';
import { because } from '../fixtures';

describe('the source form', () => {
  it('turns a Postcart feed address into a source', () => {
    expect(validateSourceForm({ ...EMPTY_SOURCE_FORM, url: ' https://feeds.example/v1/feed ' })).toEqual({
      ok: true,
      source: { kind: 'postcart', url: 'https://feeds.example/v1/feed', label: '', currency: null, merchant: null },
    });
  });

  it('allows plain http only to this machine', () => {
    expect(validateSourceForm({ ...EMPTY_SOURCE_FORM, url: 'http://127.0.0.1:8787/v1/feed' }).ok).toBe(true);
    const remote = validateSourceForm({ ...EMPTY_SOURCE_FORM, url: 'http://feeds.example/v1/feed' });
    expect(remote).toEqual({ ok: false, errors: { url: because('errSourceUrl') } });
    expect(validateSourceForm({ ...EMPTY_SOURCE_FORM, url: 'javascript:alert(1)' }).ok).toBe(false);
  });

  it('asks a Shopify store for its currency and merchant, next to those fields', () => {
    const result = validateSourceForm({ ...EMPTY_SOURCE_FORM, kind: 'shopify', url: 'https://shop.example' });
    expect(result).toEqual({ ok: false, errors: { currency: because('errSourceCurrency'), merchantName: because('errSourceMerchant') } });
    const ok = validateSourceForm({ ...EMPTY_SOURCE_FORM, kind: 'shopify', url: 'https://shop.example', currency: 'eur', merchantName: 'Maison Lune' });
    expect(ok).toMatchObject({ ok: true, source: { currency: 'EUR', merchant: { id: 'maison-lune', name: 'Maison Lune' } } });
  });

  it('makes readable merchant ids and host patterns', () => {
    expect(merchantIdFromName('Café Ñandú & Co.')).toBe('cafe-nandu-co');
    expect(originPattern('https://shop.example:8443/products.json')).toBe('https://shop.example/*');
  });

  it('renders errors next to their fields and the check result', () => {
    const root = document.createElement('div');
    render(
      <SourceForm
        values={{ ...EMPTY_SOURCE_FORM, kind: 'shopify' }}
        errors={{ url: because('errSourceUrl') }}
        check={{ ok: true, records: 12, skipped: 1, reasons: [], error: null }}
        busy={false}
        onChange={() => undefined}
        onCheck={() => undefined}
        onAdd={() => undefined}
      />,
      root,
    );
    const url = root.querySelector('#src-url')!;
    expect(url.getAttribute('aria-invalid')).toBe('true');
    expect(root.querySelector(`#${url.getAttribute('aria-describedby')}`)?.textContent).toBe('Use an https:// address (http:// only for 127.0.0.1 or localhost)');
    expect(root.querySelector('#src-currency')).not.toBeNull();
    expect(root.querySelector('[role="status"]')?.textContent).toContain('12');
  });

  it('lists sources with progress, errors and skip reasons, and no remove button for the demo', () => {
    const root = document.createElement('div');
    const syncing = { ...newSourceState({ id: 'a', kind: 'postcart', url: 'https://a.example/v1/feed' }), status: 'syncing' as const, progress: { done: 40, total: 100 } };
    const failed = {
      ...newSourceState({ id: 'b', kind: 'postcart', url: 'https://b.example/v1/feed' }),
      status: 'error' as const,
      error: because('errHttpStatus', 'b.example', 503),
      lastRun: { at: 0, applied: 3, skipped: 2, reasons: [{ kind: 'products' as const, path: 'url', reason: because('skipUrlNotHttps'), count: 2, example: 'b:1' }], bytes: 10, ok: false, note: null },
    };
    const demo = newSourceState({ id: 'demo', kind: 'postcart', url: 'chrome-extension://x/demo-catalog.json' });
    render(<SourceList sources={[syncing, failed, demo]} busy={new Set()} onSync={() => undefined} onRemove={() => undefined} />, root);
    const items = root.querySelectorAll('li.pc-group');
    expect(items).toHaveLength(3);
    expect(items[1]!.querySelector('[role="alert"]')?.textContent).toBe('b.example answered with error 503');
    expect(items[1]!.textContent).toContain('2 products skipped at “url”: not an https address (first: b:1)');
    expect(items[2]!.querySelectorAll('button')).toHaveLength(0);
  });
});
