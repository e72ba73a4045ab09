// Host-page helper for Shardlane embeds: include it once on a page with Shardlane iframes and
// each iframe takes the height its content asks for. Messages are matched to the iframe that sent
// them (event.source), so several embeds on one page size independently. Without this script an
// iframe simply keeps the height its HTML gives it.
(() => {
  window.addEventListener('message', (event) => {
    const data = event.data;
    if (!data || data.type !== 'shardlane:resize' || typeof data.height !== 'number') return;
    for (const frame of document.querySelectorAll('iframe')) {
      if (frame.contentWindow === event.source) {
        const height = Math.max(120, Math.min(Math.round(data.height), 20000));
        frame.style.height = `${height}px`;
        frame.dataset.shardlaneHeight = String(height);
      }
    }
  });
})();
