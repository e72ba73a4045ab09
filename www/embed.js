// Host-page helper for Shardlane embeds: include it once on a page with Shardlane iframes and
// each `<iframe data-shardlane>` takes the height its content asks for. A message counts only when
// it comes from one of those iframes (event.source) and from the origin its src names, so no other
// frame on the page can resize anything. Without this script an iframe keeps its HTML height.
(() => {
  const originOf = (frame) => {
    try {
      return new URL(frame.getAttribute('src') || '', location.href).origin;
    } catch {
      return null;
    }
  };
  window.addEventListener('message', (event) => {
    const data = event.data;
    if (!data || data.type !== 'shardlane:resize' || typeof data.height !== 'number') return;
    for (const frame of document.querySelectorAll('iframe[data-shardlane]')) {
      if (frame.contentWindow === event.source && originOf(frame) === event.origin) {
        const height = Math.max(120, Math.min(Math.round(data.height), 20000));
        frame.style.height = `${height}px`;
        frame.dataset.shardlaneHeight = String(height);
      }
    }
  });
})();
