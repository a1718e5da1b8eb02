// Benchmark floor: for every post added to the feed container, append a plain button. No
// lookups, no shadow root, no framework: what any overlay costs at the very least.
(() => {
  const match = /#floor=([^&]+)/.exec(location.hash);
  if (!match) return;
  const container = decodeURIComponent(match[1]);
  const done = new WeakSet();
  const scan = () => {
    for (const post of document.querySelectorAll(`${container} > *`)) {
      if (done.has(post)) continue;
      done.add(post);
      const button = document.createElement('button');
      button.className = 'floor-buy';
      button.textContent = 'Buy';
      post.append(button);
    }
  };
  new MutationObserver(scan).observe(document.documentElement, { childList: true, subtree: true });
  scan();
})();
