// Benchmark floor: for every post added to the feed container, append a plain button. No
// lookups, no shadow root, no framework: what any overlay costs at the very least.
// With `ask=1` in the fragment it first asks its background worker about each batch of new posts
// (which answers at once): the least an overlay that looks posts up in its worker can cost.
(() => {
  const match = /#floor=([^&]+)(&ask=1)?/.exec(location.hash);
  if (!match) return;
  const container = decodeURIComponent(match[1]);
  const ask = Boolean(match[2]);
  const done = new WeakSet();
  const addButton = (post) => {
    const button = document.createElement('button');
    button.className = 'floor-buy';
    button.textContent = 'Buy';
    post.append(button);
  };
  const scan = () => {
    const fresh = [];
    for (const post of document.querySelectorAll(`${container} > *`)) {
      if (done.has(post)) continue;
      done.add(post);
      fresh.push(post);
    }
    if (!ask) fresh.forEach(addButton);
    else if (fresh.length) {
      void chrome.runtime.sendMessage({ posts: fresh.length }).then(() => {
        for (const post of fresh) if (post.isConnected) addButton(post);
      });
    }
  };
  new MutationObserver(scan).observe(document.documentElement, { childList: true, subtree: true });
  scan();
})();
