// Inside an embed (embed=1 in the fragment or query), tell the host page our height whenever it
// changes, so www/embed.js can size the iframe: {type: "shardlane:resize", height}.
(() => {
  const embedded = window.parent !== window && /(^|[#&?])embed=(1|true)(&|$)/.test(location.hash + '&' + location.search);
  if (!embedded) return;
  let last = 0;
  const post = () => {
    // The body's own height: the document's would never shrink below the iframe's current size.
    const height = Math.ceil(document.body.getBoundingClientRect().height);
    if (height !== last) {
      last = height;
      window.parent.postMessage({ type: 'shardlane:resize', height }, '*');
    }
  };
  new ResizeObserver(post).observe(document.body);
  window.addEventListener('load', post);
})();
