// The seller page: sign in with a seller token or the admin secret (kept in this variable only),
// make pairing codes, list and revoke tokens. Everything shown is set as text, never as HTML.
'use strict';
let secret = '';
let timer = 0;
const $ = (id) => document.getElementById(id);

async function call(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: { authorization: `Bearer ${secret}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
    cache: 'no-store',
    credentials: 'omit',
  });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(data.error || `the server answered ${response.status}`);
  return data;
}

function show(id, message) {
  const element = $(id);
  element.textContent = message;
  element.hidden = !message;
}

async function signIn(event) {
  event.preventDefault();
  secret = $('secret').value.trim();
  show('sign-in-error', '');
  try {
    const { merchants } = await call('GET', '/v1/seller/merchants');
    const select = $('merchant');
    select.replaceChildren(...merchants.map((merchant) => new Option(`${merchant.name} (${merchant.id})`, merchant.id)));
    $('secret').value = '';
    $('sign-in').hidden = true;
    $('pairing').hidden = false;
    await listTokens();
  } catch (error) {
    secret = '';
    show('sign-in-error', `Could not sign in: ${error.message}`);
  }
}

async function newCode() {
  show('pairing-error', '');
  try {
    const code = await call('POST', '/v1/seller/pairing-codes', { merchantId: $('merchant').value });
    $('code').textContent = code.code;
    $('link').textContent = code.link;
    $('code-box').hidden = false;
    const ends = Date.parse(code.expiresAt);
    clearInterval(timer);
    const tick = () => {
      const left = Math.max(0, Math.round((ends - Date.now()) / 1000));
      $('expiry').textContent = left > 0 ? `Expires in ${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}` : 'Expired: make a new code.';
      if (left === 0) clearInterval(timer);
    };
    tick();
    timer = setInterval(tick, 1000);
  } catch (error) {
    show('pairing-error', `No code: ${error.message}`);
  }
}

async function listTokens() {
  const merchantId = $('merchant').value;
  const { tokens } = await call('GET', `/v1/seller/tokens?merchantId=${encodeURIComponent(merchantId)}`);
  const rows = tokens.map((token) => {
    const row = document.createElement('tr');
    for (const text of [token.id, token.label || '-', token.device || '-', new Date(token.createdAt).toLocaleString()]) {
      const cell = document.createElement('td');
      cell.textContent = text;
      row.append(cell);
    }
    const cell = document.createElement('td');
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = token.current ? 'Revoke (this sign-in)' : 'Revoke';
    button.addEventListener('click', async () => {
      try {
        await call('POST', '/v1/seller/tokens/revoke', { id: token.id, merchantId });
        if (token.current) location.reload();
        else await listTokens();
      } catch (error) {
        show('pairing-error', `Not revoked: ${error.message}`);
      }
    });
    cell.append(button);
    row.append(cell);
    return row;
  });
  $('tokens').replaceChildren(...rows);
}

$('sign-in-form').addEventListener('submit', signIn);
$('new-code').addEventListener('click', newCode);
$('copy-link').addEventListener('click', () => navigator.clipboard?.writeText($('link').textContent));
$('merchant').addEventListener('change', () => {
  $('code-box').hidden = true;
  listTokens().catch((error) => show('pairing-error', error.message));
});
