// Shows the code of a pairing link (/pair#code=ABCD2345). The code is in the fragment, so it never
// reached the server with this page's request; it is only shown, as text.
'use strict';
const match = /(?:^#|&)code=([A-Za-z0-9]{8})(?:&|$)/.exec(location.hash);
const box = document.getElementById('code');
if (match && box) {
  const code = match[1].toUpperCase();
  box.textContent = `${code.slice(0, 4)}-${code.slice(4)}`;
}
