/** The AI summary window (opened by the card's "Summarize with on-device AI"): wiring only. */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { AiSummaryView } from '../../components/ai/AiSummaryView';
import { runAiSummary, startAiSummary, summarizerApi, type AiState } from '../../utils/catalog/insights/ai-run';
import { reasonOfError } from '../../utils/platform/errors';
import { reasonText, uiDirection, uiLocale } from '../../utils/platform/i18n';
import type { AiSummaryInput } from '../../utils/platform/messages';
import { request } from '../../utils/platform/request';
import '../../components/shared/base.css';

document.documentElement.lang = uiLocale() ?? 'en';
document.documentElement.dir = uiDirection();

function App({ productId }: { productId: string }) {
  const [input, setInput] = useState<AiSummaryInput | null>(null);
  const [state, setState] = useState<AiState>({ kind: 'checking' });
  useEffect(() => {
    request((m) => browser.runtime.sendMessage(m), { type: 'ai-summary-input', productId })
      .then((loaded) => {
        setInput(loaded);
        if (loaded) document.title = loaded.title;
        return startAiSummary(loaded, summarizerApi(), setState);
      })
      .catch((error: unknown) => setState({ kind: 'failed', message: reasonText(reasonOfError(error)) }));
  }, [productId]);
  const api = summarizerApi();
  return <AiSummaryView input={input} state={state} onStart={() => input && api && void runAiSummary(input, api, setState)} />;
}

const productId = new URLSearchParams(location.search).get('product');
const root = document.getElementById('app');
if (root && productId) render(<App productId={productId} />, root);
